import { DownloadOutlined, PrinterOutlined } from '@ant-design/icons';
import type { TClassSheet } from '@canbao/domain';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Empty, Skeleton, Space, Typography } from 'antd';
import { useEffect } from 'react';
import { useSearchParams } from 'react-router';
import { queryKeys } from '../../../api/query-keys';
import { PageHeader } from '../../../components/page-header';
import { QueryErrorAlert } from '../../../components/query-error-alert';
import { classSheetsExportUrl, findClassSheets, type ClassSheetFilters } from '../api';
import './class-sheets.css';

function Sheet({ year, sheet }: { year: number; sheet: TClassSheet }) {
  return (
    <section className="cb-class-sheet" data-testid="class-sheet">
      <h2 className="cb-class-sheet-title">
        {year} 年度{sheet.gradeName || '未分年级'}
        {sheet.className ?? ''}学生医保参保情况表
      </h2>
      <div className="cb-class-sheet-meta">
        <span>学校：{sheet.unitName}</span>
        <span>
          共 {sheet.counts.total} 人，已参保缴费 {sheet.counts.paid} 人，未参保 {sheet.counts.uninsured} 人
        </span>
      </div>
      <table className="cb-class-sheet-table">
        <thead>
          <tr>
            <th style={{ width: '7%' }}>序号</th>
            <th style={{ width: '14%' }}>姓名</th>
            <th style={{ width: '24%' }}>证件号码</th>
            <th style={{ width: '14%' }}>参保情况</th>
            <th style={{ width: '14%' }}>未参保原因</th>
            <th>说明</th>
          </tr>
        </thead>
        <tbody>
          {sheet.rows.map((r, i) => (
            <tr key={r.personId} data-testid="class-sheet-row">
              <td>{i + 1}</td>
              <td>{r.name}</td>
              <td>{r.idNumberMasked}</td>
              <td>{r.stageName}</td>
              <td>{r.reason?.text ?? ''}</td>
              <td>{r.reason?.note ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="cb-class-sheet-sign">
        <span>班主任（签字）：</span>
        <span>学校经办人（签字）：</span>
        <span className="cb-class-sheet-date">日期：<i /> 年 <i /> 月 <i /> 日</span>
      </div>
    </section>
  );
}

/**
 * 《____年度____年级____班学生医保参保情况表》 (Suzhou 000 四.6): every pupil of a class, insured or not, with the stage
 * and the reason of every uninsured one; one A4 page per class, for one class or all of a unit's at once.
 */
export function ClassSheetsPage() {
  const [sp] = useSearchParams();
  const year = Number(sp.get('year')) || 0;
  const filters: ClassSheetFilters = {
    year,
    ...(sp.get('unitId') ? { unitId: sp.get('unitId')! } : {}),
    ...(sp.get('gradeCode') ? { gradeCode: sp.get('gradeCode')! } : {}),
    ...(sp.get('className') ? { className: sp.get('className')! } : {}),
  };
  const q = useQuery({ queryKey: [...queryKeys.declarations.all, 'class-sheets', filters], queryFn: ({ signal }) => findClassSheets(filters, signal), enabled: year > 0 });
  useEffect(() => {
    document.body.classList.add('cb-print-sheets');
    return () => document.body.classList.remove('cb-print-sheets');
  }, []);
  return (
    <>
      <div className="cb-no-print">
        <PageHeader
          title="学生医保参保情况表"
          backTo="/uninsured"
          description="每班一页 A4：全体学生的参保情况与未参保原因，打印后由班主任核对签字。"
          extra={
            <Space wrap>
              <Button icon={<DownloadOutlined />} href={classSheetsExportUrl(filters)} disabled={!year}>
                导出 Excel
              </Button>
              <Button type="primary" icon={<PrinterOutlined />} disabled={!q.data?.classes.length} onClick={() => window.print()}>
                打印
              </Button>
            </Space>
          }
        />
      </div>
      {q.error && <QueryErrorAlert error={q.error} onRetry={() => void q.refetch()} />}
      {q.isPending && year > 0 && <Skeleton active />}
      {q.data && !q.data.classes.length && (
        <Card>
          <Empty description="该范围内没有在册学生" />
        </Card>
      )}
      {q.data && q.data.classes.length > 0 && (
        <div className="cb-class-sheets">
          <Typography.Text type="secondary" className="cb-no-print">
            共 {q.data.classes.length} 个班
          </Typography.Text>
          {q.data.classes.map((c) => (
            <Sheet key={`${c.gradeCode}-${c.className}`} year={q.data.year} sheet={c} />
          ))}
        </div>
      )}
    </>
  );
}
