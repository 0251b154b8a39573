import { DownOutlined, FileExcelOutlined } from '@ant-design/icons';
import { ROSTER_KIND_NAMES, rostersApi, type TRosterKind } from '@canbao/domain';
import { Alert, Button, Checkbox, Dropdown, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { urlOf } from '../../../api/client';

const rosterUrl = (kind: TRosterKind, year: number, unitId: string | undefined, reason?: string) =>
  urlOf(rostersApi.export, { params: { kind }, query: { year, ...(unitId ? { unitId } : {}), ...(reason ? { fullIds: 'true' as const, reason } : {}) } });

/**
 * 报送名册 (Nantong 004 四.3): the 参保人员花名册 and the 减免人员信息汇总表 of the unit (or, for the agency, the unit
 * chosen in the list's filter or the region) as xlsx. Numbers are masked; the agency may export the full ones after
 * giving a reason, which the server audits and prints in the file.
 */
export function RosterExport({ year, unitId, unitName, isAgency }: { year: number; unitId?: string | undefined; unitName?: string | undefined; isAgency: boolean }) {
  const [kind, setKind] = useState<TRosterKind | null>(null);
  const [form] = Form.useForm<{ full: boolean; reason?: string }>();
  const full = Form.useWatch('full', form);
  const scope = unitName ?? (isAgency ? '全统筹区' : '本单位');
  const download = (href: string) => {
    const a = document.createElement('a');
    a.href = href;
    a.click();
  };
  return (
    <>
      <Dropdown
        disabled={!year}
        menu={{
          items: (Object.keys(ROSTER_KIND_NAMES) as TRosterKind[]).map((k) => ({ key: k, label: ROSTER_KIND_NAMES[k] })),
          onClick: ({ key }) => {
            const k = key as TRosterKind;
            if (isAgency) setKind(k);
            else download(rosterUrl(k, year, undefined));
          },
        }}
      >
        <Button icon={<FileExcelOutlined />}>
          报送名册 <DownOutlined />
        </Button>
      </Dropdown>
      <Modal
        open={kind !== null}
        title={kind ? `导出${ROSTER_KIND_NAMES[kind]}（${year} 年度 · ${scope}）` : ''}
        okText="导出"
        onCancel={() => setKind(null)}
        onOk={() =>
          void form.validateFields().then((v) => {
            download(rosterUrl(kind!, year, unitId, v.full ? v.reason?.trim() : undefined));
            setKind(null);
          })
        }
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">
          名册中的证件号码默认脱敏。报送医保中心需要完整号码时，请勾选并说明原因：原因、导出人和导出时间记入审计日志，并印在文件的“导出说明”表中。
        </Typography.Paragraph>
        <Form form={form} layout="vertical" preserve={false} initialValues={{ full: false }}>
          <Form.Item name="full" valuePropName="checked">
            <Checkbox>导出完整证件号码</Checkbox>
          </Form.Item>
          {full && (
            <>
              <Alert type="warning" showIcon style={{ marginBottom: 12 }} title="完整证件号码是儿童的个人信息，文件请妥善保管，仅用于报送。" />
              <Form.Item name="reason" label="原因" rules={[{ required: true, whitespace: true, min: 2, message: '请说明导出完整证件号码的原因' }]}>
                <Input aria-label="导出原因" maxLength={200} placeholder="如：报送市医保中心" />
              </Form.Item>
            </>
          )}
        </Form>
      </Modal>
    </>
  );
}
