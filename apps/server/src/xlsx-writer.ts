import { once } from 'node:events';
import { PassThrough, type Writable } from 'node:stream';
import archiver from 'archiver';

/**
 * A streaming xlsx (SpreadsheetML) writer for the server's exports: rows go out as XML text the moment a page is
 * written, each sheet as one deflated zip entry, so a file of a million rows holds one page in memory.
 *
 * Why not exceljs's WorkbookWriter: it builds a cell object, a style lookup and a row model per value and then
 * renders them, about 9,000 roster rows a second on one core — a district's roster of 500,000 took a minute.
 * Exports need only what this writes: text and numbers, a bold frozen header, column widths, title rows merged
 * across the sheet. Text goes inline (`inlineStr`), so nothing about a sheet is kept until the end but its merges;
 * compression runs in Node's zlib on the thread pool, beside the rows being rendered. exceljs stays the reader of
 * uploads and the writer of templates, where a workbook is small and its full model is useful.
 */

/** A cell's style in this writer's styles.xml: plain, bold, a bold 14-point title. */
export type CellStyle = 'plain' | 'bold' | 'title';
const STYLE_ID: Record<CellStyle, number> = { plain: 0, bold: 1, title: 2 };

export type SheetSpec = {
  name: string;
  /** Column widths in characters, in column order. */
  widths: readonly number[];
  /** Rows frozen at the top (title lines and the header). */
  frozenRows?: number;
  /** Rows (1-based) whose cells are merged across every column: title lines. */
  mergedRows?: readonly number[];
};

export type CellValue = string | number | null | undefined;

const NS_MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const NS_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const NS_PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/**
 * What XML 1.0 cannot carry at all: controls other than tab, LF and CR, the two non-characters, and (with the `u`
 * flag a pair is one code point, so only these match) surrogates without their other half.
 */
// eslint-disable-next-line no-control-regex -- these controls are exactly what must go
const XML_INVALID = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ud800-\udfff\ufffe\uffff]/gu;
const XML_SPECIAL = /[&<>"]/g;
const XML_ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
// eslint-disable-next-line no-control-regex -- the same controls, tested before any replacing
const NEEDS_WORK = /[&<>"\u0000-\u0008\u000b\u000c\u000e-\u001f\ud800-\udfff\ufffe\uffff]/;

/** Text as XML character data: escaped, with what XML cannot hold (and unpaired surrogates) left out. */
export function xmlText(value: string): string {
  if (!NEEDS_WORK.test(value)) return value;
  return value.replace(XML_INVALID, '').replace(XML_SPECIAL, (c) => XML_ENTITY[c]!);
}

/** A (1-based) column's letters: 1 → A, 27 → AA. */
export function columnLetters(n: number): string {
  let s = '';
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s;
  return s;
}

class SheetStream {
  readonly entry = new PassThrough();
  private rowNumber = 0;
  private readonly letters: string[];
  private buffer = '';

  constructor(
    readonly spec: SheetSpec,
    readonly index: number,
  ) {
    this.letters = Array.from({ length: Math.max(spec.widths.length, 1) }, (_, i) => columnLetters(i + 1));
    const frozen = spec.frozenRows ?? 0;
    const topLeft = `A${frozen + 1}`;
    const view =
      frozen > 0
        ? `<sheetView workbookViewId="0"${index === 0 ? ' tabSelected="1"' : ''}><pane ySplit="${frozen}" topLeftCell="${topLeft}" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="${topLeft}" sqref="${topLeft}"/></sheetView>`
        : `<sheetView workbookViewId="0"${index === 0 ? ' tabSelected="1"' : ''}/>`;
    const cols = spec.widths.map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`).join('');
    this.buffer =
      `${XML_HEAD}<worksheet xmlns="${NS_MAIN}" xmlns:r="${NS_REL}"><sheetViews>${view}</sheetViews>` +
      `<sheetFormatPr defaultRowHeight="15"/>${cols ? `<cols>${cols}</cols>` : ''}<sheetData>`;
  }

  /** Renders one row into the sheet's pending text; `flush` hands it to the zip. */
  row(values: readonly CellValue[], style: CellStyle = 'plain'): void {
    const r = ++this.rowNumber;
    const s = STYLE_ID[style];
    const cellStyle = s === 0 ? '' : ` s="${s}"`;
    let xml = s === 0 ? `<row r="${r}">` : `<row r="${r}" s="${s}" customFormat="1">`;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v === null || v === undefined || v === '') continue;
      const ref = (this.letters[i] ?? columnLetters(i + 1)) + r;
      if (typeof v === 'number') {
        xml += Number.isFinite(v) ? `<c r="${ref}"${cellStyle}><v>${v}</v></c>` : `<c r="${ref}"${cellStyle} t="inlineStr"><is><t>${String(v)}</t></is></c>`;
      } else {
        const text = xmlText(v);
        const space = text !== text.trim() ? ' xml:space="preserve"' : '';
        xml += `<c r="${ref}"${cellStyle} t="inlineStr"><is><t${space}>${text}</t></is></c>`;
      }
    }
    this.buffer += `${xml}</row>`;
  }

  /** Writes what is pending; false when the zip wants the writer to wait (see `drain`). */
  flush(): boolean {
    if (this.buffer === '') return !this.entry.writableNeedDrain;
    const ok = this.entry.write(this.buffer);
    this.buffer = '';
    return ok;
  }

  end(): void {
    const width = Math.max(this.spec.widths.length, 1);
    const merges = (this.spec.mergedRows ?? []).filter(() => width > 1).map((r) => `<mergeCell ref="A${r}:${columnLetters(width)}${r}"/>`);
    this.buffer += `</sheetData>${merges.length > 0 ? `<mergeCells count="${merges.length}">${merges.join('')}</mergeCells>` : ''}` +
      '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>';
    this.flush();
    this.entry.end();
  }
}

/**
 * One workbook written into `out`: `sheet()` starts the next sheet (ending the one before), `row()` renders a row
 * into it, `flush()` after a page passes the page to the zip and says whether to wait, `finish()` writes the
 * workbook's parts and ends the file. Sheet names must already be valid and unique (see `uniqueSheetName`).
 */
export class XlsxStreamWriter {
  private readonly zip: archiver.Archiver;
  private readonly sheets: SheetStream[] = [];
  private current: SheetStream | null = null;
  private readonly failed: Promise<never>;

  constructor(
    out: Writable,
    private readonly creator: string,
    /** zlib level: 1 is several times faster than the default and the file is still a tenth of its XML. */
    level = 1,
  ) {
    this.zip = archiver('zip', { zlib: { level } });
    this.failed = new Promise<never>((_, reject) => {
      this.zip.once('error', reject);
    });
    this.failed.catch(() => undefined);
    this.zip.pipe(out);
  }

  sheet(spec: SheetSpec): void {
    this.current?.end();
    const sheet = new SheetStream(spec, this.sheets.length);
    this.sheets.push(sheet);
    this.current = sheet;
    this.zip.append(sheet.entry, { name: `xl/worksheets/sheet${this.sheets.length}.xml` });
  }

  row(values: readonly CellValue[], style?: CellStyle): void {
    if (this.current === null) throw new Error('xlsx: row before the first sheet');
    this.current.row(values, style);
  }

  /** Passes the pending rows on; false when the caller should `await drain()` before the next page. */
  flush(): boolean {
    return this.current?.flush() ?? true;
  }

  /** Settles when the zip has taken the current sheet's pending text (or rejects if the zip failed). */
  async drain(): Promise<void> {
    const entry = this.current?.entry;
    if (!entry || !entry.writableNeedDrain) return;
    await Promise.race([once(entry, 'drain'), this.failed]);
  }

  /** Ends the last sheet, writes the workbook around the sheets and settles when the zip is complete. */
  async finish(): Promise<void> {
    if (this.sheets.length === 0) throw new Error('xlsx: a workbook needs a sheet');
    this.current?.end();
    this.current = null;
    const n = this.sheets.length;
    const sheetList = this.sheets.map((s, i) => `<sheet name="${xmlText(s.spec.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('');
    const sheetRels = this.sheets
      .map((_, i) => `<Relationship Id="rId${i + 1}" Type="${NS_REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`)
      .join('');
    const sheetTypes = this.sheets
      .map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`)
      .join('');
    const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    const parts: [string, string][] = [
      [
        'xl/workbook.xml',
        `${XML_HEAD}<workbook xmlns="${NS_MAIN}" xmlns:r="${NS_REL}"><bookViews><workbookView activeTab="0"/></bookViews><sheets>${sheetList}</sheets></workbook>`,
      ],
      [
        'xl/_rels/workbook.xml.rels',
        `${XML_HEAD}<Relationships xmlns="${NS_PKG_REL}">${sheetRels}<Relationship Id="rId${n + 1}" Type="${NS_REL}/styles" Target="styles.xml"/></Relationships>`,
      ],
      ['xl/styles.xml', STYLES],
      [
        'docProps/core.xml',
        `${XML_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
          `<dc:creator>${xmlText(this.creator)}</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">${now}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${now}</dcterms:modified></cp:coreProperties>`,
      ],
      [
        '_rels/.rels',
        `${XML_HEAD}<Relationships xmlns="${NS_PKG_REL}"><Relationship Id="rId1" Type="${NS_REL}/officeDocument" Target="xl/workbook.xml"/>` +
          `<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>`,
      ],
      [
        '[Content_Types].xml',
        `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
          `<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>${sheetTypes}` +
          `<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>` +
          `<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>`,
      ],
    ];
    for (const [name, text] of parts) this.zip.append(text, { name });
    await Promise.race([this.zip.finalize(), this.failed]);
  }

  /** Stops writing: the zip and its output are torn down (a client that went away). */
  abort(): void {
    this.zip.abort();
  }
}

/** Fonts 0 plain, 1 bold, 2 bold 14; cell formats 0/1/2 use them (STYLE_ID). */
const STYLES =
  `${XML_HEAD}<styleSheet xmlns="${NS_MAIN}">` +
  '<fonts count="3"><font><sz val="11"/><name val="宋体"/><family val="3"/><charset val="134"/></font>' +
  '<font><b/><sz val="11"/><name val="宋体"/><family val="3"/><charset val="134"/></font>' +
  '<font><b/><sz val="14"/><name val="宋体"/><family val="3"/><charset val="134"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>' +
  '<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>' +
  '<cellStyles count="1"><cellStyle name="常规" xfId="0" builtinId="0"/></cellStyles></styleSheet>';
