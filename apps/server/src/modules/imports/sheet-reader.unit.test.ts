import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { FILE_LIMITS, SheetReadError, XmlScanner, readSheetRows, type FileLimits } from './sheet-reader';

const limits = (l: Partial<FileLimits>): FileLimits => ({ ...FILE_LIMITS, ...l });

/** Feeds `xml` to a scanner in pieces of the given sizes (cycled): every cut, even inside a tag name. */
function scan(xml: string, record: 'row' | 'si' | null, l: Partial<FileLimits>, sizes = [1, 2, 3, 5, 7, 16, 64]) {
  const scanner = new XmlScanner(record, limits(l));
  const buf = Buffer.from(xml);
  for (let i = 0, k = 0; i < buf.length; k++) {
    const n = sizes[k % sizes.length]!;
    scanner.feed(buf.subarray(i, i + n));
    i += n;
  }
}

describe('XmlScanner', () => {
  const rows = (n: number, cell: string) => Array.from({ length: n }, (_, i) => `<row r="${i + 1}"><c t="inlineStr"><is><t>${cell}</t></is></c></row>`).join('');
  const sheet = (body: string) => `<worksheet><sheetData>${body}</sheetData><mergeCells/></worksheet>`;

  it('passes a sheet whose texts and rows are within the limits, however it is cut', () => {
    for (const sizes of [[1], [3, 11], [4096]]) expect(() => scan(sheet(rows(200, 'x'.repeat(90))), 'row', { xmlRunBytes: 120, xmlRecordBytes: 200 }, sizes)).not.toThrow();
  });

  it('refuses a text longer than the run limit, and whitespace between tags alike', () => {
    for (const sizes of [[1], [7, 13], [4096]]) {
      expect(() => scan(sheet(rows(3, 'x'.repeat(150))), 'row', { xmlRunBytes: 120 }, sizes)).toThrow(/连续内容/);
      expect(() => scan(sheet(`<row r="1"/>${' '.repeat(121)}<row r="2"/>`), null, { xmlRunBytes: 120 }, sizes)).toThrow(SheetReadError);
    }
  });

  it('refuses a row longer than the record limit even when tags cut its text short', () => {
    const split = `<row r="1"><c t="inlineStr"><is><t>${'y<b/>'.repeat(100)}</t></is></c></row>`;
    for (const sizes of [[1], [5, 9], [4096]]) {
      expect(() => scan(sheet(split), 'row', { xmlRunBytes: 120, xmlRecordBytes: 400 }, sizes)).toThrow(/1 MB|MB 的上限/);
      // The same bytes outside a row, and rows of any number, pass.
      expect(() => scan(`<sst>${'y<b/>'.repeat(100)}</sst>`, 'row', { xmlRunBytes: 120, xmlRecordBytes: 400 }, sizes)).not.toThrow();
    }
    expect(() => scan(`<sst>${'<si><t>a</t></si>'.repeat(50)}<si>${'<r><t>b</t></r>'.repeat(40)}</si></sst>`, 'si', { xmlRecordBytes: 300 })).toThrow(SheetReadError);
    expect(() => scan(`<sst>${'<si><t>a</t></si>'.repeat(500)}</sst>`, 'si', { xmlRecordBytes: 300 })).not.toThrow();
  });
});

async function rowsOf(file: Buffer, format: 'xlsx' | 'csv', l: Partial<FileLimits>) {
  const out: string[][] = [];
  for await (const row of readSheetRows(Readable.from([file]), format, { limits: l })) out.push(row.cells);
  return out;
}

async function workbook(rows: unknown[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('表');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('readSheetRows limits', () => {
  it('reads a file within every limit as before', async () => {
    const file = await workbook([['姓名', '证件号码'], ['张三', '320508201805090247'], ['李四', "'=1+1"]]);
    expect(await rowsOf(file, 'xlsx', {})).toEqual([['姓名', '证件号码'], ['张三', '320508201805090247'], ['李四', '=1+1']]);
  });

  it('refuses a cell, a row and a width over their limits, naming the row', async () => {
    await expect(rowsOf(await workbook([['a'], ['x'.repeat(101)]]), 'xlsx', { cellChars: 100 })).rejects.toThrow('“表”表第 2 行第 1 列的内容超过 100 个字符');
    await expect(rowsOf(await workbook([['a'], Array.from({ length: 30 }, () => 'x'.repeat(50))]), 'xlsx', { rowChars: 1000 })).rejects.toThrow('第 2 行的内容超过 1000 个字符');
    await expect(rowsOf(await workbook([Array.from({ length: 12 }, () => 'x')]), 'xlsx', { columns: 10 })).rejects.toThrow('超过 10 列的上限');
    await expect(rowsOf(Buffer.from(`a,b\n${'x,'.repeat(20)}x\n`), 'csv', { columns: 10 })).rejects.toThrow('第 2 行超过 10 列的上限');
    await expect(rowsOf(Buffer.from(`a,"${'x'.repeat(2000)}`), 'csv', { rowChars: 1000 })).rejects.toThrow('超过 1000 个字符的上限');
  });

  it('refuses a file whose cells together pass the file limit (one long shared string in every cell of every row)', async () => {
    const wb = new ExcelJS.Workbook();
    const long = 'x'.repeat(300);
    wb.addWorksheet('表').addRows(Array.from({ length: 40 }, () => Array.from({ length: 10 }, () => long)));
    const file = Buffer.from(await wb.xlsx.writeBuffer({ useSharedStrings: true } as ExcelJS.XlsxWriteOptions));
    expect(file.length).toBeLessThan(20_000);
    expect(await rowsOf(file, 'xlsx', { fileChars: 120_000 })).toHaveLength(40);
    await expect(rowsOf(file, 'xlsx', { fileChars: 100_000 })).rejects.toThrow('文件的内容共超过 10 万个字符的上限');
  });

  it('refuses a sheet name or a row number beyond Excel’s', async () => {
    const file = await workbook([['a'], ['b']]);
    await expect(rowsOf(file, 'xlsx', { sheetNameChars: 0 })).rejects.toThrow('工作表的名称超过 0 个字符');
    await expect(rowsOf(file, 'xlsx', { rows: 1 })).rejects.toThrow('行号不在 1 至 1 之间');
  });

  it('refuses more shared strings than the limit', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('表').addRows(Array.from({ length: 20 }, (_, i) => [`文字${i}`]));
    const file = Buffer.from(await wb.xlsx.writeBuffer({ useSharedStrings: true } as ExcelJS.XlsxWriteOptions));
    expect(await rowsOf(file, 'xlsx', { sharedStrings: 20 })).toHaveLength(20);
    await expect(rowsOf(file, 'xlsx', { sharedStrings: 19 })).rejects.toThrow('不同的文字超过 19 个');
  });
});
