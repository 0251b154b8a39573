import { sql, type RawBuilder } from 'kysely';

/**
 * The JSON an import row's `errors` and `changes` get in SQL, built from immutable functions only. Citus refuses an
 * UPDATE whose SET calls a STABLE function with a column argument ("STABLE functions used in UPDATE queries cannot
 * be called with column references"), and `jsonb_build_object`, `jsonb_build_array` and `text || integer` are
 * STABLE; `jsonb_object(keys, values)` and `jsonb || jsonb` are IMMUTABLE and give the same JSON (text values,
 * SQL NULL as JSON null). Values must be text: a number is cast (`x::text`) before it is concatenated.
 */
type Text = string | RawBuilder<unknown>;
const text = (v: Text | null) => (v === null ? sql`NULL::text` : typeof v === 'string' ? sql`${v}::text` : v);

/** `[{key, col, header, message}]`: one error of a row, appended with `errors || rowError(…)`. */
export function rowError(key: string, header: Text, message: Text, col: number | null = null): RawBuilder<unknown> {
  return sql`('[]'::jsonb || (jsonb_object(ARRAY['key', 'header', 'message'], ARRAY[${text(key)}, ${text(header)}, ${text(message)}])
    || ${sql.lit(JSON.stringify({ col }))}::jsonb))`;
}

/** `[{field, header, from, to}]`: one change a row makes. */
export function rowChange(field: string, header: string, from: Text | null, to: Text | null): RawBuilder<unknown> {
  return sql`('[]'::jsonb || jsonb_object(ARRAY['field', 'header', 'from', 'to'], ARRAY[${text(field)}, ${text(header)}, ${text(from)}, ${text(to)}]))`;
}
