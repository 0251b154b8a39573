/** Line model of a before/after pair of JSON objects, for the audit log's side-by-side view. */

export interface DiffLine {
  text: string;
  /** Whether this line belongs to a top-level key whose value differs between the two sides. */
  isChanged: boolean;
}

type JsonObject = Record<string, unknown>;

function isPlainObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Stable comparison of JSON values (key order does not count). */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isPlainObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

/** Top-level keys whose values differ (added, removed or changed). Empty when either side is missing. */
export function changedKeys(before: unknown, after: unknown): Set<string> {
  const changed = new Set<string>();
  if (!isPlainObject(before) || !isPlainObject(after)) return changed;
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const inBefore = Object.hasOwn(before, key);
    const inAfter = Object.hasOwn(after, key);
    if (inBefore !== inAfter || canonical(before[key]) !== canonical(after[key])) changed.add(key);
  }
  return changed;
}

/** Pretty-printed JSON (2-space indent) as lines, each top-level key's block marked when it changed. */
export function toDiffLines(value: unknown, changed: ReadonlySet<string>): DiffLine[] {
  if (!isPlainObject(value)) {
    return JSON.stringify(value, null, 2)
      .split('\n')
      .map((text) => ({ text, isChanged: false }));
  }
  const keys = Object.keys(value);
  if (keys.length === 0) return [{ text: '{}', isChanged: false }];
  const lines: DiffLine[] = [{ text: '{', isChanged: false }];
  keys.forEach((key, index) => {
    const comma = index < keys.length - 1 ? ',' : '';
    const body = (JSON.stringify(value[key], null, 2) ?? 'null').split('\n');
    const isChanged = changed.has(key);
    body.forEach((line, i) => {
      const prefix = i === 0 ? `  ${JSON.stringify(key)}: ` : '  ';
      lines.push({ text: `${prefix}${line}${i === body.length - 1 ? comma : ''}`, isChanged });
    });
  });
  lines.push({ text: '}', isChanged: false });
  return lines;
}
