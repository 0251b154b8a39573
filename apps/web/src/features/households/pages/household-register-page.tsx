import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { HOUSEHOLD_RELATIONS, type THouseholdInput, type THouseholdRelation } from '@canbao/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Form, Input, Radio, Row, Select, Space } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { errorMessage, fieldErrorsOf } from '../../../api/client';
import { UnitFilter } from '../../../components/list-filters';
import { PageHeader } from '../../../components/page-header';
import { useMe } from '../../auth/hooks/use-me';
import { createHousehold } from '../api';

type MemberValues = { relation: THouseholdRelation; name: string; documentNumber: string; phone?: string };
type Values = { hukouType: THouseholdInput['hukouType']; hukouAddress: string; note?: string; members: MemberValues[] };

const RELATION_OPTIONS = Object.entries(HOUSEHOLD_RELATIONS).map(([value, label]) => ({ value, label }));

/**
 * 登记家庭: the hukou type and address once, then each member with the relationship to the head — by ID number and
 * name; a number the unit already holds is that person, a new one is registered with the household. All or nothing.
 */
export function HouseholdRegisterPage() {
  const { message } = App.useApp();
  const { me } = useMe();
  const isUnit = me?.user.role === 'unit_operator';
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [unitId, setUnitId] = useState<string | undefined>();
  const [error, setError] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: (v: Values) =>
      createHousehold({
        hukouType: v.hukouType,
        hukouAddress: v.hukouAddress.trim(),
        ...(v.note?.trim() ? { note: v.note.trim() } : {}),
        ...(!isUnit && unitId ? { unitId } : {}),
        members: v.members.map((m) => ({
          relation: m.relation,
          person: { documentType: '01', documentNumber: m.documentNumber.trim(), name: m.name.trim(), hukouType: v.hukouType, ...(m.phone?.trim() ? { phone: m.phone.trim() } : {}) },
        })),
      }),
    onSuccess: (h) => {
      void message.success(`已登记 ${h.headName ?? ''} 一家 ${h.members.length} 人`);
      void queryClient.invalidateQueries({ queryKey: ['households'] });
      void queryClient.invalidateQueries({ queryKey: ['persons'] });
      void navigate(`/households/${h.id}`);
    },
    onError: (e) => {
      // Each member's refusal under its own field: members.2.person.documentNumber → members, 2, documentNumber.
      const fields = fieldErrorsOf(e)
        .map(({ path, message: m }) => {
          const hit = /^members\.(\d+)\.person\.(\w+)$/.exec(path);
          if (hit && ['name', 'documentNumber', 'phone'].includes(hit[2]!)) return { name: ['members', Number(hit[1]), hit[2]!], errors: [m] };
          if (path === 'hukouAddress' || path === 'hukouType') return { name: [path], errors: [m] };
          return null;
        })
        .filter((f): f is { name: (string | number)[]; errors: string[] } => f !== null);
      form.setFields(fields as Parameters<typeof form.setFields>[0]);
      setError(errorMessage(e, '登记失败'));
    },
  });
  return (
    <>
      <PageHeader title="登记家庭" backTo="/households" description="填写户籍信息和每名家庭成员；已在本单位登记的人员按证件号码直接加入，新人员随家庭一并登记。" />
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ hukouType: 'local_urban', members: [{ relation: 'head' }, { relation: 'spouse' }] }}
        onFinish={(v) => {
          setError(null);
          create.mutate(v);
        }}
      >
        <Card title="户籍信息" style={{ marginBottom: 16 }}>
          <Row gutter={16}>
            {!isUnit && (
              <Col xs={24} md={8}>
                <Form.Item label="登记单位" required>
                  <UnitFilter value={unitId ?? ''} onChange={(v) => setUnitId(v || undefined)} />
                </Form.Item>
              </Col>
            )}
            <Col xs={24} md={8}>
              <Form.Item name="hukouType" label="户籍类型" rules={[{ required: true, message: '请选择户籍类型' }]}>
                <Radio.Group
                  optionType="button"
                  options={[
                    { value: 'local_urban', label: '本市城镇' },
                    { value: 'local_rural', label: '本市农村' },
                    { value: 'nonlocal', label: '外地' },
                  ]}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={16}>
              <Form.Item name="hukouAddress" label="户籍地址" rules={[{ required: true, whitespace: true, message: '请填写户籍地址' }]}>
                <Input maxLength={200} placeholder="按户口簿填写" />
              </Form.Item>
            </Col>
            <Col xs={24}>
              <Form.Item name="note" label="说明">
                <Input maxLength={200} />
              </Form.Item>
            </Col>
          </Row>
        </Card>
        <Card title="家庭成员" style={{ marginBottom: 16 }}>
          <Form.List name="members">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f, i) => (
                  <Row gutter={12} key={f.key} align="top" data-testid="household-member-row">
                    <Col xs={24} md={4}>
                      <Form.Item name={[f.name, 'relation']} label={i === 0 ? '与户主关系' : undefined} rules={[{ required: true, message: '请选择关系' }]}>
                        <Select aria-label={`第 ${i + 1} 人与户主关系`} options={RELATION_OPTIONS} />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={5}>
                      <Form.Item name={[f.name, 'name']} label={i === 0 ? '姓名' : undefined} rules={[{ required: true, whitespace: true, message: '请填写姓名' }]}>
                        <Input aria-label={`第 ${i + 1} 人姓名`} maxLength={70} />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={8}>
                      <Form.Item name={[f.name, 'documentNumber']} label={i === 0 ? '居民身份证号码' : undefined} rules={[{ required: true, whitespace: true, message: '请填写证件号码' }]}>
                        <Input aria-label={`第 ${i + 1} 人证件号码`} maxLength={18} autoComplete="off" />
                      </Form.Item>
                    </Col>
                    <Col xs={20} md={5}>
                      <Form.Item name={[f.name, 'phone']} label={i === 0 ? '联系电话（可选）' : undefined}>
                        <Input aria-label={`第 ${i + 1} 人联系电话`} maxLength={20} />
                      </Form.Item>
                    </Col>
                    <Col xs={4} md={2}>
                      {fields.length > 1 && (
                        <Button type="text" icon={<MinusCircleOutlined />} aria-label={`移除第 ${i + 1} 人`} onClick={() => remove(f.name)} style={{ marginTop: i === 0 ? 30 : 0 }} />
                      )}
                    </Col>
                  </Row>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ relation: 'child' })} disabled={fields.length >= 20}>
                  添加成员
                </Button>
              </>
            )}
          </Form.List>
        </Card>
        {error && <Alert type="error" showIcon style={{ marginBottom: 16 }} title={error} data-testid="household-error" />}
        <Space style={{ display: 'flex', justifyContent: 'flex-end' }}>
          <Button onClick={() => void navigate('/households')}>取消</Button>
          <Button type="primary" htmlType="submit" loading={create.isPending} disabled={!isUnit && !unitId}>
            登记
          </Button>
        </Space>
      </Form>
    </>
  );
}
