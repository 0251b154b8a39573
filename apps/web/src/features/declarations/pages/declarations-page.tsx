import { CheckSquareOutlined, DownloadOutlined, HistoryOutlined, HomeOutlined, TeamOutlined, UserAddOutlined, WarningOutlined } from '@ant-design/icons';
import { DECLARATION_STATUSES, DECLARATION_STATUS_NAMES, ZDeclarationStatus, gradeName, type TBatchResult, type TDeclaration } from '@canbao/domain';
import {
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Empty,
  Input,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  Tooltip,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../../../api/client';
import { EmptyText } from '../../../components/empty-text';
import { FullPageSpin } from '../../../components/full-page-spin';
import { ClassFilter, GradeFilter, UnitFilter } from '../../../components/list-filters';
import { PageHeader } from '../../../components/page-header';
import { QueryErrorAlert } from '../../../components/query-error-alert';
import { formatYuan } from '../../../lib/money';
import { tableScrollWidth } from '../../../lib/table';
import { PAGE_SIZE_OPTIONS, useListSearchParams } from '../../../lib/use-list-search-params';
import { useMe } from '../../auth/hooks/use-me';
import { useUnitOptions } from '../../units/hooks/use-units';
import { isResidentsUnit } from '../../units/unit-access';
import { declarationsExportUrl, type DeclarationFilters } from '../api';
import { BatchResultModal } from '../components/batch-result-modal';
import { RosterExport } from '../components/roster-export';
import { CarryOverModal } from '../components/carry-over-modal';
import { CampaignYearBar } from '../components/campaign-year-bar';
import { YearClosedNotice } from '../components/year-state';
import { ClassDeclareModal, type ClassDeclareValues } from '../components/class-declare-modal';
import { ConfirmDeclarationsModal, type ConfirmScope } from '../components/confirm-declarations-modal';
import { DeclarationDrawer } from '../components/declaration-drawer';
import { PersonPickerModal } from '../components/person-picker-modal';
import { RemoveDeclarationModal } from '../components/remove-declaration-modal';
import { DECLARATION_STATUS_COLORS, defaultCampaignYear } from '../declaration-view';
import { useCampaignYears, useDeclarationMutations, useDeclarations } from '../hooks/use-declarations';

const FILTERS = ['year', 'q', 'unitId', 'gradeCode', 'className', 'status', 'flagged'] as const;

function columns(opts: { showUnit: boolean; showClass: boolean; canDeclare: boolean; onOpen: (d: TDeclaration) => void; onRemove: (d: TDeclaration) => void }): TableColumnsType<TDeclaration> {
  return [
    {
      title: '姓名',
      key: 'name',
      width: 150,
      fixed: 'left',
      render: (_, d) => (
        <Space size={4} wrap>
          <Typography.Link onClick={() => opts.onOpen(d)} type={d.leaving ? 'danger' : undefined}>
            {d.person.name}
          </Typography.Link>
          {d.leaving && (
            <Tooltip title={d.leaving.reason === 'past_graduation' ? '预计毕业年份早于参保年度：如已毕业，请撤销申报' : '学籍系统已标记离校：如已离校，请撤销申报'}>
              <Tag color="red" icon={<WarningOutlined />} data-testid="leaver-tag">
                {d.leaving.reasonName}
              </Tag>
            </Tooltip>
          )}
        </Space>
      ),
    },
    { title: '证件号码', key: 'doc', width: 175, render: (_, d) => <span style={{ fontVariantNumeric: 'tabular-nums' }}>{d.person.documentNumber}</span> },
    ...(opts.showUnit ? [{ title: '单位', key: 'unit', ellipsis: true, render: (_: unknown, d: TDeclaration) => d.unit?.name ?? <EmptyText /> }] : []),
    ...(opts.showClass
      ? [
          { title: '年级', key: 'grade', width: 105, render: (_: unknown, d: TDeclaration) => (d.person.gradeCode ? gradeName(d.person.gradeCode) : <EmptyText />) },
          { title: '班级', key: 'class', width: 70, render: (_: unknown, d: TDeclaration) => d.person.className || <EmptyText /> },
        ]
      : []),
    { title: '人员类别', key: 'category', width: 100, ellipsis: true, render: (_, d) => d.category.name },
    { title: '缴费标准', key: 'total', width: 100, align: 'right', render: (_, d) => formatYuan(d.totalFen) },
    {
      title: '减免',
      key: 'subsidy',
      width: 140,
      align: 'right',
      render: (_, d) =>
        d.subsidy ? (
          <Tooltip title={d.subsidy.name}>
            <span>
              <Tag color="purple" style={{ marginInlineEnd: 4 }}>
                {d.subsidy.name.length > 4 ? `${d.subsidy.name.slice(0, 4)}…` : d.subsidy.name}
              </Tag>
              {formatYuan(d.subsidyFen)}
            </span>
          </Tooltip>
        ) : (
          <EmptyText />
        ),
    },
    // 应缴 and 状态 stay in sight beside 操作 at any width; the columns between them scroll.
    { title: '应缴', key: 'payable', width: 110, align: 'right', fixed: 'right', render: (_, d) => <Typography.Text strong>{formatYuan(d.payableFen)}</Typography.Text> },
    { title: '状态', key: 'status', width: 110, fixed: 'right', render: (_, d) => <Tag color={DECLARATION_STATUS_COLORS[d.status]}>{d.statusName}</Tag> },
    {
      title: '操作',
      key: 'actions',
      width: opts.canDeclare ? 110 : 70,
      fixed: 'right',
      render: (_, d) => (
        <Space size={4}>
          <Button type="link" size="small" style={{ paddingInline: 0 }} onClick={() => opts.onOpen(d)}>
            详情
          </Button>
          {opts.canDeclare && (d.status === 'declared' || d.status === 'confirmed') && (
            <Button type="link" size="small" danger style={{ paddingInline: 4 }} onClick={() => opts.onRemove(d)}>
              撤销
            </Button>
          )}
        </Space>
      ),
    },
  ];
}

/**
 * 参保申报 and 参保缴费确认: a year's declarations of the unit (or the region), declared by class, by carry-over or
 * person by person, then confirmed — nothing is charged before the confirmation.
 */
export function DeclarationsPage() {
  const { message } = App.useApp();
  const { me } = useMe();
  const role = me?.user.role;
  const isUnit = role === 'unit_operator';
  const canDeclare = role === 'agency_admin' || isUnit;
  const seesUnits = !isUnit;
  // A community office declares households and residents, not classes.
  const isCommunity = isResidentsUnit(me?.user);
  const years = useCampaignYears();
  const units = useUnitOptions(seesUnits);
  const [params, update] = useListSearchParams(FILTERS);
  const year = Number(params.year) || defaultCampaignYear(years.data?.items ?? []) || 0;
  const status = ZDeclarationStatus.safeParse(params.status).data ?? '';
  const filters: DeclarationFilters = {
    year,
    status,
    q: params.q,
    gradeCode: params.gradeCode,
    className: params.className,
    unitId: seesUnits ? params.unitId : '',
    flagged: params.flagged === 'true',
  };
  const list = useDeclarations({ ...filters, page: params.page, pageSize: params.pageSize }, year > 0);
  const mutations = useDeclarationMutations();

  const [selected, setSelected] = useState<Map<string, TDeclaration>>(new Map());
  const [openId, setOpenId] = useState<string | null>(null);
  const [removing, setRemoving] = useState<TDeclaration | null>(null);
  const [classOpen, setClassOpen] = useState(false);
  const [carryOpen, setCarryOpen] = useState(false);
  const [pickerOpen, setPickerOpen] = useState(false);
  const [confirmScope, setConfirmScope] = useState<ConfirmScope | null>(null);
  const [batch, setBatch] = useState<{ title: string; result: TBatchResult } | null>(null);

  if (years.isPending) return <FullPageSpin />;
  if (years.error) return <QueryErrorAlert error={years.error} onRetry={() => void years.refetch()} />;
  if (!years.data.items.length) {
    return (
      <>
        <PageHeader title="参保申报" />
        <Card>
          <Empty description="本统筹区还没有配置参保年度的政策方案，请联系经办机构。" />
        </Card>
      </>
    );
  }

  const yearItem = years.data.items.find((i) => i.year === year);
  const summary = list.data?.summary;
  const declaredCount = summary?.byStatus.declared ?? 0;
  const unitName = seesUnits ? units.data?.find((u) => u.id === params.unitId)?.name : (me?.user.unitName ?? undefined);
  const filtered = FILTERS.some((f) => f !== 'year' && params[f]);
  const yearClosed = yearItem?.state === 'closed';
  // A closed year: a unit only reads it; the agency changes it giving a reason (asked when it does).
  const canChange = canDeclare && !(isUnit && yearClosed);
  const outsideWindows = yearItem?.windowToday === 'outside' && !(role === 'agency_admin' && yearClosed);

  /** Declares and shows the outcome; resolves either way so a dialog's spinner stops. */
  const runBatch = async (title: string, input: Omit<Parameters<typeof mutations.declare.mutateAsync>[0], 'year'>, after?: () => void) => {
    try {
      const result = await mutations.declare.mutateAsync({ year, ...input });
      after?.();
      setBatch({ title, result });
    } catch (e) {
      void message.error(errorMessage(e));
    }
  };

  const unitNameOf = (id: string | undefined) => (id ? units.data?.find((u) => u.id === id)?.name : undefined);
  /** After the agency declares for a unit, the list shows that unit: what was just declared is on screen. */
  const showUnit = (id: string | undefined) => {
    if (seesUnits && id && id !== params.unitId) update({ unitId: id });
  };

  const declareClass = (v: ClassDeclareValues) =>
    void runBatch(
      `整班申报：${[unitNameOf(v.unitId) ?? '', v.gradeCode ? gradeName(v.gradeCode) : '', v.className ?? ''].join(' ').trim()}`,
      { mode: 'class', ...v },
      () => {
        setClassOpen(false);
        showUnit(v.unitId);
      },
    );

  const carryOver = (unitId: string | undefined) =>
    void runBatch(`延续上年度参保人员${unitNameOf(unitId) ? `：${unitNameOf(unitId)}` : ''}`, { mode: 'carry_over', unitId }, () => {
      setCarryOpen(false);
      showUnit(unitId);
    });

  const headerActions = (
    <Space wrap>
      <Button icon={<DownloadOutlined />} href={declarationsExportUrl(filters)} title="按当前筛选条件导出，证件号码已脱敏">
        导出 Excel
      </Button>
      {(role === 'agency_admin' || role === 'unit_operator') && (
        <RosterExport year={year} unitId={filters.unitId || undefined} unitName={filters.unitId ? unitNameOf(filters.unitId) : undefined} isAgency={role === 'agency_admin'} />
      )}
      {canChange && (
        <>
          {isCommunity ? (
            <Link to="/households">
              <Button icon={<HomeOutlined />} disabled={outsideWindows} title="在“家庭”中查找家庭，一次申报全部成员">
                整户申报
              </Button>
            </Link>
          ) : (
            <Button icon={<TeamOutlined />} disabled={outsideWindows} onClick={() => setClassOpen(true)}>
              整班申报
            </Button>
          )}
          <Button icon={<HistoryOutlined />} disabled={outsideWindows} onClick={() => setCarryOpen(true)}>
            延续上年度参保人员
          </Button>
          <Button type="primary" icon={<UserAddOutlined />} disabled={outsideWindows} onClick={() => setPickerOpen(true)}>
            申报所选人员
          </Button>
        </>
      )}
    </Space>
  );

  const tableColumns = columns({ showUnit: seesUnits, showClass: !isCommunity, canDeclare: canChange, onOpen: (d) => setOpenId(d.id), onRemove: setRemoving });
  return (
    <>
      <PageHeader
        title="参保申报"
        description={
          isUnit
            ? `${me?.user.unitName ?? '本单位'}的参保申报名单。申报后请做“参保缴费确认”，确认前不收费；红色标记为学籍系统列出的离校人员。`
            : '统筹区内各单位的参保申报名单、确认与缴费进度。红色标记为学籍系统列出的离校人员。'
        }
        extra={headerActions}
      />
      <CampaignYearBar
        years={years.data}
        year={year}
        onChange={(y) => {
          setSelected(new Map());
          update({ year: String(y) });
        }}
      />
      <YearClosedNotice item={yearItem} role={role} />
      {list.error && <QueryErrorAlert error={list.error} onRetry={() => void list.refetch()} />}

      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={24} xl={16}>
          <Card size="small" title={`${year} 年度汇总${seesUnits && unitName ? `（${unitName}）` : ''}`} style={{ height: '100%' }} data-testid="declaration-summary">
            <Row gutter={[16, 12]}>
              {DECLARATION_STATUSES.map((s) => (
                <Col key={s} xs={12} sm={8} md={4}>
                  <Statistic
                    title={
                      <Typography.Link type="secondary" onClick={() => update({ status: status === s ? '' : s })} style={{ fontWeight: status === s ? 600 : undefined }}>
                        {DECLARATION_STATUS_NAMES[s]}
                      </Typography.Link>
                    }
                    value={summary?.byStatus[s] ?? 0}
                    suffix="人"
                    data-testid={`summary-${s}`}
                  />
                </Col>
              ))}
              <Col xs={12} sm={8} md={4}>
                <Statistic
                  title={
                    <Typography.Link type="secondary" onClick={() => update({ flagged: params.flagged === 'true' ? '' : 'true' })}>
                      离校标记
                    </Typography.Link>
                  }
                  value={summary?.flagged ?? 0}
                  suffix="人"
                  styles={{ content: summary?.flagged ? { color: '#cf1322' } : undefined }}
                />
              </Col>
              <Col xs={12} sm={8} md={8}>
                <Statistic title="应缴合计（不含已撤销）" value={formatYuan(summary?.payableFen ?? 0)} data-testid="summary-payable" />
              </Col>
              <Col xs={12} sm={8} md={8}>
                <Statistic title="已缴合计" value={formatYuan(summary?.paidFen ?? 0)} styles={{ content: { color: '#389e0d' } }} data-testid="summary-paid" />
              </Col>
            </Row>
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card size="small" title="参保缴费确认" style={{ height: '100%' }} data-testid="confirm-card">
            <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
              核对名单后确认，确认后才能生成结算单收费。{declaredCount > 0 ? `现有 ${declaredCount} 人已申报待确认。` : '目前没有待确认的人员。'}
            </Typography.Paragraph>
            {canChange ? (
              <Space wrap>
                <Button
                  type="primary"
                  icon={<CheckSquareOutlined />}
                  disabled={declaredCount === 0}
                  onClick={() => setConfirmScope({ kind: 'all', year, unitId: seesUnits ? params.unitId || undefined : undefined, unitName })}
                >
                  确认全部已申报
                </Button>
                <Button disabled={selected.size === 0} onClick={() => setConfirmScope({ kind: 'selected', year, items: [...selected.values()] })}>
                  确认所选（{selected.size}）
                </Button>
              </Space>
            ) : (
              <Typography.Text type="secondary">{canDeclare ? '本年度已关闭，只能查看。' : '本账号只能查看。'}</Typography.Text>
            )}
          </Card>
        </Col>
      </Row>

      <Card>
        <Space wrap style={{ marginBottom: 16 }}>
          <Input.Search
            key={`q-${params.q}`}
            defaultValue={params.q}
            placeholder="姓名或完整证件号码"
            aria-label="搜索申报人员"
            allowClear
            enterButton="搜索"
            style={{ width: 300 }}
            onSearch={(value) => update({ q: value.trim() })}
          />
          {seesUnits && <UnitFilter value={params.unitId} onChange={(unitId) => update({ unitId })} />}
          {!isCommunity && <GradeFilter value={params.gradeCode} onChange={(gradeCode) => update({ gradeCode })} />}
          {!isCommunity && <ClassFilter value={params.className} onChange={(className) => update({ className })} />}
          <Select
            aria-label="申报状态"
            allowClear
            placeholder="全部状态（不含已撤销）"
            style={{ width: 200 }}
            value={status || undefined}
            options={DECLARATION_STATUSES.map((s) => ({ value: s, label: DECLARATION_STATUS_NAMES[s] }))}
            onChange={(v: string | undefined) => update({ status: v ?? '' })}
          />
          <Checkbox checked={params.flagged === 'true'} onChange={(e) => update({ flagged: e.target.checked ? 'true' : '' })}>
            只看离校标记人员
          </Checkbox>
          {filtered && (
            <Button type="link" onClick={() => update({ q: '', gradeCode: '', className: '', status: '', unitId: '', flagged: '' })}>
              清除筛选
            </Button>
          )}
        </Space>
        <Table<TDeclaration>
          data-testid="declarations-table"
          rowKey="id"
          size="middle"
          rowClassName={(d) => (d.leaving ? 'cb-row-leaver' : '')}
          columns={tableColumns}
          dataSource={list.data?.items}
          loading={list.isPending || list.isFetching}
          scroll={{ x: tableScrollWidth(tableColumns, { selection: canChange }) }}
          rowSelection={
            canChange
              ? {
                  selectedRowKeys: [...selected.keys()],
                  preserveSelectedRowKeys: true,
                  getCheckboxProps: (d) => ({ disabled: d.status !== 'declared' }),
                  onChange: (_keys, rows) =>
                    setSelected((prev) => {
                      const keys = new Set(_keys as string[]);
                      const next = new Map([...prev].filter(([k]) => keys.has(k)));
                      for (const r of rows) if (r) next.set(r.id, r);
                      return next;
                    }),
                }
              : undefined
          }
          locale={{
            emptyText: (
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description={filtered ? '没有符合条件的申报' : canChange ? (isCommunity ? '本年度还没有申报，可用“延续上年度参保人员”或“整户申报”开始' : '本年度还没有申报，可用“整班申报”或“延续上年度参保人员”开始') : '暂无申报'}
              />
            ),
          }}
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

      <DeclarationDrawer id={openId} onClose={() => setOpenId(null)} />
      <ClassDeclareModal
        open={classOpen}
        year={year}
        loading={mutations.declare.isPending}
        pickUnit={seesUnits}
        defaultUnitId={params.unitId || undefined}
        onCancel={() => setClassOpen(false)}
        onSubmit={declareClass}
      />
      <CarryOverModal
        open={carryOpen}
        year={year}
        loading={mutations.declare.isPending}
        pickUnit={seesUnits}
        defaultUnitId={params.unitId || undefined}
        onCancel={() => setCarryOpen(false)}
        onSubmit={carryOver}
      />
      {/* Only for roles that declare: the picker reads the persons list, which a viewer may not. */}
      {canDeclare && (
        <PersonPickerModal
          open={pickerOpen}
          year={year}
          seesUnits={seesUnits}
          loading={mutations.declare.isPending}
          onCancel={() => setPickerOpen(false)}
          onSubmit={(personIds) => void runBatch('申报所选人员', { mode: 'persons', personIds }, () => setPickerOpen(false))}
        />
      )}
      <BatchResultModal title={batch?.title ?? ''} result={batch?.result ?? null} onClose={() => setBatch(null)} />
      <RemoveDeclarationModal
        declaration={removing}
        loading={mutations.remove.isPending}
        onCancel={() => setRemoving(null)}
        onSubmit={(reason) =>
          removing &&
          mutations.remove.mutate(
            { id: removing.id, reason },
            {
              onSuccess: (d) => {
                void message.success(`已撤销 ${d.person.name} 的申报`);
                setSelected((prev) => new Map([...prev].filter(([k]) => k !== d.id)));
                setRemoving(null);
              },
              onError: (e) => void message.error(errorMessage(e)),
            },
          )
        }
      />
      <ConfirmDeclarationsModal
        scope={confirmScope}
        loading={mutations.confirm.isPending}
        onCancel={() => setConfirmScope(null)}
        onSubmit={({ year: y, ids, payableFen }) =>
          mutations.confirm.mutate(
            { year: y, ids },
            {
              onSuccess: ({ confirmed }) => {
                void message.success(`已确认 ${confirmed} 人，应缴 ${formatYuan(payableFen)}。下一步：在“结算单”中生成结算单。`);
                setSelected(new Map());
                setConfirmScope(null);
              },
              onError: (e) => void message.error(errorMessage(e)),
            },
          )
        }
      />
    </>
  );
}
