import type { TAuditLog } from '@canbao/domain';
import { Space, Tag, Typography } from 'antd';
import { changedKeys, toDiffLines } from './json-diff';

function Pane({
  title,
  value,
  changed,
  tone,
  emptyText,
}: {
  title: string;
  value: unknown;
  changed: ReadonlySet<string>;
  tone: 'removed' | 'added';
  emptyText: string;
}) {
  return (
    <div className="cb-diff-pane">
      <div className="cb-diff-title">{title}</div>
      <pre data-testid={`audit-${tone === 'removed' ? 'before' : 'after'}`}>
        {value === null || value === undefined ? (
          <span className="cb-diff-empty">{emptyText}</span>
        ) : (
          toDiffLines(value, changed).map((line, i) => (
            <span
              key={i}
              className={`cb-diff-line${line.isChanged ? ` is-${tone}` : ''}`}
              data-changed={line.isChanged || undefined}
            >
              {line.text}
            </span>
          ))
        )}
      </pre>
    </div>
  );
}

/** Before and after of one audited change, side by side, with the changed top-level keys highlighted. */
export function AuditDiff({ log }: { log: Pick<TAuditLog, 'before' | 'after'> }) {
  const changed = changedKeys(log.before, log.after);
  return (
    <div style={{ padding: '4px 8px' }}>
      {changed.size > 0 && (
        <Space size={[4, 4]} wrap style={{ marginBottom: 8 }}>
          <Typography.Text type="secondary">变更字段：</Typography.Text>
          {[...changed].map((key) => (
            <Tag key={key} color="orange" variant="outlined">
              {key}
            </Tag>
          ))}
        </Space>
      )}
      <div className="cb-diff">
        <Pane title="变更前" value={log.before} changed={changed} tone="removed" emptyText="（无）" />
        <Pane title="变更后" value={log.after} changed={changed} tone="added" emptyText="（无）" />
      </div>
    </div>
  );
}
