import { parsePhoneNumber } from '@canbao/domain';
import { Alert, App, Col, Form, Input, Modal, Radio, Row, Typography, type FormRule } from 'antd';
import { useEffect, useState } from 'react';
import type { TCoordinator } from '@canbao/domain';
import { checkRule, textOrNull } from '../../../lib/check-rule';
import type { CoordinatorInput } from '../api';
import { useCoordinatorMutations } from '../hooks/use-units';
import { placeSubmitError } from '../submit-error';

interface CoordinatorFormValues {
  name: string;
  gender?: 'male' | 'female' | null;
  department?: string;
  title?: string;
  officePhone?: string;
  mobile?: string;
}

const FIELDS = ['name', 'gender', 'department', 'title', 'officePhone', 'mobile'] as const;

// The API wants a mobile here, not a landline (units.service.ts normalizeCoordinator).
const mobileRule: FormRule = checkRule((value) => {
  const r = parsePhoneNumber(value);
  if (!r.ok) return r;
  return r.kind === 'mobile' ? r : { ok: false, message: '请填写手机号码' };
});

// A coordinator must be reachable: an office phone, a mobile or both.
const atLeastOnePhoneRule: FormRule = ({ getFieldValue }) => ({
  validator: async (_rule, value: unknown) => {
    const office = getFieldValue('officePhone') as unknown;
    const isBlank = (v: unknown) => typeof v !== 'string' || v.trim() === '';
    if (isBlank(value) && isBlank(office)) throw new Error('请至少填写办公电话或手机中的一项');
  },
});

export type CoordinatorModalState = { mode: 'add' } | { mode: 'replace'; coordinator: TCoordinator } | null;

/**
 * Adds a coordinator (协管员), or replaces one: the API closes the old record (kept as history) and opens a new
 * one with what is entered here, so a changed phone or a new person both go through "更换".
 */
export function CoordinatorModal({ unitId, state, onClose }: { unitId: string; state: CoordinatorModalState; onClose: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<CoordinatorFormValues>();
  const { add, replace } = useCoordinatorMutations(unitId);
  const [submitError, setSubmitError] = useState<string | null>(null);
  const open = state !== null;
  const current = state?.mode === 'replace' ? state.coordinator : null;
  const saving = add.isPending || replace.isPending;

  useEffect(() => {
    if (!open) return;
    setSubmitError(null);
    form.resetFields();
    // Reset on opening only, so that a refetch of the list does not wipe what is being typed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, current?.id]);

  const onFinish = (values: CoordinatorFormValues) => {
    setSubmitError(null);
    const input: CoordinatorInput = {
      name: values.name.trim(),
      gender: values.gender ?? null,
      department: textOrNull(values.department),
      title: textOrNull(values.title),
      officePhone: textOrNull(values.officePhone),
      mobile: textOrNull(values.mobile),
    };
    const handlers = {
      onSuccess: () => {
        void message.success(current ? `已更换协管员，原记录已保留为历史` : `已新增协管员 ${input.name}`);
        onClose();
      },
      onError: (error: Error) => setSubmitError(placeSubmitError(form, error, FIELDS)),
    };
    if (current) replace.mutate({ id: current.id, input }, handlers);
    else add.mutate(input, handlers);
  };

  return (
    <Modal
      open={open}
      title={current ? `更换协管员：${current.name}` : '新增协管员'}
      okText={current ? '更换' : '新增'}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={saving}
      mask={{ closable: false }}
      width={600}
      forceRender
    >
      {current && (
        <Typography.Paragraph type="secondary">
          填写接任的协管员或变更后的信息。保存后原记录截止到今天，保留在历史中。
        </Typography.Paragraph>
      )}
      {submitError && <Alert type="error" showIcon title={submitError} style={{ marginBottom: 16 }} />}
      <Form<CoordinatorFormValues>
        form={form}
        name="coordinator-form"
        layout="vertical"
        style={current ? undefined : { marginTop: 16 }}
        initialValues={
          current
            ? {
                name: current.name,
                gender: current.gender,
                department: current.department ?? undefined,
                title: current.title ?? undefined,
                officePhone: current.officePhone ?? undefined,
                mobile: current.mobile ?? undefined,
              }
            : {}
        }
        onFinish={onFinish}
        onValuesChange={() => submitError && setSubmitError(null)}
        disabled={saving}
      >
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item
              label="姓名"
              name="name"
              rules={[
                { required: true, whitespace: true, message: '请填写姓名' },
                { max: 30, message: '姓名不能超过 30 个字' },
              ]}
            >
              <Input autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item label="性别" name="gender">
              <Radio.Group
                options={[
                  { value: 'male', label: '男' },
                  { value: 'female', label: '女' },
                ]}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item label="部门" name="department" rules={[{ max: 50, message: '部门不能超过 50 个字' }]}>
              <Input autoComplete="off" placeholder="如 教务处" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item label="职务" name="title" rules={[{ max: 50, message: '职务不能超过 50 个字' }]}>
              <Input autoComplete="off" placeholder="如 主任" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              label="办公电话"
              name="officePhone"
              validateDebounce={250}
              rules={[checkRule(parsePhoneNumber)]}
              extra="固定电话请带区号，如 0512-65001234"
            >
              <Input autoComplete="off" maxLength={30} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              label="手机"
              name="mobile"
              validateDebounce={250}
              dependencies={['officePhone']}
              rules={[atLeastOnePhoneRule, mobileRule]}
            >
              <Input autoComplete="off" maxLength={20} inputMode="tel" />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
