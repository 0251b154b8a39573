import { DownloadOutlined } from '@ant-design/icons';
import { ZCardDeductionFileQuery } from '@canbao/domain';
import { Alert, App, Button, Empty, Form, Modal, Select, Space, Spin, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../../../api/client';
import { QueryErrorAlert } from '../../../components/query-error-alert';
import { formatYuan } from '../../../lib/money';
import { saveFile } from '../../../lib/save-file';
import { downloadCardDeductionFile } from '../api';
import { useCardDeductionBanks } from '../hooks/use-card-deduction';

export const CARD_DEDUCTION_RESULT_IMPORT = '/imports?kind=paid_roster';

/**
 * 导出个人代扣文件: one bank's file of the persons who signed a 银行卡代扣协议 with it and still owe on their payment
 * notice this year. The bank fills in 交易流水号、缴费时间 and 扣款结果 and sends it back; it is imported as a paid roster.
 */
export function CardDeductionFileModal({ open, year, onClose }: { open: boolean; year: number; onClose: () => void }) {
  const { message } = App.useApp();
  const [bankCode, setBankCode] = useState<string | undefined>();
  const [downloading, setDownloading] = useState(false);
  const banks = useCardDeductionBanks(year, open);
  const bank = banks.data?.find((b) => b.bankCode === bankCode);

  const download = async () => {
    const query = ZCardDeductionFileQuery.safeParse({ year, bankCode });
    if (!query.success) {
      void message.error(query.error.issues[0]?.message ?? '请选择代扣银行');
      return;
    }
    setDownloading(true);
    try {
      const file = await downloadCardDeductionFile(query.data.year, query.data.bankCode);
      saveFile(file.blob, file.fileName);
      void message.success(`已下载 ${file.fileName}`);
    } catch (e) {
      void message.error(errorMessage(e, '个人代扣文件下载失败，请稍后重试'));
    } finally {
      setDownloading(false);
    }
  };

  return (
    <Modal
      open={open}
      title={`导出个人代扣文件（${year} 年度）`}
      onCancel={onClose}
      afterClose={() => setBankCode(undefined)}
      width={600}
      footer={
        <Space>
          <Button onClick={onClose}>关闭</Button>
          <Button type="primary" icon={<DownloadOutlined />} disabled={!bankCode} loading={downloading} onClick={() => void download()} data-testid="card-deduction-download">
            下载个人代扣文件
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary" data-testid="card-deduction-explain">
        个人银行卡代扣：文件列出与该银行签订代扣协议、本年度缴费通知单尚未缴费的人员及扣款账号（含完整证件号码和账号，导出记入审计日志）。银行填写交易流水号、缴费时间和扣款结果后返回，到
        <Link to={CARD_DEDUCTION_RESULT_IMPORT} onClick={onClose}>
          批量导入 · 税务/银行已缴费名单
        </Link>
        中导入：扣款成功的记为已缴费，扣款失败的不记账，仍待缴费。
      </Typography.Paragraph>
      {banks.error && <QueryErrorAlert error={banks.error} onRetry={() => void banks.refetch()} />}
      {banks.isPending && !banks.error ? (
        <Spin style={{ display: 'block', margin: '24px auto' }} />
      ) : !banks.data?.length ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="还没有人员签订银行卡代扣协议：在人员详情的“银行卡代扣协议”中签订。" />
      ) : (
        <Form layout="vertical">
          <Form.Item label="代扣银行" required extra="代扣协议所在银行；每家银行一个文件。">
            <Select
              aria-label="个人代扣银行"
              placeholder="选择银行"
              showSearch={{ optionFilterProp: 'label' }}
              value={bankCode}
              onChange={setBankCode}
              options={banks.data.map((b) => ({ value: b.bankCode, label: b.bankName }))}
              optionRender={(option) => {
                const b = banks.data.find((x) => x.bankCode === option.value);
                if (!b) return option.label;
                return (
                  <Space size={8}>
                    <span>{b.bankName}</span>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {`${b.agreements} 份协议`}
                      {b.due > 0 ? ` · 待代扣 ${b.due} 人，${formatYuan(b.dueFen)}` : ' · 无待代扣'}
                    </Typography.Text>
                  </Space>
                );
              }}
            />
          </Form.Item>
        </Form>
      )}
      {bank && (
        <div data-testid="card-deduction-preview">
          {bank.due > 0 ? (
            <Alert type="info" showIcon title={`文件将列出 ${bank.due} 人，扣款合计 ${formatYuan(bank.dueFen)}`} description={`${bank.bankName}现有有效代扣协议 ${bank.agreements} 份。`} />
          ) : (
            <Alert type="warning" showIcon title={`${bank.bankName}目前没有待代扣的人员，下载的文件只有表头。`} description="进入文件的人员须已签订代扣协议，且本年度申报已结算、缴费通知单尚未缴费。" />
          )}
        </div>
      )}
    </Modal>
  );
}
