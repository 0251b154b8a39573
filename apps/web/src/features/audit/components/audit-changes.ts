import { auditFieldName, auditValueText } from '@canbao/domain';
import { changedKeys } from './json-diff';

export interface AuditChangeRow {
  key: string;
  field: string;
  before: string | null;
  after: string | null;
  changed: boolean;
}

const asObject = (v: unknown): Record<string, unknown> | null => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null);

/**
 * The before → after of one audit row as rows a clerk reads: Chinese field names, values in Chinese (money in 元,
 * statuses by name), changed fields first. Fields without a Chinese name are internal: counted, never shown.
 */
export function auditChanges(before: unknown, after: unknown): { rows: AuditChangeRow[]; hidden: number } {
  const b = asObject(before);
  const a = asObject(after);
  const changed = b && a ? changedKeys(b, a) : new Set<string>();
  const keys = [...new Set([...Object.keys(b ?? {}), ...Object.keys(a ?? {})])];
  const rows: AuditChangeRow[] = [];
  let hidden = 0;
  for (const key of keys) {
    const field = auditFieldName(key);
    if (!field) {
      hidden++;
      continue;
    }
    rows.push({
      key,
      field,
      before: b && Object.hasOwn(b, key) ? auditValueText(key, b[key]) : null,
      after: a && Object.hasOwn(a, key) ? auditValueText(key, a[key]) : null,
      changed: !b || !a || changed.has(key),
    });
  }
  rows.sort((x, y) => Number(y.changed) - Number(x.changed));
  return { rows, hidden };
}
