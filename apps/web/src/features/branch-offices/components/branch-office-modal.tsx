import { parsePhoneNumber, type TBranchOffice, type TBranchOfficeInput } from '@canbao/domain';
import { Alert, App, Form, Input, Modal } from 'antd';
import { useEffect, useState } from 'react';
import { checkRule, textOrNull } from '../../../lib/check-rule';
import { useSession } from '../../auth/hooks/use-me';
import { DivisionPicker } from '../../divisions/components/division-picker';
import { placeSubmitError } from '../../units/submit-error';
import { useBranchOfficeMutations } from '../hooks/use-branch-offices';

interface BranchOfficeFormValues {
  name: string;
  districtCode?: string | null;
  address: string;
  contactPerson?: string;
  phone: string;
}

const FIELDS = ['name', 'districtCode', 'address', 'contactPerson', 'phone'] as const;

export type BranchOfficeModalState = { mode: 'create' } | { mode: 'edit'; office: TBranchOffice } | null;

/** The agency adds or edits one office of its branch directory. */
export function BranchOfficeModal({ state, onClose }: { state: BranchOfficeModalState; onClose: () => void }) {
  const { message } = App.useApp();
  const { user } = useSession();
  const [form] = Form.useForm<BranchOfficeFormValues>();
  const { create, update } = useBranchOfficeMutations();
  const [submitError, setSubmitError] = useState<string | null>(null);
  const open = state !== null;
  const office = state?.mode === 'edit' ? state.office : null;
  const saving = create.isPending || update.isPending;

  useEffect(() => {
    if (!open) return;
    setSubmitError(null);
    form.resetFields();
    // Reset on opening only, so that a refetch of the list does not wipe what is being typed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, office?.id]);

  const onFinish = (values: BranchOfficeFormValues) => {
    setSubmitError(null);
    const input: TBranchOfficeInput = {
      name: values.name.trim(),
      districtCode: values.districtCode ?? null,
      address: values.address.trim(),
      contactPerson: textOrNull(values.contactPerson),
      phone: values.phone.trim(),
    };
    const handlers = {
      onSuccess: (saved: TBranchOffice) => {
        void message.success(office ? `已保存“${saved.name}”` : `已新增经办网点“${saved.name}”`);
        onClose();
      },
      onError: (error: Error) => setSubmitError(placeSubmitError(form, error, FIELDS)),
    };
    if (office) update.mutate({ id: office.id, input }, handlers);
    else create.mutate(input, handlers);
  };

  return (
    <Modal
      open={open}
      title={office ? '编辑经办网点' : '新增经办网点'}
      okText="保存"
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={saving}
      mask={{ closable: false }}
      forceRender
    >
      {submitError && <Alert type="error" showIcon title={submitError} style={{ marginBottom: 16 }} />}
      <Form<BranchOfficeFormValues>
        form={form}
        name="branch-office-form"
        layout="vertical"
        style={{ marginTop: 16 }}
        initialValues={
          office
            ? {
                name: office.name,
                districtCode: office.districtCode,
                address: office.address,
                contactPerson: office.contactPerson ?? undefined,
                phone: office.phone,
              }
            : {}
        }
        onFinish={onFinish}
        onValuesChange={() => submitError && setSubmitError(null)}
        disabled={saving}
      >
        <Form.Item
          label="网点名称"
          name="name"
          rules={[
            { required: true, whitespace: true, message: '请填写网点名称' },
            { min: 2, message: '网点名称至少 2 个字' },
            { max: 100, message: '网点名称不能超过 100 个字' },
          ]}
        >
          <Input autoComplete="off" placeholder="如 姑苏区医疗保险经办服务中心" />
        </Form.Item>
        <Form.Item label="所属区县" name="districtCode" extra="市级网点可不选">
          <DivisionPicker rootCode={user.regionCode} leafLevel="district" placeholder="选择区县" />
        </Form.Item>
        <Form.Item
          label="服务地址"
          name="address"
          rules={[
            { required: true, whitespace: true, message: '请填写服务地址' },
            { min: 2, message: '服务地址至少 2 个字' },
            { max: 200, message: '服务地址不能超过 200 个字' },
          ]}
        >
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item label="联络员" name="contactPerson" rules={[{ max: 30, message: '联络员不能超过 30 个字' }]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item
          label="联系电话"
          name="phone"
          validateDebounce={250}
          rules={[{ required: true, whitespace: true, message: '请填写联系电话' }, checkRule(parsePhoneNumber)]}
          extra="固定电话请带区号，如 0512-65221234"
        >
          <Input autoComplete="off" maxLength={30} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
