import { GRADES } from '@canbao/domain';
import { Form, Input, Modal, Select, Typography } from 'antd';

export interface ClassDeclareValues {
  gradeCode?: string;
  className?: string;
}

/** 整班申报: every active pupil of a grade and class (either may be left empty, not both). */
export function ClassDeclareModal({
  open,
  year,
  loading,
  onCancel,
  onSubmit,
}: {
  open: boolean;
  year: number;
  loading: boolean;
  onCancel: () => void;
  onSubmit: (values: ClassDeclareValues) => void;
}) {
  const [form] = Form.useForm<ClassDeclareValues>();
  return (
    <Modal
      open={open}
      title={`整班申报（${year} 年度）`}
      okText="申报"
      confirmLoading={loading}
      onCancel={onCancel}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">
        申报所选年级、班级的全部在册学生；已申报的不会重复申报，不符合条件的会列出原因。
      </Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => onSubmit({ gradeCode: v.gradeCode || undefined, className: v.className?.trim() || undefined })}
      >
        <Form.Item name="gradeCode" label="年级">
          <Select aria-label="申报年级" allowClear placeholder="选择年级" options={GRADES.map((g) => ({ value: g.code, label: g.name }))} />
        </Form.Item>
        <Form.Item
          name="className"
          label="班级"
          dependencies={['gradeCode']}
          rules={[
            ({ getFieldValue }) => ({
              validator: (_, value?: string) =>
                value?.trim() || getFieldValue('gradeCode') ? Promise.resolve() : Promise.reject(new Error('请选择年级或填写班级')),
            }),
          ]}
        >
          <Input aria-label="申报班级" placeholder="如 1班" maxLength={40} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
