/** Which top-level keys of a before/after pair of JSON objects changed, for the audit log's view of a change. */

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
