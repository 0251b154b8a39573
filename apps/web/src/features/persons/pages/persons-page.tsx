import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { GENDER_NAMES, PERSON_HUKOU_NAMES, PERSON_STATUSES, PERSON_STATUS_NAMES, gradeName, type TPersonListItem } from '@canbao/domain';
import { Button, Card, Empty, Input, Select, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { Link, useNavigate } from 'react-router';
import { EmptyText } from '../../../components/empty-text';
import { ClassFilter, GradeFilter, UnitFilter } from '../../../components/list-filters';
import { tableScrollWidth } from '../../../lib/table';
import { PageHeader } from '../../../components/page-header';
import { QueryErrorAlert } from '../../../components/query-error-alert';
import { PAGE_SIZE_OPTIONS, useListSearchParams } from '../../../lib/use-list-search-params';
import { useMe } from '../../auth/hooks/use-me';
import { isResidentsUnit } from '../../units/unit-access';
import { personsExportUrl, type PersonListFilters } from '../api';
import { usePersons } from '../hooks/use-persons';

const FILTERS = ['q', 'gradeCode', 'className', 'status', 'unitId'] as const;

function columns(showUnit: boolean, residents: boolean): TableColumnsType<TPersonListItem> {
  return [
    {
      title: '姓名',
      dataIndex: 'name',
      width: 110,
      fixed: 'left',
      render: (name: string, p) => <Link to={`/persons/${p.id}`}>{name}</Link>,
    },
    {
      title: '证件号码',
      dataIndex: 'documentNumber',
      width: 200,
      render: (v: string, p) => (
        <Space size={4}>
          <span style={{ fontVariantNumeric: 'tabular-nums' }}>{v}</span>
          {p.isTemporaryNumber && <Tag color="orange">临时编号</Tag>}
        </Space>
      ),
    },
    { title: '性别', dataIndex: 'gender', width: 60, render: (g: TPersonListItem['gender']) => GENDER_NAMES[g] },
    { title: '出生日期', dataIndex: 'birthDate', width: 110 },
    ...(showUnit
      ? [{ title: '单位', dataIndex: 'unitName', ellipsis: true, render: (v: string | null) => v || <EmptyText /> }]
      : []),
    ...(residents
      ? [{ title: '户籍地址', dataIndex: 'hukouAddress', width: 260, ellipsis: true, render: (v: string | null) => v || <EmptyText /> }]
      : [
          { title: '年级', dataIndex: 'gradeCode', width: 110, render: (v: string | null) => (v ? gradeName(v) : <EmptyText />) },
          { title: '班级', dataIndex: 'className', width: 90, render: (v: string | null) => v || <EmptyText /> },
          { title: '学号', dataIndex: 'studentNumber', width: 120, render: (v: string | null) => v || <EmptyText /> },
        ]),
    {
      title: '户籍',
      dataIndex: 'hukouType',
      width: 90,
      render: (v: TPersonListItem['hukouType']) => PERSON_HUKOU_NAMES[v],
    },
    {
      title: '状态',
      dataIndex: 'status',
      width: 90,
      // In sight at any width, as the name on the left.
      fixed: 'right',
      render: (s: TPersonListItem['status'], p: TPersonListItem) =>
        s === 'stopped' && p.stopReason ? (
          <Tooltip title={`${p.stoppedOn ? `${p.stoppedOn} ` : ''}${p.stopReason}`}>
            <Tag>{PERSON_STATUS_NAMES[s]}</Tag>
          </Tooltip>
        ) : (
          <Tag color={s === 'active' ? 'green' : 'default'}>{PERSON_STATUS_NAMES[s]}</Tag>
        ),
    },
  ];
}

/** 参保人员: the persons of the role's scope — a unit's own, or the whole region for the agency and collectors. */
export function PersonsPage() {
  const { me } = useMe();
  const navigate = useNavigate();
  const role = me?.user.role;
  const seesUnits = role === 'agency_admin' || role === 'collector';
  const canRegister = role === 'agency_admin' || role === 'unit_operator';
  const [params, update] = useListSearchParams(FILTERS);
  const status = params.status === 'active' || params.status === 'stopped' ? params.status : '';
  // The list and its export read the same filters from the URL.
  const filters: PersonListFilters = {
    q: params.q,
    gradeCode: params.gradeCode,
    className: params.className,
    status,
    unitId: seesUnits ? params.unitId : '',
  };
  const { data, error, isPending, isFetching, refetch } = usePersons({ ...filters, page: params.page, pageSize: params.pageSize });
  const filtered = FILTERS.some((f) => params[f]);

  // A community office's residents: found by address, no grade or class.
  const residents = isResidentsUnit(me?.user);
  const tableColumns = columns(seesUnits, residents);
  return (
    <>
      <PageHeader
        title="参保人员"
        description={
          role === 'unit_operator'
            ? `${me?.user.unitName ?? '本单位'}登记的人员。证件号码和电话已脱敏，在详情页可查看完整号码（记入审计日志）。`
            : '统筹区内登记的全部人员。证件号码和电话已脱敏。'
        }
        extra={
          <Space>
            <Button icon={<DownloadOutlined />} href={personsExportUrl(filters)} title="按当前筛选条件导出全部人员，证件号码和电话已脱敏">
              导出 Excel
            </Button>
            {canRegister && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => void navigate('/persons/new')}>
                登记人员
              </Button>
            )}
          </Space>
        }
      />
      {error && <QueryErrorAlert error={error} onRetry={() => void refetch()} />}
      <Card>
        <Space wrap style={{ marginBottom: 16 }}>
          <Input.Search
            key={`q-${params.q}`}
            defaultValue={params.q}
            placeholder={
              residents ? '姓名、完整证件号码或地址' : seesUnits && !params.unitId ? '姓名或完整证件号码' : '姓名、完整证件号码、学号或班级'
            }
            aria-label="搜索人员"
            allowClear
            enterButton="搜索"
            style={{ width: 340 }}
            onSearch={(value) => update({ q: value.trim() })}
          />
          {seesUnits && <UnitFilter value={params.unitId} onChange={(unitId) => update({ unitId })} />}
          {!residents && <GradeFilter value={params.gradeCode} onChange={(gradeCode) => update({ gradeCode })} />}
          {!residents && <ClassFilter value={params.className} onChange={(className) => update({ className })} />}
          <Select
            aria-label="状态"
            allowClear
            placeholder="全部状态"
            style={{ width: 120 }}
            value={status || undefined}
            options={PERSON_STATUSES.map((value) => ({ value, label: PERSON_STATUS_NAMES[value] }))}
            onChange={(v: string | undefined) => update({ status: v ?? '' })}
          />
          {filtered && (
            <Button type="link" onClick={() => update({ q: '', gradeCode: '', className: '', status: '', unitId: '' })}>
              清除筛选
            </Button>
          )}
        </Space>
        <Table<TPersonListItem>
          data-testid="persons-table"
          rowKey="id"
          size="middle"
          columns={tableColumns}
          dataSource={data?.items}
          loading={isPending || isFetching}
          scroll={{ x: tableScrollWidth(tableColumns) }}
          locale={{
            emptyText: (
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description={filtered ? '没有符合条件的人员' : canRegister ? '还没有登记人员，点击“登记人员”开始' : '暂无人员'}
              />
            ),
          }}
          pagination={{
            current: params.page,
            pageSize: params.pageSize,
            total: data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: PAGE_SIZE_OPTIONS,
            showTotal: (total) => <Typography.Text type="secondary">共 {total} 人</Typography.Text>,
            onChange: (page, pageSize) => update(pageSize !== params.pageSize ? { page: 1, pageSize } : { page, pageSize }),
          }}
        />
      </Card>
    </>
  );
}
