import { PrinterOutlined } from '@ant-design/icons';
import { gradeName, type TNotice, type TNotices } from '@canbao/domain';
import { Alert, Button, Card, Checkbox, Empty, Skeleton, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { PageHeader } from '../../../components/page-header';
import { QueryErrorAlert } from '../../../components/query-error-alert';
import { formatYuan } from '../../../lib/money';
import { NoticeQr } from '../components/notice-qr';
import { useNotices } from '../hooks/use-settlements';
import { NOTICES_PER_SHEET, noticePayUrl, toSheets } from '../notice-sheets';
import './notices-print.css';

/** One 缴费通知单 as printed: the pupil, the amount and the pay page's QR code (a third of an A4 sheet). */
export function Notice({ notice, settlement, origin }: { notice: TNotice; settlement: Omit<TNotices['settlement'], 'id'>; origin: string }) {
  const url = noticePayUrl(origin, notice.token);
  const cls = [notice.gradeCode ? gradeName(notice.gradeCode) : '', notice.className ?? ''].filter(Boolean).join(' ') || '—';
  return (
    <section className="cb-notice" data-testid="notice">
      <div className="cb-notice-head">
        <span className="cb-notice-title">{settlement.year} 年度城乡居民基本医疗保险缴费通知单</span>
        <span className="cb-notice-no">结算单 {settlement.number}</span>
      </div>
      <div className="cb-notice-body">
        <table className="cb-notice-fields">
          <tbody>
            <tr>
              <th>代办单位</th>
              <td colSpan={3}>{settlement.unitName}</td>
            </tr>
            <tr>
              <th>学生姓名</th>
              <td>
                <strong data-testid="notice-name">{notice.personName}</strong>
              </td>
              <th>班级</th>
              <td>{cls}</td>
            </tr>
            <tr>
              <th>证件号码</th>
              <td>{notice.documentNumber}</td>
              <th>参保年度</th>
              <td>{settlement.year} 年度</td>
            </tr>
            <tr>
              <th>人员类别</th>
              <td>{notice.categoryName}</td>
              <th>缴费标准</th>
              <td>{formatYuan(notice.totalFen)}</td>
            </tr>
            <tr>
              <th>资助减免</th>
              <td colSpan={3}>{notice.subsidyFen > 0 ? `${notice.subsidyName ?? '资助'}：减免 ${formatYuan(notice.subsidyFen)}` : '无'}</td>
            </tr>
            <tr>
              <th>应缴金额</th>
              <td colSpan={3}>
                <span className="cb-notice-amount">{formatYuan(notice.amountFen)}</span>
              </td>
            </tr>
            <tr>
              <th>待遇享受期</th>
              <td colSpan={3}>
                {notice.benefitStart} 至 {notice.benefitEnd}
              </td>
            </tr>
          </tbody>
        </table>
        <div className="cb-notice-pay">
          <NoticeQr value={url} size={121} />
          <div className="cb-notice-url">{url}</div>
          <ol className="cb-notice-steps">
            <li>用微信或手机浏览器扫描二维码；</li>
            <li>输入孩子姓名，核对信息和金额；</li>
            <li>确认后在线缴费，缴费后可查电子票据。</li>
          </ol>
        </div>
      </div>
      <div className="cb-notice-foot">
        请家长于 <strong data-testid="notice-pay-by">{settlement.payBy}</strong> 前缴费（申报缴费期截止日）。本通知单仅限上述学生本人使用；如信息有误，请联系班主任或学校，勿自行缴费。
      </div>
    </section>
  );
}

/**
 * 缴费通知单打印: a class's notices (or all of a settlement's), three per A4 sheet with cut lines. The app's frame
 * is hidden in print by a body class this page sets while mounted.
 */
export function NoticesPrintPage() {
  const { id = '' } = useParams();
  const [searchParams] = useSearchParams();
  const className = searchParams.get('className') ?? '';
  const gradeCode = searchParams.get('gradeCode') ?? '';
  const [includePaid, setIncludePaid] = useState(false);
  const notices = useNotices(id, className);

  useEffect(() => {
    document.body.classList.add('cb-print-notices');
    return () => document.body.classList.remove('cb-print-notices');
  }, []);

  const all = (notices.data?.items ?? []).filter((n) => !gradeCode || n.gradeCode === gradeCode);
  const printable = all.filter((n) => n.status === 'open' || (includePaid && n.status === 'paid'));
  const paid = all.filter((n) => n.status === 'paid').length;
  const cancelled = all.filter((n) => n.status === 'cancelled').length;
  const sheets = toSheets(printable, NOTICES_PER_SHEET);
  const what = [gradeCode ? gradeName(gradeCode) : '', className].filter(Boolean).join(' ') || '全部班级';
  const origin = window.location.origin;

  return (
    <>
      <div className="cb-no-print">
        <PageHeader
          backTo={`/settlements/${id}`}
          title={`打印缴费通知单 · ${what}`}
          description={notices.data ? `${notices.data.settlement.unitName} · ${notices.data.settlement.year} 年度 · 结算单 ${notices.data.settlement.number}` : undefined}
          extra={
            <Button type="primary" icon={<PrinterOutlined />} disabled={printable.length === 0} onClick={() => window.print()}>
              打印
            </Button>
          }
        />
        {notices.error && <QueryErrorAlert error={notices.error} onRetry={() => void notices.refetch()} />}
        {notices.data && (
          <Card size="small" style={{ marginBottom: 16 }}>
            <Space wrap size={16}>
              <Typography.Text data-testid="print-count">
                共 {printable.length} 份，{sheets.length} 张 A4 纸（每张 {NOTICES_PER_SHEET} 份，沿虚线裁开）
              </Typography.Text>
              {paid > 0 && (
                <Checkbox checked={includePaid} onChange={(e) => setIncludePaid(e.target.checked)}>
                  同时打印已缴费的 {paid} 份
                </Checkbox>
              )}
              <Typography.Text type="secondary">打印时请选择 A4 纸、纵向、无页眉页脚，缩放 100%。</Typography.Text>
            </Space>
            {cancelled > 0 && <Alert type="warning" showIcon style={{ marginTop: 12 }} title={`${cancelled} 份通知单已作废（结算单作废），不再打印。`} />}
          </Card>
        )}
      </div>
      {notices.isPending && <Skeleton active />}
      {notices.data && printable.length === 0 && (
        <Card className="cb-no-print">
          <Empty description={all.length ? '本班通知单均已缴费或已作废，无需打印' : '没有缴费通知单'} />
        </Card>
      )}
      {notices.data && (
        <div className="cb-notice-sheets" data-testid="notice-sheets">
          {sheets.map((sheet, i) => (
            <div className="cb-notice-sheet" key={sheet[0]?.id ?? i} data-testid="notice-sheet">
              {sheet.map((n) => (
                <Notice key={n.id} notice={n} settlement={notices.data.settlement} origin={origin} />
              ))}
            </div>
          ))}
        </div>
      )}
    </>
  );
}
