import { BellOutlined, DownloadOutlined, EditOutlined, EyeOutlined, FileProtectOutlined, PaperClipOutlined, PrinterOutlined, UploadOutlined, UserAddOutlined } from '@ant-design/icons';
import type { TBatchResult, TSignOffInput, TUninsuredItem, TUninsuredStage } from '@canbao/domain';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Checkbox, Col, Empty, Row, Segmented, Space, Statistic, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../../../api/client';
import { queryKeys } from '../../../api/query-keys';
import { EmptyText } from '../../../components/empty-text';
import { FullPageSpin } from '../../../components/full-page-spin';
import { ClassFilter, GradeFilter, StreetFilter, TextFilter, UnitFilter } from '../../../components/list-filters';
import { PageHeader } from '../../../components/page-header';
import { QueryErrorAlert } from '../../../components/query-error-alert';
import { tableScrollWidth } from '../../../lib/table';
import { PAGE_SIZE_OPTIONS, useListSearchParams } from '../../../lib/use-list-search-params';
import { useMe } from '../../auth/hooks/use-me';
import { isResidentsUnit } from '../../units/unit-access';
import { BatchResultModal } from '../../declarations/components/batch-result-modal';
import { CampaignYearBar } from '../../declarations/components/campaign-year-bar';
import { YearClosedNotice } from '../../declarations/components/year-state';
import { defaultCampaignYear } from '../../declarations/declaration-view';
import { useCampaignYears, useDeclarationMutations } from '../../declarations/hooks/use-declarations';
import { formatDate, formatDateTime } from '../../../lib/datetime';
import { revealPerson } from '../../persons/api';
import { RevealModal } from '../../persons/components/reveal-modal';
import { findUninsured, recordUninsuredReason, uninsuredExportUrl, type UninsuredFilters } from '../api';
import { ReasonModal } from '../components/reason-modal';
import { recordSignOff, signOffScanUrl, uploadSignOffScan } from '../../close/api';
import { SignOffModal } from '../../close/components/sign-off-modal';

const FILTERS = ['year', 'unitId', 'gradeCode', 'className', 'streetCode', 'q', 'stage', 'all', 'told'] as const;
const STAGE_COLORS: Record<TUninsuredStage, string> = { undeclared: 'red', declared: 'orange', confirmed: 'gold', settled: 'blue' };

/**
 * 未参保人员 (应保尽保, Suzhou 000 四.6): everyone the unit is responsible for who is not covered for the year — not
 * declared, or declared and not yet paid — by this school year's grade and class, without the graduating class and
 * the leavers unless asked. The school records why (未参保原因) and declares the missed ones from here. A community
 * office's residents have no grade or class: its list goes by hukou street and address.
 */
export function UninsuredPage() {
  const { message } = App.useApp();
  const { me } = useMe();
  const role = me?.user.role;
  const isUnit = role === 'unit_operator';
  const isCommunity = isResidentsUnit(me?.user);
  const years = useCampaignYears();
  const [params, update] = useListSearchParams(FILTERS);
  const year = Number(params.year) || defaultCampaignYear(years.data?.items ?? []) || 0;
  const stage = params.stage === 'undeclared' || params.stage === 'unpaid' ? params.stage : undefined;
  const filters: UninsuredFilters = {
    year,
    unitId: isUnit ? undefined : params.unitId || undefined,
    gradeCode: isCommunity ? undefined : params.gradeCode || undefined,
    className: isCommunity ? undefined : params.className || undefined,
    streetCode: params.streetCode || undefined,
    q: params.q || undefined,
    stage,
    includeGraduating: params.all === 'true',
    signedOff: params.told === 'yes' ? 'true' : params.told === 'no' ? 'false' : undefined,
  };
  const query = { ...filters, page: params.page, pageSize: params.pageSize };
  const list = useQuery({
    queryKey: queryKeys.declarations.uninsured(query),
    queryFn: ({ signal }) => findUninsured(query, signal),
    placeholderData: keepPreviousData,
    enabled: year > 0,
  });
  const queryClient = useQueryClient();
  const reason = useMutation({
    mutationFn: ({ personId, code, note }: { personId: string; code: string; note?: string }) => recordUninsuredReason(personId, { year, code, ...(note ? { note } : {}) }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.declarations.all }),
  });
  const signOff = useMutation({
    mutationFn: async ({ personId, body, scan }: { personId: string; body: TSignOffInput; scan: File | null }) => {
      const saved = await recordSignOff(personId, body);
      return scan ? uploadSignOffScan(personId, body.year, scan) : saved;
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.declarations.all }),
  });
  const [telling, setTelling] = useState<TUninsuredItem | null>(null);
  const { declare } = useDeclarationMutations();
  const [editing, setEditing] = useState<TUninsuredItem | null>(null);
  const [selected, setSelected] = useState<string[]>([]);
  const [batch, setBatch] = useState<TBatchResult | null>(null);
  // 电话催缴: a number is shown in full only after a reveal with a reason (audited), for this visit of the page.
  const [revealing, setRevealing] = useState<TUninsuredItem | null>(null);
  const [phones, setPhones] = useState<Record<string, string>>({});
  const reveal = useMutation({ mutationFn: ({ personId, why }: { personId: string; why: string }) => revealPerson(personId, why) });

  if (years.isPending) return <FullPageSpin />;
  if (years.error) return <QueryErrorAlert error={years.error} onRetry={() => void years.refetch()} />;
  const yearItem = years.data.items.find((i) => i.year === year);
  const locked = isUnit && yearItem?.state === 'closed';

  const declareSelected = async (personIds: string[]) => {
    try {
      const result = await declare.mutateAsync({ year, mode: 'persons', personIds });
      setSelected([]);
      setBatch(result);
    } catch (e) {
      void message.error(errorMessage(e));
    }
  };

  const columns: TableColumnsType<TUninsuredItem> = [
    { title: '姓名', key: 'name', width: 110, fixed: 'left', render: (_, r) => <Link to={`/persons/${r.personId}`}>{r.name}</Link> },
    { title: '证件号码', dataIndex: 'idNumberMasked', width: 190 },
    ...(isUnit ? [] : [{ title: '单位', dataIndex: 'unitName', width: 200, ellipsis: true }]),
    ...(isCommunity
      ? []
      : [
          { title: '年级', dataIndex: 'gradeName', width: 110, render: (v: string) => v || <EmptyText>未填</EmptyText> },
          { title: '班级', dataIndex: 'className', width: 80, render: (v: string | null) => v ?? <EmptyText>未填</EmptyText> },
        ]),
    ...(isUnit && !isCommunity
      ? []
      : [
          { title: '街道', dataIndex: 'streetName', width: 110, render: (v: string | null) => v ?? <EmptyText>未填</EmptyText> },
          { title: '住址', dataIndex: 'address', width: 220, ellipsis: true, render: (v: string | null) => v ?? <EmptyText>未填</EmptyText> },
        ]),
    {
      title: '参保情况',
      key: 'stage',
      width: 130,
      render: (_, r) => (
        <Space size={4} wrap>
          <Tag color={STAGE_COLORS[r.stage]}>{r.stageName}</Tag>
          {r.enrollsThrough && (
            <Tooltip title={`按本统筹区政策由“${r.enrollsThrough}”办理参保，本单位不能申报`}>
              <Tag color="purple" data-testid="uninsured-elsewhere">
                由其他途径参保
              </Tag>
            </Tooltip>
          )}
          {r.graduating && <Tag>毕业班</Tag>}
          {r.leaving && <Tag>离校名单</Tag>}
        </Space>
      ),
    },
    {
      title: '未参保原因',
      key: 'reason',
      width: 220,
      render: (_, r) =>
        r.reason ? (
          <span data-testid="uninsured-reason">
            {r.reason.text}
            {r.reason.note && (
              <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }} ellipsis={{ tooltip: r.reason.note }}>
                {r.reason.note}
              </Typography.Text>
            )}
          </span>
        ) : (
          <EmptyText>未登记</EmptyText>
        ),
    },
    {
      title: '联系人',
      key: 'contact',
      width: 190,
      render: (_, r) =>
        r.contactPhoneMasked || r.contactName ? (
          <span data-testid="uninsured-contact">
            {r.contactName ?? ''}
            {r.contactRelation ? `（${r.contactRelation}）` : ''}
            {r.contactPhoneMasked && (
              <span style={{ display: 'block', fontSize: 12 }}>
                {phones[r.personId] ?? r.contactPhoneMasked}
                {!phones[r.personId] && (
                  <Button type="link" size="small" icon={<EyeOutlined />} onClick={() => setRevealing(r)} aria-label={`查看 ${r.name} 的联系电话`}>
                    查看
                  </Button>
                )}
              </span>
            )}
          </span>
        ) : (
          <EmptyText>未登记</EmptyText>
        ),
    },
    {
      title: '通知发出',
      key: 'notice',
      width: 120,
      render: (_, r) =>
        r.daysSinceNotice === null ? (
          <EmptyText>—</EmptyText>
        ) : (
          <span>
            <Tooltip title={r.noticeSentAt ? `缴费通知单 ${formatDate(r.noticeSentAt)} 发出` : undefined}>{r.daysSinceNotice} 天</Tooltip>
            {r.reminderCount > 0 && (
              <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }} data-testid="uninsured-reminded">
                <Tooltip title={`最近一次催缴 ${formatDateTime(r.noticeRemindedAt)}`}>已催缴 {r.reminderCount} 次</Tooltip>
              </Typography.Text>
            )}
          </span>
        ),
    },
    {
      title: '告知签收',
      key: 'signOff',
      width: 150,
      render: (_, r) =>
        r.signOff ? (
          <span data-testid="uninsured-sign-off">
            {formatDate(r.signOff.toldOn)} {r.signOff.methodName}
            <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
              签字人：{r.signOff.signedBy}
              {r.signOff.hasScan && (
                <a href={signOffScanUrl(r.personId, year)} target="_blank" rel="noreferrer" style={{ marginLeft: 6 }} aria-label={`查看 ${r.name} 的签收单`}>
                  <PaperClipOutlined /> 签收单
                </a>
              )}
            </Typography.Text>
          </span>
        ) : (
          <EmptyText>未告知</EmptyText>
        ),
    },
    {
      title: '操作',
      key: 'actions',
      width: 200,
      fixed: 'right',
      render: (_, r) => (
        <Space size={4}>
          <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing(r)} aria-label={`登记 ${r.name} 的未参保原因`}>
            原因
          </Button>
          <Button type="link" size="small" icon={<FileProtectOutlined />} onClick={() => setTelling(r)} aria-label={`登记 ${r.name} 的告知签收`}>
            告知
          </Button>
          {r.stage === 'undeclared' && !locked && !r.enrollsThrough && (
            <Button type="link" size="small" icon={<UserAddOutlined />} loading={declare.isPending} onClick={() => void declareSelected([r.personId])} aria-label={`申报 ${r.name}`}>
              申报
            </Button>
          )}
        </Space>
      ),
    },
  ];
  const counts = list.data?.counts;

  return (
    <>
      <PageHeader
        title="未参保人员"
        description={
          isCommunity
            ? `${me?.user.unitName ?? '本单位'}负责的居民中应参保而尚未申报或尚未缴费的人员，按户籍街道和住址列出。可按姓名、证件号码或地址查找，登记未参保原因，或直接申报漏报的人员。`
            : isUnit
            ? `${me?.user.unitName ?? '本单位'}应参保而尚未申报或尚未缴费的人员，按本学年的年级、班级列出（不含毕业班和离校名单人员）。可登记未参保原因，或直接申报漏报的人员。`
            : '统筹区内各单位应参保而尚未申报或尚未缴费的人员，按单位、年级、班级列出。'
        }
        extra={
          <Space wrap>
            <Button icon={<DownloadOutlined />} href={uninsuredExportUrl(filters)} title={isCommunity ? '每个街道一个工作表，证件号码已脱敏' : '每班一个工作表，证件号码已脱敏'}>
              {isCommunity ? '导出 Excel（按街道）' : '导出 Excel（按班级）'}
            </Button>
            {(isUnit || filters.unitId) && !isCommunity && (
              <Link
                to={`/uninsured/sheets?${new URLSearchParams({
                  year: String(year),
                  ...(filters.unitId ? { unitId: filters.unitId } : {}),
                  ...(filters.gradeCode ? { gradeCode: filters.gradeCode } : {}),
                  ...(filters.className ? { className: filters.className } : {}),
                }).toString()}`}
              >
                <Button icon={<PrinterOutlined />}>班级参保情况表</Button>
              </Link>
            )}
            {(isUnit || filters.unitId) && (counts?.unpaid ?? 0) > 0 && (
              <Link
                to={`/uninsured/reminders?${new URLSearchParams({
                  year: String(year),
                  ...(filters.unitId ? { unitId: filters.unitId } : {}),
                  ...(filters.gradeCode ? { gradeCode: filters.gradeCode } : {}),
                  ...(filters.className ? { className: filters.className } : {}),
                }).toString()}`}
              >
                <Button icon={<BellOutlined />} title="补打待缴费人员的缴费通知单，记为一次催缴">
                  补打缴费通知
                </Button>
              </Link>
            )}
            <Link to="/imports?kind=uninsured_reasons">
              <Button icon={<UploadOutlined />} title="用模板一次登记全班的未参保原因">
                批量登记原因
              </Button>
            </Link>
            {!locked && (
              <Button type="primary" icon={<UserAddOutlined />} disabled={selected.length === 0} loading={declare.isPending} onClick={() => void declareSelected(selected)}>
                申报所选（{selected.length}）
              </Button>
            )}
          </Space>
        }
      />
      <CampaignYearBar years={years.data} year={year} onChange={(y) => update({ year: String(y) })} />
      <YearClosedNotice item={yearItem} role={role} />
      {list.error && <QueryErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title="未申报" value={counts?.undeclared ?? 0} suffix="人" styles={{ content: { color: counts?.undeclared ? '#cf1322' : undefined } }} data-testid="count-undeclared" />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title="已申报未缴费" value={counts?.unpaid ?? 0} suffix="人" data-testid="count-unpaid" />
          </Card>
        </Col>
      </Row>
      <Card>
        <Space wrap style={{ marginBottom: 16 }}>
          <Segmented
            aria-label="参保情况"
            value={stage ?? 'all'}
            options={[
              { value: 'all', label: '全部' },
              { value: 'undeclared', label: '未申报' },
              { value: 'unpaid', label: '未缴费' },
            ]}
            onChange={(v) => update({ stage: v === 'all' ? '' : String(v) })}
          />
          {!isUnit && <UnitFilter value={params.unitId} onChange={(unitId) => update({ unitId })} />}
          {isCommunity ? (
            <StreetFilter value={params.streetCode} onChange={(streetCode) => update({ streetCode })} />
          ) : (
            <>
              <GradeFilter value={params.gradeCode} onChange={(gradeCode) => update({ gradeCode })} />
              <ClassFilter value={params.className} onChange={(className) => update({ className })} />
            </>
          )}
          <TextFilter
            value={params.q}
            onChange={(q) => update({ q })}
            label="查找人员"
            placeholder={isCommunity ? '姓名、证件号码或地址' : '姓名或完整证件号码'}
          />
          <Segmented
            aria-label="告知签收"
            value={params.told || 'all'}
            options={[
              { value: 'all', label: '不限告知' },
              { value: 'yes', label: '已告知' },
              { value: 'no', label: '未告知' },
            ]}
            onChange={(v) => update({ told: v === 'all' ? '' : String(v) })}
          />
          <Checkbox checked={params.all === 'true'} onChange={(e) => update({ all: e.target.checked ? 'true' : '' })}>
            含毕业班和离校名单人员
          </Checkbox>
        </Space>
        <Table<TUninsuredItem>
          data-testid="uninsured-table"
          rowKey="personId"
          size="middle"
          columns={columns}
          dataSource={list.data?.items}
          loading={list.isPending || list.isFetching}
          scroll={{ x: tableScrollWidth(columns, { selection: !locked }) }}
          rowSelection={
            locked
              ? undefined
              : {
                  selectedRowKeys: selected,
                  getCheckboxProps: (r) => ({ disabled: r.stage !== 'undeclared' || r.enrollsThrough !== null }),
                  onChange: (keys) => setSelected(keys as string[]),
                }
          }
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有未参保人员：应参保的人员都已申报并缴费" /> }}
          pagination={{
            current: params.page,
            pageSize: params.pageSize,
            total: list.data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: PAGE_SIZE_OPTIONS,
            showTotal: (total) => <Typography.Text type="secondary">共 {total} 人</Typography.Text>,
            onChange: (page, pageSize) => update(pageSize !== params.pageSize ? { page: 1, pageSize } : { page, pageSize }),
          }}
        />
      </Card>
      <RevealModal
        open={revealing !== null}
        loading={reveal.isPending}
        onCancel={() => setRevealing(null)}
        onSubmit={(why) =>
          revealing &&
          reveal.mutate(
            { personId: revealing.personId, why },
            {
              onSuccess: (person) => {
                const phone = person.guardian?.phone ?? person.phone;
                if (phone) setPhones((shown) => ({ ...shown, [revealing.personId]: phone }));
                setRevealing(null);
              },
              onError: (e) => void message.error(errorMessage(e)),
            },
          )
        }
      />
      <ReasonModal
        item={editing}
        year={year}
        loading={reason.isPending}
        onCancel={() => setEditing(null)}
        onSubmit={(v) =>
          editing &&
          reason.mutate(
            { personId: editing.personId, ...v },
            {
              onSuccess: () => {
                void message.success(`已登记 ${editing.name} 的未参保原因`);
                setEditing(null);
              },
              onError: (e) => void message.error(errorMessage(e)),
            },
          )
        }
      />
      <SignOffModal
        item={telling}
        year={year}
        loading={signOff.isPending}
        onCancel={() => setTelling(null)}
        onSubmit={(body, scan) =>
          telling &&
          signOff.mutate(
            { personId: telling.personId, body, scan },
            {
              onSuccess: () => {
                void message.success(`已登记 ${telling.name} 的告知签收${scan ? '和签收单' : ''}`);
                setTelling(null);
              },
              onError: (e) => void message.error(errorMessage(e)),
            },
          )
        }
      />
      <BatchResultModal title="申报漏报人员" result={batch} onClose={() => setBatch(null)} />
    </>
  );
}
