import { Form, Modal, Typography } from 'antd';
import { UnitPickerItem } from './unit-picker-item';

/**
 * 延续上年度参保人员: declares this year everyone the unit declared last year who is still on its roll; leavers
 * are listed in the result, not carried over. The agency picks the unit (`pickUnit`).
 */
export function CarryOverModal({
  open,
  year,
  loading,
  pickUnit,
  defaultUnitId,
  onCancel,
  onSubmit,
}: {
  open: boolean;
  year: number;
  loading: boolean;
  pickUnit: boolean;
  defaultUnitId?: string;
  onCancel: () => void;
  onSubmit: (unitId: string | undefined) => void;
}) {
  const [form] = Form.useForm<{ unitId?: string }>();
  return (
    <Modal
      open={open}
      title={`延续上年度参保人员（${year - 1} → ${year} 年度）`}
      okText="延续申报"
      confirmLoading={loading}
      onCancel={onCancel}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Typography.Paragraph>
        为{pickUnit ? '所选单位' : '本单位'} {year - 1} 年度已申报、仍在册的人员申报 {year} 年度参保；已标记毕业、离校的人员不延续，会在结果中列出。
      </Typography.Paragraph>
      <Form form={form} layout="vertical" initialValues={{ unitId: pickUnit && defaultUnitId ? defaultUnitId : undefined }} onFinish={(v) => onSubmit(pickUnit ? v.unitId : undefined)}>
        {pickUnit && <UnitPickerItem open={open} />}
      </Form>
    </Modal>
  );
}
