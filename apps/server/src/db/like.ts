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
