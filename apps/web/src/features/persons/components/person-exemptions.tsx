import { PlusOutlined } from '@ant-design/icons';
import { EXEMPTION_SOURCE_NAMES, type TExemptionSource, type TPersonDetail, type TPersonExemption } from '@canbao/domain';
import { Alert, App, Button, Card, Col, Form, Input, Modal, Popconfirm, Radio, Row, Select, Table, type TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { errorMessage } from '../../../api/client';
import { EmptyText } from '../../../components/empty-text';
import { applyFieldErrors } from '../../../lib/form-errors';
import { DateInput } from '../../../components/date-input';
import { DATE_FORMAT } from '../../../lib/datetime';
import { useExemptionCategories, type usePersonMutations } from '../hooks/use-persons';

type Mutations = ReturnType<typeof usePersonMutations>;

interface ExemptionForm {
  categoryCode: string;
  source: TExemptionSource;
  certifyingDepartment: string;
  certificateName?: string;
  certificateNumber?: string;
  validFrom: Dayjs;
  validTo?: Dayjs | null;
}

const FIELDS = ['categoryCode', 'source', 'certifyingDepartment', 'certificateName', 'certificateNumber', 'validFrom', 'validTo'] as const;

/** Departments that certify exemption identities (Suzhou 000 四.5, Nantong 004 三). */
const DEPARTMENTS = ['民政部门', '残疾人联合会', '总工会', '退役军人事务部门', '乡村振兴部门', '卫生健康部门', '教育部门'];

/** 减免身份: categories come from the region's policy profiles, so the fee engine knows every one. */
export function PersonExemptions({ person, regionCode, canEdit, mutations }: { person: TPersonDetail; regionCode: string; canEdit: boolean; mutations: Mutations }) {
  const { message } = App.useApp();
  const categories = useExemptionCategories(canEdit ? regionCode : undefined);
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<ExemptionForm>();
  const source = Form.useWatch('source', form);
  const [submitError, setSubmitError] = useState<string | null>(null);

  const columns: TableColumnsType<TPersonExemption> = [
    { title: '减免类别', dataIndex: 'categoryName' },
    { title: '认定部门', dataIndex: 'certifyingDepartment', width: 140 },
    {
      title: '证件',
      key: 'certificate',
      render: (_: unknown, e) => (e.certificateName ? `${e.certificateName} ${e.certificateNumber ?? ''}` : <EmptyText />),
    },
    { title: '有效期', key: 'validity', width: 210, render: (_: unknown, e) => `${e.validFrom} 至 ${e.validTo ?? '长期'}` },
    { title: '来源', dataIndex: 'source', width: 100, render: (s: TPersonExemption['source']) => EXEMPTION_SOURCE_NAMES[s] },
    ...(canEdit
      ? [
          {
            title: '操作',
            key: 'actions',
            width: 80,
            render: (_: unknown, e: TPersonExemption) => (
              <Popconfirm
                title="删除该减免身份？"
                okText="删除"
                cancelText="取消"
                onConfirm={() => mutations.removeExemption.mutateAsync(e.id).catch((err: unknown) => void message.error(errorMessage(err)))}
              >
                <Button type="link" danger size="small">
                  删除
                </Button>
              </Popconfirm>
            ),
          },
        ]
      : []),
  ];

  const onFinish = (v: ExemptionForm) => {
    setSubmitError(null);
    mutations.addExemption.mutate(
      {
        categoryCode: v.categoryCode,
        source: v.source,
        certifyingDepartment: v.certifyingDepartment.trim(),
        certificateName: v.certificateName?.trim() || null,
        certificateNumber: v.certificateNumber?.trim() || null,
        validFrom: v.validFrom.format(DATE_FORMAT),
        validTo: v.validTo ? v.validTo.format(DATE_FORMAT) : null,
      },
      {
        onSuccess: () => {
          void message.success('已登记减免身份');
          form.resetFields();
          setOpen(false);
        },
        onError: (e) => {
          if (!applyFieldErrors(form, e, FIELDS)) setSubmitError(errorMessage(e));
        },
      },
    );
  };

  return (
    <Card
      title="减免身份"
      style={{ marginBottom: 16 }}
      extra={
        canEdit && (
          <Button icon={<PlusOutlined />} onClick={() => setOpen(true)}>
            登记减免身份
          </Button>
        )
      }
    >
      <Table<TPersonExemption>
        rowKey="id"
        size="small"
        pagination={false}
        columns={columns}
        dataSource={person.exemptions}
        locale={{ emptyText: '无减免身份' }}
        scroll={{ x: 760 }}
      />
      <Modal
        open={open}
        title="登记减免身份"
        okText="登记"
        confirmLoading={mutations.addExemption.isPending}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        forceRender
      >
        {submitError && <Alert type="error" showIcon title={submitError} style={{ marginBottom: 16 }} />}
        <Form<ExemptionForm> form={form} layout="vertical" initialValues={{ source: 'document' }} onFinish={onFinish}>
          <Form.Item name="categoryCode" label="减免类别" rules={[{ required: true, message: '请选择减免类别' }]}>
            <Select
              aria-label="减免类别"
              loading={categories.isPending}
              options={(categories.data ?? []).map((c) => ({ value: c.code, label: c.name }))}
              notFoundContent="本统筹区政策方案中没有减免类别"
            />
          </Form.Item>
          <Form.Item name="source" label="认定方式">
            <Radio.Group
              options={(['document', 'department_list'] as const).map((value) => ({ value, label: EXEMPTION_SOURCE_NAMES[value] }))}
            />
          </Form.Item>
          <Form.Item
            name="certifyingDepartment"
            label="认定部门"
            rules={[{ required: true, message: '请填写认定部门' }]}
            // A one-tag select stores a string, not a list.
            getValueProps={(v: string | undefined) => ({ value: v ? [v] : [] })}
            normalize={(v: string[] | undefined) => v?.[v.length - 1]}
          >
            <Select mode="tags" options={DEPARTMENTS.map((value) => ({ value }))} placeholder="选择或输入部门" aria-label="认定部门" />
          </Form.Item>
          <Form.Item name="certificateName" label="证件名称" rules={[{ required: source === 'document', message: '凭证件认定须填写证件名称' }]}>
            <Input maxLength={50} placeholder="如 最低生活保障证" />
          </Form.Item>
          <Form.Item name="certificateNumber" label="证件号码" rules={[{ required: source === 'document', message: '凭证件认定须填写证件号码' }]}>
            <Input maxLength={50} autoComplete="off" />
          </Form.Item>
          {/* Two pickers, not a range: a start alone (长期有效) is a complete answer, and Escape in one keeps the other. */}
          <Row gutter={12}>
            <Col span={12}>
              <Form.Item name="validFrom" label="有效期起" rules={[{ required: true, message: '请选择有效期起' }]}>
                <DateInput style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item
                name="validTo"
                label="有效期止"
                extra="留空表示长期有效"
                dependencies={['validFrom']}
                rules={[
                  ({ getFieldValue }) => ({
                    validator: async (_rule, value: Dayjs | null | undefined) => {
                      const from = getFieldValue('validFrom') as Dayjs | undefined;
                      if (value && from && value.isBefore(from, 'day')) throw new Error('有效期止不能早于有效期起');
                    },
                  }),
                ]}
              >
                <DateInput style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
        </Form>
      </Modal>
    </Card>
  );
}
