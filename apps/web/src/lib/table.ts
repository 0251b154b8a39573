/** A column as the width sum sees it (antd's column types carry `width` as a number or a CSS string). */
type SizedColumn = { width?: number | string | undefined };

/** Width given to a column without its own (a unit's name, which ellipsis shortens). */
const FLEXIBLE_COLUMN = 200;
/** The checkbox column of a table with row selection. */
const SELECTION_COLUMN = 48;

/**
 * The table's scroll width: the sum of its columns, so that no column is drawn under a fixed one (状态 cut to
 * “已确…” beneath 操作). Below it the table scrolls sideways inside its card; above it the columns stretch.
 */
export function tableScrollWidth(columns: readonly SizedColumn[], options: { selection?: boolean } = {}): number {
  const sum = columns.reduce((s, c) => s + (typeof c.width === 'number' ? c.width : FLEXIBLE_COLUMN), 0);
  return sum + (options.selection ? SELECTION_COLUMN : 0);
}
