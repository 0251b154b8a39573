import { BankOutlined, CreditCardOutlined, PlusOutlined } from '@ant-design/icons';
import { SETTLEMENT_STATUSES, SETTLEMENT_STATUS_NAMES, ZSettlementStatus, type TSettlement } from '@canbao/domain';
import { Button, Card, Empty, Progress, Select, Space, Table, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { FullPageSpin } from '../../../components/full-page-spin';
import { UnitFilter } from '../../../components/list-filters';
import { PageHeader } from '../../../components/page-header';
import { QueryErrorAlert } from '../../../components/query-error-alert';
import { formatDateTime } from '../../../lib/datetime';
import { formatYuan } from '../../../lib/money';
import { tableScrollWidth } from '../../../lib/table';
import { useListSearchParams } from '../../../lib/use-list-search-params';
import { useMe } from '../../auth/hooks/use-me';
import { YearClosedNotice } from '../../declarations/components/year-state';
import { CampaignYearBar } from '../../declarations/components/campaign-year-bar';
import { defaultCampaignYear } from '../../declarations/declaration-view';
import { useCampaignYears } from '../../declarations/hooks/use-declarations';
import { ReceiptCountsTable } from '../../reconciliation/components/receipt-counts-table';
import { CardDeductionFileModal } from '../../card-deduction/components/card-deduction-file-modal';
import { CreateSettlementModal } from '../components/create-settlement-modal';
import { DeductionFileModal } from '../components/deduction-file-modal';
import { SettlementStatusTag } from '../components/settlement-status-tag';
import { useSettlements } from '../hooks/use-settlements';
import { paidPercent } from '../notice-sheets';

const FILTERS = ['year', 'unitId', 'status'] as const;
const STATUSES = SETTLEMENT_STATUSES.map((value) => ({ value, label: SETTLEMENT_STATUS_NAMES[value] }));

function columns(showUnit: boolean): TableColumnsType<TSettlement> {
  return [
    { title: '结算单号', dataIndex: 'number', width: 200, render: (v: string, s) => <Link to={`/settlements/${s.id}`}>{v}</Link> },
    ...(showUnit ? [{ title: '单位', key: 'unit', ellipsis: true, render: (_: unknown, s: TSettlement) => s.unit.name }] : []),
    // 状态 early: in sight at 1280 px beside the unit, whatever scrolls.
    { title: '状态', key: 'status', width: 100, render: (_, s) => <SettlementStatusTag settlement={s} /> },
    { title: '缴费方式', key: 'mode', width: 180, render: (_, s) => (s.unitMethodName ? `${s.paymentModeName}（${s.unitMethodName}）` : s.paymentModeName) },
    { title: '人数', dataIndex: 'personCount', width: 70, align: 'right' },
    { title: '应缴合计', key: 'payable', width: 130, align: 'right', render: (_, s) => formatYuan(s.payableFen) },
    {
      title: '缴费进度',
      key: 'progress',
      width: 220,
      render: (_, s) => (
        <div>
          <Progress percent={paidPercent(s.paidFen, s.payableFen)} size="small" status={s.status === 'cancelled' ? 'exception' : undefined} />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {s.paidCount}/{s.personCount} 人 · {formatYuan(s.paidFen)}
          </Typography.Text>
        </div>
      ),
    },
    { title: '生成时间', key: 'createdAt', width: 170, render: (_, s) => formatDateTime(s.createdAt) },
  ];
}

/** 结算单: a year's settlements of the unit (or the region), with the way to make one. */
export function SettlementsPage() {
  const { me } = useMe();
  const role = me?.user.role;
  const seesUnits = role !== 'unit_operator';
  const mayCreate = role === 'agency_admin' || role === 'unit_operator';
  // The banks' deduction files go out from the agency and the collectors (the server's rule as well).
  const canExportDeductions = role === 'agency_admin' || role === 'collector';
  const years = useCampaignYears();
  const [params, update] = useListSearchParams(FILTERS);
  const year = Number(params.year) || defaultCampaignYear(years.data?.items ?? []) || 0;
  const chosen = ZSettlementStatus.safeParse(params.status);
  const status = chosen.success ? chosen.data : '';
  const list = useSettlements({ year, unitId: seesUnits ? params.unitId : '', status }, year > 0);
  const [creating, setCreating] = useState(false);
  const [exportingDeductions, setExportingDeductions] = useState(false);
  // Persons' card deductions: the file holds full ID and account numbers, so the agency alone exports it.
  const canExportCardDeductions = role === 'agency_admin';
  const [exportingCardDeductions, setExportingCardDeductions] = useState(false);

  if (years.isPending) return <FullPageSpin />;
  if (years.error) return <QueryErrorAlert error={years.error} onRetry={() => void years.refetch()} />;

  const yearItem = years.data.items.find((i) => i.year === year);
  // A closed year: a unit settles nothing more; the agency may, giving a reason.
  const canCreate = mayCreate && !(role === 'unit_operator' && yearItem?.state === 'closed');
  const tableColumns = columns(seesUnits);
  return (
    <>
      <PageHeader
        title="结算单"
        description="已确认的申报生成结算单后冻结金额：单位统一缴纳，或逐人打印带二维码的缴费通知单由家长扫码缴费。"
        extra={
          <Space wrap>
            {canExportDeductions && (
              <Button icon={<BankOutlined />} disabled={!year} onClick={() => setExportingDeductions(true)}>
                导出银行代扣文件
              </Button>
            )}
            {canExportCardDeductions && (
              <Button icon={<CreditCardOutlined />} disabled={!year} onClick={() => setExportingCardDeductions(true)}>
                导出个人代扣文件
              </Button>
            )}
            {canCreate && (
              <Button type="primary" icon={<PlusOutlined />} disabled={!year} onClick={() => setCreating(true)}>
                生成结算单
              </Button>
            )}
          </Space>
        }
      />
      {years.data.items.length > 0 && <CampaignYearBar years={years.data} year={year} onChange={(y) => update({ year: String(y) })} />}
      <YearClosedNotice item={yearItem} role={role} />
      {list.error && <QueryErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
      <Card>
        <Space wrap style={{ marginBottom: 16 }}>
          {seesUnits && <UnitFilter value={params.unitId} onChange={(unitId) => update({ unitId })} width={260} />}
          <Select
            aria-label="结算单状态"
            allowClear
            placeholder="全部状态"
            style={{ width: 140 }}
            value={status || undefined}
            options={STATUSES}
            onChange={(v: string | undefined) => update({ status: v ?? '' })}
          />
        </Space>
        <Table<TSettlement>
          data-testid="settlements-table"
          rowKey="id"
          columns={tableColumns}
          dataSource={list.data}
          loading={list.isPending && year > 0}
          scroll={{ x: tableScrollWidth(tableColumns) }}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{
            emptyText: (
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description={canCreate ? '本年度还没有结算单：确认参保名单后点击“生成结算单”' : '本年度还没有结算单'}
              />
            ),
          }}
        />
      </Card>
      {role === 'unit_operator' && year > 0 && (
        // A unit's own receipts by actual payer, beside its settlements: what it collects from the tax bureau and
        // hands out. Staff read every unit's on 对账 → 票据统计.
        <Card title="票据统计" size="small" style={{ marginTop: 16 }} data-testid="unit-receipt-counts">
          <ReceiptCountsTable year={year} showUnit={false} />
        </Card>
      )}
      {canExportDeductions && <DeductionFileModal open={exportingDeductions} year={year} canEditUnits={role === 'agency_admin'} onClose={() => setExportingDeductions(false)} />}
      {canExportCardDeductions && <CardDeductionFileModal open={exportingCardDeductions} year={year} onClose={() => setExportingCardDeductions(false)} />}
      {canCreate && <CreateSettlementModal open={creating} year={year} pickUnit={role === 'agency_admin'} onClose={() => setCreating(false)} />}
    </>
  );
}

