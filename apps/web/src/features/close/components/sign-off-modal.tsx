import { InboxOutlined } from '@ant-design/icons';
import { SIGN_OFF_METHODS, type TSignOffInput, type TUninsuredItem } from '@canbao/domain';
import { Form, Input, Modal, Select, Typography, Upload, type UploadFile } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { DateInput } from '../../../components/date-input';
import { DATE_FORMAT, dayjs } from '../../../lib/datetime';

type Values = { toldOn: Dayjs; method: TSignOffInput['method']; signedBy: string; relation?: string; note?: string };

const METHOD_OPTIONS = Object.entries(SIGN_OFF_METHODS).map(([value, label]) => ({ value, label }));

/**
 * 登记告知签收 (Nantong 004 八.4): the family of an unpaid person was told of the transition period and when to pay,
 * and signed. The signer and relation start as the person's contact; a photo or PDF of the signed sheet may go with it.
 */
export function SignOffModal({
  item,
  year,
  loading,
  onCancel,
  onSubmit,
}: {
  item: TUninsuredItem | null;
  year: number;
  loading: boolean;
  onCancel: () => void;
  onSubmit: (values: TSignOffInput, scan: File | null) => void;
}) {
  const [form] = Form.useForm<Values>();
  const [files, setFiles] = useState<UploadFile[]>([]);
  useEffect(() => {
    if (!item) return;
    setFiles([]);
    form.setFieldsValue({
      toldOn: item.signOff ? dayjs(item.signOff.toldOn, DATE_FORMAT) : dayjs(),
      method: 'in_person',
      signedBy: item.signOff?.signedBy ?? item.contactName ?? undefined,
      relation: item.contactRelation ?? undefined,
    });
  }, [item, form]);
  return (
    <Modal
      open={item !== null}
      title={item ? `登记告知签收：${item.name}` : ''}
      okText="保存"
      confirmLoading={loading}
      onCancel={onCancel}
      onOk={() => form.submit()}
      destroyOnHidden
      data-testid="sign-off-modal"
    >
      {item && (
        <Typography.Paragraph type="secondary">
          {year} 年度 · {item.gradeName} {item.className ?? ''} · {item.stageName}。告知家庭未在规定期内缴费的过渡期和缴费时间，并请其签字确认；登记后可列入未缴费人员公示。
        </Typography.Paragraph>
      )}
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        onFinish={(v) =>
          onSubmit(
            {
              year,
              toldOn: v.toldOn.format(DATE_FORMAT),
              method: v.method,
              signedBy: v.signedBy.trim(),
              ...(v.relation?.trim() ? { relation: v.relation.trim() } : {}),
              ...(v.note?.trim() ? { note: v.note.trim() } : {}),
            },
            (files[0]?.originFileObj as File | undefined) ?? null,
          )
        }
      >
        <Form.Item name="toldOn" label="告知日期" rules={[{ required: true, message: '请选择告知日期' }]}>
          <DateInput aria-label="告知日期" style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
        </Form.Item>
        <Form.Item name="method" label="告知方式" rules={[{ required: true, message: '请选择告知方式' }]}>
          <Select aria-label="告知方式" options={METHOD_OPTIONS} />
        </Form.Item>
        <Form.Item name="signedBy" label="签字人" rules={[{ required: true, whitespace: true, message: '请填写签字人' }]}>
          <Input aria-label="签字人" maxLength={40} placeholder="家长或本人姓名" />
        </Form.Item>
        <Form.Item name="relation" label="与参保人关系">
          <Input aria-label="与参保人关系" maxLength={20} placeholder="如：母亲、父亲、本人" />
        </Form.Item>
        <Form.Item name="note" label="说明">
          <Input.TextArea aria-label="说明" rows={2} maxLength={200} showCount placeholder="如：已告知过渡期内到社区缴费" />
        </Form.Item>
        <Form.Item label="签收单扫描件（可选）" extra="JPEG、PNG 图片或 PDF，不超过 5 MB；按文件内容检查">
          <Upload.Dragger
            accept=".jpg,.jpeg,.png,.pdf"
            maxCount={1}
            fileList={files}
            beforeUpload={() => false}
            onChange={({ fileList }) => setFiles(fileList.slice(-1))}
            data-testid="sign-off-scan"
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">点击或拖入签收单照片、PDF</p>
          </Upload.Dragger>
        </Form.Item>
      </Form>
    </Modal>
  );
}
