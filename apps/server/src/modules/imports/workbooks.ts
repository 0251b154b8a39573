import { PassThrough, type Readable } from 'node:stream';
import type { TImportColumn } from '@canbao/domain';
import ExcelJS from 'exceljs';
import type { Kysely, Transaction } from 'kysely';
import type { ImportJob } from '../../db/schema/import-job';
import type { DB } from '../../db/schema/index';
import { safeCell, safeRow } from '../../xlsx-export';
import type { ImportKind } from './kinds/kind';

/** Data rows a template's drop-downs and text formats cover. */
const TEMPLATE_ROWS = 10_000;
const REQUIRED_FILL = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFE7BA' } } as const;
const HEADER_FILL = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE6F0FF' } } as const;
const BAD_FILL = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFC7CE' } } as const;

function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/**
 * The template of an import kind: an instructions sheet with every column, whether it is required, how to fill it
 * and an example; then the data sheets with the header row (notes on each header, required ones highlighted),
 * drop-downs for coded columns (lists on a hidden sheet, since Excel limits inline lists to 255 characters) and
 * text format where Excel would otherwise mangle numbers (ID numbers, codes).
 */
export async function buildTemplate(kind: ImportKind): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '参保 Canbao';
  const guide = wb.addWorksheet('填写说明');
  guide.columns = [{ width: 18 }, { width: 10 }, { width: 70 }, { width: 26 }];
  guide.addRow(safeRow([`${kind.name}模板`])).font = { bold: true, size: 14 };
  guide.addRow(safeRow([`数据请填在${kind.templateSheets.map((s) => `“${s}”`).join('、')}表中，第一行为列名，列的顺序可以调整，多余的列会被忽略。本说明表不会被导入。`]));
  guide.addRow(['日期可写成 2019-03-05 或使用 Excel 日期格式；证件号码列已设为文本格式，请勿改为数字。']);
  guide.addRow([]);
  const head = guide.addRow(['列名', '是否必填', '填写说明', '示例']);
  head.font = { bold: true };
  head.eachCell((c) => (c.fill = HEADER_FILL));
  for (const c of kind.columns) guide.addRow(safeRow([c.header, c.required ? '必填' : '选填', c.note, c.example]));

  const lists = wb.addWorksheet('代码表', { state: 'hidden' });
  const listRange = new Map<string, string>();
  kind.columns
    .filter((c) => c.options?.length)
    .forEach((c, i) => {
      const letter = columnLetter(i);
      c.options!.forEach((o, row) => (lists.getCell(`${letter}${row + 1}`).value = safeCell(o)));
      listRange.set(c.key, `代码表!$${letter}$1:$${letter}$${c.options!.length}`);
    });

  for (const sheetName of kind.templateSheets) {
    const omit = new Set<string>(kind.templateOmit?.[sheetName] ?? []);
    const columns = kind.columns.filter((c) => !omit.has(c.key)) as TImportColumn[];
    const ws = wb.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = columns.map((c) => ({ header: safeCell(c.header), key: c.key, width: c.width ?? 14, style: { numFmt: '@' } }));
    const header = ws.getRow(1);
    header.font = { bold: true };
    columns.forEach((c, i) => {
      const cell = header.getCell(i + 1);
      cell.fill = c.required ? REQUIRED_FILL : HEADER_FILL;
      cell.note = `${c.required ? '【必填】' : ''}${c.note}${c.example ? `\n示例：${c.example}` : ''}`;
      const range = listRange.get(c.key);
      if (range) {
        const letter = columnLetter(i);
        // Typed by exceljs only per cell; the sheet-level list takes a range (one rule, not 10,000).
        (ws as unknown as { dataValidations: { add(range: string, rule: ExcelJS.DataValidation): void } }).dataValidations.add(`${letter}2:${letter}${TEMPLATE_ROWS + 1}`, {
          type: 'list',
          allowBlank: true,
          formulae: [range],
          showErrorMessage: false,
        });
      }
    });
  }
  wb.views = [{ x: 0, y: 0, width: 20000, height: 12000, firstSheet: 0, activeTab: 1, visibility: 'visible' }];
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/**
 * The error report: the rows of the file that have errors (or every row), as they were read, under their
 * original headers, with a 错误原因 column and each bad cell filled red with its message as a note. Streamed from
 * the staging table in pages, so a report of 100,000 rows needs no more memory than one of ten.
 */
export function streamErrorReport(db: Kysely<DB> | Transaction<DB>, job: ImportJob, allRows: boolean): { stream: Readable; done: Promise<void> } {
  const out = new PassThrough();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const run = async () => {
    for (const sheet of job.sheets) {
      const ws = wb.addWorksheet(sheet.name, { views: [{ state: 'frozen', ySplit: 1 }] });
      const reasonCol = sheet.headers.length + 1;
      // The headers and cells are the uploaded file's: neutralised like every export (a formula stays text).
      ws.columns = [...sheet.headers.map((h) => ({ header: safeCell(h), width: Math.max(10, Math.min(30, h.length * 2 + 4)) })), { header: '错误原因', width: 60 }, { header: '原行号', width: 8 }];
      const headerRow = ws.getRow(1);
      headerRow.font = { bold: true };
      headerRow.commit();
      let after = 0;
      for (;;) {
        const rows = await db
          .selectFrom('import_row')
          .select(['seq', 'row_no', 'cells', 'errors'])
          .where('job_id', '=', job.id)
          .where('sheet', '=', sheet.name)
          .where('seq', '>', after)
          .$if(!allRows, (q) => q.where('outcome', 'in', ['error', 'conflict']))
          .orderBy('seq')
          .limit(2000)
          .execute();
        if (!rows.length) break;
        for (const r of rows) {
          const cells = Array.from({ length: sheet.headers.length }, (_, i) => r.cells[i] ?? '');
          const row = ws.addRow(safeRow([...cells, r.errors.map((e) => `${e.header}：${e.message}`).join('；'), r.row_no]));
          for (const e of r.errors) {
            const col = e.col ?? sheet.indexOf[e.key];
            if (col === undefined || col === null) continue;
            const cell = row.getCell(col + 1);
            cell.fill = BAD_FILL;
            cell.note = e.message;
          }
          if (r.errors.length) row.getCell(reasonCol).font = { color: { argb: 'FFC00000' } };
          row.commit();
        }
        after = rows[rows.length - 1]!.seq;
      }
      ws.commit();
    }
    await wb.commit();
  };
  const done = run().catch((e: unknown) => {
    out.destroy(e instanceof Error ? e : new Error(String(e)));
  });
  return { stream: out, done };
}
