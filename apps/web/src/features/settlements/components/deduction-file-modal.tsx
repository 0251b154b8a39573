import { DownloadOutlined } from '@ant-design/icons';
import { ZBankCode } from '@canbao/domain';
import { Alert, App, Button, Empty, Form, List, Modal, Select, Space, Spin, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../../../api/client';
import { QueryErrorAlert } from '../../../components/query-error-alert';
import { formatYuan } from '../../../lib/money';
import { saveFile } from '../../../lib/save-file';
import { useUnitOptionsPage } from '../../units/hooks/use-units';
import { downloadDeductionFile } from '../api';
import { deductionBanks, deductionsOfBank, deductionsWithoutAccount } from '../deduction-banks';
import { useSettlements } from '../hooks/use-settlements';

export const DEDUCTION_RESULT_IMPORT = '/imports?kind=deduction_result';

/**
 * 导出银行代扣文件: one bank's file of the settlements it deducts from the units' registered accounts. The modal
 * shows, per bank on the units' accounts, what the file will hold before it is downloaded.
 */
export function DeductionFileModal({ open, year, canEditUnits, onClose }: { open: boolean; year: number; canEditUnits: boolean; onClose: () => void }) {
  const { message } = App.useApp();
  const [bankCode, setBankCode] = useState<string | undefined>();
  const [downloading, setDownloading] = useState(false);
  const units = useUnitOptionsPage(open);
  const settlements = useSettlements({ year, status: 'awaiting_payment' }, open && year > 0);
  const unitItems = useMemo(() => units.data?.items ?? [], [units.data]);
  const settlementItems = useMemo(() => settlements.data ?? [], [settlements.data]);
  const complete = units.data ? units.data.items.length >= units.data.total : true;
  const banks = useMemo(() => deductionBanks(unitItems, settlementItems, { complete }), [unitItems, settlementItems, complete]);
  const bank = banks.find((b) => b.code === bankCode);
  const ofBank = useMemo(() => (bankCode ? deductionsOfBank(unitItems, settlementItems, bankCode) : []), [unitItems, settlementItems, bankCode]);
  const withoutAccount = deductionsWithoutAccount(unitItems, settlementItems);
  const loading = units.isPending || settlements.isPending;
  const error = units.error ?? settlements.error;

  const download = async () => {
    if (!bankCode) return;
    // Units' accounts are registered at supported banks only; the server refuses any other code the same way.
    const bank = ZBankCode.safeParse(bankCode);
    if (!bank.success) {
      void message.error(bank.error.issues[0]?.message ?? '不支持的银行');
      return;
    }
    setDownloading(true);
    try {
      const file = await downloadDeductionFile(year, bank.data);
      saveFile(file.blob, file.fileName);
      void message.success(`已下载 ${file.fileName}`);
    } catch (e) {
      void message.error(errorMessage(e, '代扣文件下载失败，请稍后重试'));
    } finally {
      setDownloading(false);
    }
  };

  return (
    <Modal
      open={open}
      title={`导出银行代扣文件（${year} 年度）`}
      onCancel={onClose}
      afterClose={() => setBankCode(undefined)}
      width={640}
      footer={
        <Space>
          <Button onClick={onClose}>关闭</Button>
          <Button type="primary" icon={<DownloadOutlined />} disabled={!bankCode} loading={downloading} onClick={() => void download()} data-testid="deduction-download">
            下载代扣文件
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary" data-testid="deduction-explain">
        银行代扣：银行按此文件从各单位登记的扣款账户扣收结算单应缴金额；银行返回扣款结果文件后，到
        <Link to={DEDUCTION_RESULT_IMPORT} onClick={onClose}>
          批量导入 · 银行代扣结果
        </Link>
        中导入，扣款成功的结算单即记为已缴。
      </Typography.Paragraph>
      {error && <QueryErrorAlert error={error} onRetry={() => void Promise.all([units.refetch(), settlements.refetch()])} />}
      {loading && !error ? (
        <Spin style={{ display: 'block', margin: '24px auto' }} />
      ) : banks.length === 0 ? (
        <Empty
          image={Empty.PRESENTED_IMAGE_SIMPLE}
          description={
            canEditUnits ? (
              <>
                还没有单位登记银行代扣账户：请在<Link to="/units">代办单位</Link>中为单位填写开户银行和账号。
              </>
            ) : (
              '还没有单位登记银行代扣账户：请经办机构在“代办单位”中为单位填写开户银行和账号。'
            )
          }
        />
      ) : (
        <Form layout="vertical">
          <Form.Item label="代扣银行" required extra="单位登记的扣款账户所在银行；每家银行一个文件。">
            <Select
              aria-label="代扣银行"
              placeholder="选择银行"
              showSearch={{ optionFilterProp: 'label' }}
              value={bankCode}
              onChange={setBankCode}
              options={banks.map((b) => ({ value: b.code, label: b.name }))}
              optionRender={(option) => {
                const b = banks.find((x) => x.code === option.value);
                if (!b) return option.label;
                return (
                  <Space size={8}>
                    <span>{b.name}</span>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {b.onAccounts ? `${b.unitCount} 个单位` : '（未在已加载的单位中）'}
                      {b.settlementCount > 0 ? ` · 待代扣 ${b.settlementCount} 张，${formatYuan(b.dueFen)}` : ''}
                    </Typography.Text>
                  </Space>
                );
              }}
            />
          </Form.Item>
        </Form>
      )}
      {bank && (
        <div data-testid="deduction-preview">
          {bank.settlementCount > 0 ? (
            <Alert
              type="info"
              showIcon
              title={`文件将列出 ${bank.settlementCount} 张结算单，扣款合计 ${formatYuan(bank.dueFen)}`}
              description={
                <List
                  size="small"
                  split={false}
                  dataSource={ofBank}
                  renderItem={(s) => (
                    <List.Item style={{ paddingInline: 0, paddingBlock: 2 }}>
                      <Typography.Text style={{ fontVariantNumeric: 'tabular-nums' }}>{s.number}</Typography.Text>
                      <Typography.Text type="secondary" style={{ marginInline: 8 }}>
                        {s.unit.name}
                      </Typography.Text>
                      <span style={{ marginInlineStart: 'auto', fontVariantNumeric: 'tabular-nums' }}>{formatYuan(s.payableFen - s.paidFen)}</span>
                    </List.Item>
                  )}
                />
              }
            />
          ) : (
            <Alert
              type="warning"
              showIcon
              title={`${bank.name}目前没有待代扣的结算单，下载的文件只有表头。`}
              description="进入代扣文件的结算单须为“单位统一缴纳 · 银行代扣”、待缴费，且单位的扣款账户在该银行。"
            />
          )}
        </div>
      )}
      {withoutAccount.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginTop: 12 }}
          data-testid="deduction-without-account"
          title={`${withoutAccount.length} 张银行代扣结算单的单位未登记扣款账户，不会进入任何代扣文件`}
          description={withoutAccount.map((s) => `${s.number}（${s.unit.name}）`).join('、')}
        />
      )}
    </Modal>
  );
}
