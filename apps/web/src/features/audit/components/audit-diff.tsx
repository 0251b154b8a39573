import type { TAuditLog } from '@canbao/domain';
import { Table, Tag, Typography } from 'antd';
import { auditChanges, type AuditChangeRow } from './audit-changes';

const columns = [
  {
    title: '项目',
    dataIndex: 'field',
    width: 160,
    render: (field: string, row: AuditChangeRow) => (row.changed ? <Tag color="orange">{field}</Tag> : field),
  },
  { title: '变更前', dataIndex: 'before', render: (v: string | null) => v ?? <Typography.Text type="secondary">（无）</Typography.Text> },
  { title: '变更后', dataIndex: 'after', render: (v: string | null) => v ?? <Typography.Text type="secondary">（无）</Typography.Text> },
];

/** Before → after of one audited change in plain Chinese: field names, values in 元 and by name, changes first. */
export function AuditDiff({ log }: { log: Pick<TAuditLog, 'before' | 'after'> & { reason?: string | null } }) {
  const { rows, hidden } = auditChanges(log.before, log.after);
  return (
    <div style={{ padding: '4px 8px' }} data-testid="audit-changes">
      {log.reason && (
        <Typography.Paragraph style={{ marginBottom: 8 }}>
          <Typography.Text strong>修改已关闭年度的原因：</Typography.Text>
          {log.reason}
        </Typography.Paragraph>
      )}
      <Table<AuditChangeRow> size="small" rowKey="key" columns={columns} dataSource={rows} pagination={false} locale={{ emptyText: '没有可显示的内容' }} />
      {hidden > 0 && (
        <Typography.Text type="secondary" style={{ display: 'block', marginTop: 6 }}>
          另有 {hidden} 项系统内部字段未显示。
        </Typography.Text>
      )}
    </div>
  );
}
