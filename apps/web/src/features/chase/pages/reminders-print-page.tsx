import { BellOutlined, PrinterOutlined } from '@ant-design/icons';
import { gradeName } from '@canbao/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Empty, Space, Typography } from 'antd';
import { useEffect } from 'react';
import { useSearchParams } from 'react-router';
import { errorMessage } from '../../../api/client';
import { queryKeys } from '../../../api/query-keys';
import { PageHeader } from '../../../components/page-header';
import { formatDateTime } from '../../../lib/datetime';
import { NOTICES_PER_SHEET, toSheets } from '../../settlements/notice-sheets';
import { Notice } from '../../settlements/pages/notices-print-page';
import '../../settlements/pages/notices-print.css';
import { remindUnpaid } from '../api';

/**
 * 补打缴费通知 (催缴): the notices of a class's pupils still waiting for the money, printed again as they were (the
 * same QR code and amount, so either copy pays once). Printing is the reminder: the server dates and counts it.
 */
export function RemindersPrintPage() {
  const [params] = useSearchParams();
  const year = Number(params.get('year'));
  const unitId = params.get('unitId') || undefined;
  const gradeCode = params.get('gradeCode') || undefined;
  const className = params.get('className') || undefined;
  const queryClient = useQueryClient();
  const remind = useMutation({
    mutationFn: () => remindUnpaid({ year, unitId, gradeCode, className }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.declarations.all }),
  });

  useEffect(() => {
    document.body.classList.add('cb-print-notices');
    return () => document.body.classList.remove('cb-print-notices');
  }, []);

  const what = [gradeCode ? gradeName(gradeCode) : '', className ?? ''].filter(Boolean).join(' ') || '全部班级';
  const back = `/uninsured?${new URLSearchParams({ year: String(year), ...(unitId ? { unitId } : {}), ...(gradeCode ? { gradeCode } : {}), ...(className ? { className } : {}) }).toString()}`;
  const data = remind.data;
  const sheets = toSheets(data?.items ?? [], NOTICES_PER_SHEET);
  const origin = window.location.origin;
  const times = data?.items.length ? Math.max(...data.items.map((n) => n.reminderCount)) : 0;

  return (
    <>
      <div className="cb-no-print">
        <PageHeader
          backTo={back}
          title={`补打缴费通知 · ${what}`}
          description={`${year} 年度 · 待缴费人员的缴费通知单，二维码和金额与原通知单相同`}
          extra={
            data && data.items.length > 0 ? (
              <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()}>
                打印
              </Button>
            ) : null
          }
        />
        {!data && (
          <Card>
            <Typography.Paragraph>
              补打{what}已结算、尚未缴费人员的缴费通知单，交班主任再次发给家长。每次补打记为一次催缴（日期和次数），在未参保人员名单中可见，并记入审计日志。
            </Typography.Paragraph>
            {remind.error && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={errorMessage(remind.error)} />}
            <Button type="primary" icon={<BellOutlined />} loading={remind.isPending} onClick={() => remind.mutate()}>
              补打并记为催缴
            </Button>
          </Card>
        )}
        {data && data.items.length > 0 && (
          <Card size="small" style={{ marginBottom: 16 }}>
            <Space wrap size={16}>
              <Typography.Text data-testid="reminder-count">
                {data.unitName} · 共 {data.items.length} 份，{sheets.length} 张 A4 纸（每张 {NOTICES_PER_SHEET} 份，沿虚线裁开）
              </Typography.Text>
              <Typography.Text type="secondary">已记为催缴（{formatDateTime(data.items[0]!.remindedAt)}，最多的已催 {times} 次）。打印时请选择 A4 纸、纵向、缩放 100%。</Typography.Text>
            </Space>
          </Card>
        )}
        {data && data.items.length === 0 && (
          <Card>
            <Empty description={`${what}没有待缴费的缴费通知单：未申报、待确认或待结算的人员还没有通知单，已缴费的无需催缴`} />
          </Card>
        )}
      </div>
      {data && data.items.length > 0 && (
        <div className="cb-notice-sheets" data-testid="notice-sheets">
          {sheets.map((sheet, i) => (
            <div className="cb-notice-sheet" key={sheet[0]?.id ?? i} data-testid="notice-sheet">
              {sheet.map((n) => (
                <Notice key={n.id} notice={n} settlement={{ number: n.settlementNumber, year: data.year, unitName: data.unitName, payBy: data.payBy }} origin={origin} />
              ))}
            </div>
          ))}
        </div>
      )}
    </>
  );
}
