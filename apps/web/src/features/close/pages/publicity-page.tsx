import { DownloadOutlined, PrinterOutlined } from '@ant-design/icons';
import type { TPublicity, TPublicityKind } from '@canbao/domain';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, DatePicker, Empty, Segmented, Skeleton, Space, Typography } from 'antd';
import { useEffect } from 'react';
import { queryKeys } from '../../../api/query-keys';
import { FullPageSpin } from '../../../components/full-page-spin';
import { ClassFilter, GradeFilter, UnitFilter } from '../../../components/list-filters';
import { PageHeader } from '../../../components/page-header';
import { QueryErrorAlert } from '../../../components/query-error-alert';
import { DATE_FORMAT, dayjs, formatDateTime } from '../../../lib/datetime';
import { useListSearchParams } from '../../../lib/use-list-search-params';
import { useMe } from '../../auth/hooks/use-me';
import { CampaignYearBar } from '../../declarations/components/campaign-year-bar';
import { defaultCampaignYear } from '../../declarations/declaration-view';
import { useCampaignYears } from '../../declarations/hooks/use-declarations';
import '../../chase/pages/class-sheets.css';
import { getPublicity, publicityExportUrl, type PublicityQuery } from '../api';

const FILTERS = ['year', 'kind', 'unitId', 'gradeCode', 'className', 'from', 'to'] as const;

function Sheet({ p }: { p: TPublicity }) {
  return (
    <section className="cb-class-sheet" data-testid="publicity-sheet">
      <h2 className="cb-class-sheet-title">{p.title}</h2>
      <div className="cb-class-sheet-meta">
        <span>
          公示期：{p.from} 至 {p.to}
        </span>
        <span>共 {p.total} 人</span>
      </div>
      {p.kind === 'unpaid' && (
        <p style={{ margin: '0 0 3mm' }}>
          以下人员未在规定期内缴纳 {p.year} 年度城乡居民医疗保险费，已逐一告知{p.transitionNotice ? `：${p.transitionNotice}` : '过渡期和缴费时间'}，并签字确认。
        </p>
      )}
      <table className="cb-class-sheet-table">
        <thead>
          <tr>
            <th style={{ width: '9%' }}>序号</th>
            <th style={{ width: '16%' }}>姓名</th>
            <th style={{ width: '27%' }}>证件号码</th>
            <th style={{ width: '18%' }}>年级</th>
            <th style={{ width: '12%' }}>班级</th>
            <th>{p.kind === 'paid' ? '缴费日期' : '告知日期'}</th>
          </tr>
        </thead>
        <tbody>
          {p.rows.map((r) => (
            <tr key={r.no} data-testid="publicity-row">
              <td>{r.no}</td>
              <td>{r.name}</td>
              <td>{r.idNumberMasked}</td>
              <td>{r.gradeName}</td>
              <td>{r.className ?? ''}</td>
              <td>{r.on ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p style={{ marginTop: '5mm' }}>公示期内如有异议，请向{p.unitName}反映。为保护个人信息，姓名和证件号码已部分隐去。</p>
      <div className="cb-class-sheet-sign">
        <span>{p.unitName}（盖章）</span>
        <span>编制日期：{dayjs(p.generatedAt).format('YYYY 年 M 月 D 日')}</span>
      </div>
    </section>
  );
}

/**
 * 公示 (Nantong 004 八.4): the paid of a unit or community, and the unpaid once told and signed, as an A4 page to post
 * for the period of display, or as xlsx. Names as 张*明 and numbers masked; the agency picks the unit.
 */
export function PublicityPage() {
  const { me } = useMe();
  const isUnit = me?.user.role === 'unit_operator';
  const years = useCampaignYears();
  const [params, update] = useListSearchParams(FILTERS);
  const year = Number(params.year) || defaultCampaignYear(years.data?.items ?? []) || 0;
  const kind: TPublicityKind = params.kind === 'unpaid' ? 'unpaid' : 'paid';
  const from = params.from || dayjs().format(DATE_FORMAT);
  const to = params.to || dayjs(from, DATE_FORMAT).add(6, 'day').format(DATE_FORMAT);
  const unitId = isUnit ? undefined : params.unitId || undefined;
  const query: PublicityQuery = {
    year,
    kind,
    from,
    to,
    ...(unitId ? { unitId } : {}),
    ...(params.gradeCode ? { gradeCode: params.gradeCode } : {}),
    ...(params.className ? { className: params.className } : {}),
  };
  const ready = year > 0 && (isUnit || !!unitId);
  const q = useQuery({ queryKey: [...queryKeys.declarations.all, 'publicity', query], queryFn: ({ signal }) => getPublicity(query, signal), enabled: ready });
  useEffect(() => {
    document.body.classList.add('cb-print-sheets');
    return () => document.body.classList.remove('cb-print-sheets');
  }, []);
  if (years.isPending) return <FullPageSpin />;
  if (years.error) return <QueryErrorAlert error={years.error} onRetry={() => void years.refetch()} />;

  return (
    <>
      <div className="cb-no-print">
        <PageHeader
          title="公示"
          backTo="/closing"
          description="已缴费人员在社区（单位）公示；未在规定期内缴费的人员告知过渡期和缴费时间、签字确认后公示。姓名和证件号码部分隐去，按 A4 打印张贴。"
          extra={
            <Space wrap>
              <Button icon={<DownloadOutlined />} href={ready ? publicityExportUrl(query) : undefined} disabled={!ready}>
                导出 Excel
              </Button>
              <Button type="primary" icon={<PrinterOutlined />} disabled={!q.data?.total} onClick={() => window.print()}>
                打印
              </Button>
            </Space>
          }
        />
        <CampaignYearBar years={years.data} year={year} onChange={(y) => update({ year: String(y) })} />
        <Card style={{ marginBottom: 16 }}>
          <Space wrap>
            <Segmented
              aria-label="公示类型"
              value={kind}
              options={[
                { value: 'paid', label: '已缴费人员' },
                { value: 'unpaid', label: '未缴费人员（已告知）' },
              ]}
              onChange={(v) => update({ kind: String(v) })}
            />
            {!isUnit && <UnitFilter value={params.unitId} onChange={(v) => update({ unitId: v })} />}
            <GradeFilter value={params.gradeCode} onChange={(gradeCode) => update({ gradeCode })} />
            <ClassFilter value={params.className} onChange={(className) => update({ className })} />
            <Space size={4}>
              <Typography.Text>公示期</Typography.Text>
              <DatePicker.RangePicker
                aria-label="公示期"
                allowClear={false}
                value={[dayjs(from, DATE_FORMAT), dayjs(to, DATE_FORMAT)]}
                onChange={(v) => v?.[0] && v[1] && update({ from: v[0].format(DATE_FORMAT), to: v[1].format(DATE_FORMAT) })}
              />
            </Space>
          </Space>
        </Card>
        {!ready && !isUnit && <Alert type="info" showIcon style={{ marginBottom: 16 }} title="公示按单位（社区）编制，请先选择单位" />}
        {q.error && <QueryErrorAlert error={q.error} onRetry={() => void q.refetch()} />}
        {q.data && kind === 'unpaid' && q.data.notToldYet > 0 && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            data-testid="publicity-not-told"
            title={`还有 ${q.data.notToldYet} 名未缴费人员尚未登记告知签收，未列入本次公示`}
            description="在“未参保人员”中逐人登记告知签收后，再打印公示。"
          />
        )}
        {q.data && (
          <Typography.Paragraph type="secondary">
            按台账编制于 {formatDateTime(q.data.generatedAt)}。打印时请选择 A4 纸、纵向、缩放 100%。
          </Typography.Paragraph>
        )}
      </div>
      {ready && q.isPending && <Skeleton active />}
      {q.data && q.data.total === 0 && (
        <Card className="cb-no-print">
          <Empty description={kind === 'paid' ? '该范围内还没有已缴费人员' : '该范围内没有已告知签收的未缴费人员'} />
        </Card>
      )}
      {q.data && q.data.total > 0 && (
        <div className="cb-class-sheets">
          <Sheet p={q.data} />
        </div>
      )}
    </>
  );
}
