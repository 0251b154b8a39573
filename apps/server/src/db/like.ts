import { DOCUMENT_TYPE_CODES } from '@canbao/domain';
import { sql, type RawBuilder, type SqlBool } from 'kysely';

/**
 * LIKE patterns from what a user typed: `%`, `_` and the escape character `\` (PostgreSQL's default ESCAPE) match
 * themselves, so a search for "50%" or "a_b" finds exactly those characters and a lone "%" does not list everything.
 * Every LIKE/ILIKE on input goes through these.
 */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Contains `text`. */
export function containsPattern(text: string): string {
  return `%${escapeLike(text)}%`;
}

/** Starts with `text`. */
export function prefixPattern(text: string): string {
  return `${escapeLike(text)}%`;
}

/**
 * The grams (migration 20261204T0900-name-grams) every name containing `text` holds: its pairs of neighbouring
 * characters, or its one character; lower-cased as the index is.
 */
export function nameGrams(text: string): string[] {
  const chars = [...text.toLowerCase()];
  if (chars.length <= 1) return chars;
  const pairs = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) pairs.add(chars[i]! + chars[i + 1]!);
  return [...pairs];
}

/**
 * The person of `personId` (a column holding a person's id) has a name containing `text`, found through the
 * name-grams index — or, with `orNumber`, a document number equal to it (any document type, by the region's
 * document key). For searches across a whole region only (the agency, a collector: the definer function answers
 * nothing to a unit's scope; a unit's own search reads the unit's index and needs only the LIKE). One id set, so
 * the statement around it joins on the ids: an OR of the two would read the region's rows one by one.
 */
export function personNameContains(regionCode: string, personId: string, text: string, orNumber = false): RawBuilder<SqlBool> {
  const grams = nameGrams(text);
  const named = grams.length ? sql`SELECT n.id FROM canbao_persons_named(${regionCode}, ARRAY[${sql.join(grams)}]::text[], ${containsPattern(text)}) AS n` : null;
  const numbered = orNumber
    ? sql`SELECT x.id FROM person AS x WHERE x.region_code = ${regionCode} AND x.document_type IN (${sql.join([...DOCUMENT_TYPE_CODES])}) AND x.document_number = ${text.toUpperCase()}`
    : null;
  const sets = [named, numbered].filter((q) => q !== null);
  if (!sets.length) return sql<SqlBool>`false`;
  return sql<SqlBool>`${sql.ref(personId)} IN (${sql.join(sets, sql` UNION ALL `)})`;
}
