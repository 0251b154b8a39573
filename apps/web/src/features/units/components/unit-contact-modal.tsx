import { parsePhoneNumber } from '@canbao/domain';
import { Alert, App, Form, Input, Modal, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { TUnit } from '@canbao/domain';
import { checkRule, textOrNull } from '../../../lib/check-rule';
import type { UnitContactInput } from '../api';
import { useUpdateUnit } from '../hooks/use-units';
import { placeSubmitError } from '../submit-error';

interface ContactFormValues {
  contactName?: string;
  contactPhone?: string;
  address?: string;
}

const FIELDS = ['contactName', 'contactPhone', 'address'] as const;

/**
 * The unit's own change of its contact data: contact person, phone and address are all a unit operator may change
 * (units.service.ts OPERATOR_FIELDS); name, codes, place and bank account stay with the agency.
 */
export function UnitContactModal({ unit, open, onClose }: { unit: TUnit; open: boolean; onClose: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<ContactFormValues>();
  const updateUnit = useUpdateUnit();
  const [submitError, setSubmitError] = useState<string | null>(null);

  useEffect(() => {
    if (!open) return;
    setSubmitError(null);
    updateUnit.reset();
    form.resetFields();
    // Reset on opening only: a background refetch must not wipe what is being typed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);

  const onFinish = (values: ContactFormValues) => {
    setSubmitError(null);
    const input: UnitContactInput = {
      contactName: textOrNull(values.contactName),
      contactPhone: textOrNull(values.contactPhone),
      address: textOrNull(values.address),
    };
    updateUnit.mutate(
      { id: unit.id, input },
      {
        onSuccess: () => {
          void message.success('联系方式已保存');
          onClose();
        },
        onError: (error) => setSubmitError(placeSubmitError(form, error, FIELDS)),
      },
    );
  };

  return (
    <Modal
      open={open}
      title="修改联系方式"
      okText="保存"
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={updateUnit.isPending}
      mask={{ closable: false }}
      forceRender
    >
      <Typography.Paragraph type="secondary">
        单位名称、类别、代码、所在区划和银行账户由经办机构维护，如需变更请联系经办机构。
      </Typography.Paragraph>
      {submitError && <Alert type="error" showIcon title={submitError} style={{ marginBottom: 16 }} />}
      <Form<ContactFormValues>
        form={form}
        name="unit-contact-form"
        layout="vertical"
        initialValues={{
          contactName: unit.contactName ?? undefined,
          contactPhone: unit.contactPhone ?? undefined,
          address: unit.address ?? undefined,
        }}
        onFinish={onFinish}
        onValuesChange={() => submitError && setSubmitError(null)}
        disabled={updateUnit.isPending}
      >
        <Form.Item
          label="联系人"
          name="contactName"
          rules={[
            { required: true, whitespace: true, message: '请填写联系人' },
            { max: 30, message: '联系人不能超过 30 个字' },
          ]}
        >
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item
          label="联系电话"
          name="contactPhone"
          validateDebounce={250}
          rules={[{ required: true, whitespace: true, message: '请填写联系电话' }, checkRule(parsePhoneNumber)]}
          extra="手机号码，或带区号的固定电话"
        >
          <Input autoComplete="off" maxLength={30} />
        </Form.Item>
        <Form.Item label="地址" name="address" rules={[{ max: 200, message: '地址不能超过 200 个字' }]}>
          <Input autoComplete="off" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
