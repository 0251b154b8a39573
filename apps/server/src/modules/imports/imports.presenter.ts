import {
  CARD_CENTRE_STATUS_NAMES,
  GENDER_NAMES,
  IMPORT_ROW_FIELDS,
  LEAVING_REASONS,
  OFFLINE_CHANNELS,
  PERSON_HUKOU_NAMES,
  formatFenYuan,
  gradeName,
  maskIdNumber,
  maskPersonalText,
  maskPhone,
  parseCellGrade,
  parseResidentId,
  type TImportChange,
  type TImportKindCode,
  type TImportRow,
  type TImportRowFieldKey,
} from '@canbao/domain';
import type { TImportSheet } from '../../db/schema/import-job';
import type { PersonForDiff, StagedRow } from './imports.repository';

/** What a row's preview needs beyond the row itself, read once per page. */
export type RowExtras = {
  /** Register values of the persons an enrollment row changes. */
  persons: ReadonlyMap<string, PersonForDiff>;
  /** Persons who already have a card photo. */
  withPhoto: ReadonlySet<string>;
  /** Still due on a declaration / a settlement, in fen, by id. */
  due: ReadonlyMap<string, number>;
};

type Payload = Record<string, unknown>;
type FieldReader = (p: Payload | null, cell: (key: string) => string | null, row: StagedRow) => string | null;

const str = (v: unknown): string | null => (v === null || v === undefined || v === '' ? null : String(v));
const named = (names: Record<string, string>, v: unknown) => (typeof v === 'string' ? (names[v] ?? v) : null);
/** '2026-11-20T10:30:00+08:00' → '2026-11-20 10:30' (the rows store Asia/Shanghai times with their offset). */
const minute = (v: unknown) => (typeof v === 'string' ? v.slice(0, 16).replace('T', ' ') : null);
const money = (v: unknown) => (typeof v === 'number' ? formatFenYuan(v) : null);
/** A checked value, or else the cell as read (a row with errors has no checked values). */
const or = (value: string | null, fallback: string | null) => value ?? fallback;
/** A grade by its name: the checked code, or a cell that reads as one ('03' → 小学三年级), else the cell as typed. */
const grade = (code: unknown, cell: string | null) => {
  if (typeof code === 'string') return gradeName(code);
  const parsed = cell ? parseCellGrade(cell) : null;
  return parsed?.ok ? gradeName(parsed.value) : cell;
};
/** Birth date and gender of a row whose resident ID number is valid though another cell is not. */
const idFacts = (row: StagedRow) => {
  if (row.document_type !== '01' || !row.document_number) return null;
  const id = parseResidentId(row.document_number);
  return id.ok ? id : null;
};

/** How each key field of IMPORT_ROW_FIELDS is read, per kind. */
const FIELD_READERS: { [K in TImportKindCode]: Record<TImportRowFieldKey<K>, FieldReader> } = {
  enrollment: {
    gender: (p, cell, row) => named(GENDER_NAMES, p?.gender ?? idFacts(row)?.gender) ?? cell('gender'),
    birthDate: (p, cell, row) => str(p?.birth_date ?? idFacts(row)?.birthDate) ?? cell('birthDate'),
    grade: (p, cell) => grade(p?.grade_code, cell('gradeCode')),
    className: (p, cell) => or(str(p?.class_name), cell('className')),
    hukou: (p, cell) => or(named(PERSON_HUKOU_NAMES, p?.hukou_type), cell('hukouType')),
  },
  exemptions: {
    category: (p, cell) => or(str(p?.category_name), cell('category')),
    department: (p, cell) => or(str(p?.certifying_department), cell('department')),
    validity: (p, cell) => (p?.valid_from ? `${String(p.valid_from)} 至 ${str(p.valid_to) ?? '长期'}` : cell('validFrom')),
    unitName: (_p, _cell, row) => row.holder_unit_name,
  },
  leavers: {
    reason: (p, cell) => or(named(LEAVING_REASONS, p?.leaving_reason), cell('reason')),
    leavingOn: (p, cell) => or(str(p?.leaving_on), cell('leavingOn')),
    unitName: (_p, _cell, row) => row.holder_unit_name,
  },
  prefill: {
    school: (p, cell) => or(str(p?.school_name), cell('schoolName')),
    grade: (p, cell) => grade(p?.grade_code, cell('gradeCode')),
    className: (p, cell) => or(str(p?.class_name), cell('className')),
    studentNumber: (p, cell) => or(str(p?.student_number), cell('studentNumber')),
  },
  photos: {
    size: (p) => (p?.width && p.height ? `${String(p.width)}×${String(p.height)} 像素` : null),
    bytes: (p) => (typeof p?.size_bytes === 'number' ? `${(p.size_bytes / 1024).toFixed(1)} KB` : null),
    unitName: (_p, _cell, row) => row.holder_unit_name,
  },
  paid_roster: {
    year: (p, cell) => or(p?.year ? `${String(p.year)} 年度` : null, cell('period')),
    amount: (p, cell) => or(money(p?.amount_fen), cell('amount')),
    channel: (p, cell) => or(named(OFFLINE_CHANNELS, p?.channel), cell('channel')),
    // A card deduction's answer: what the bank said; other rosters have no result.
    result: (p, cell) => (p ? (p.failed ? `扣款失败：${str(p.failure) ?? '银行未说明原因'}` : p.channel === 'card_deduction' ? '扣款成功' : null) : cell('result')),
    paidAt: (p, cell) => or(minute(p?.paid_at), cell('paidAt')),
    ticket: (p, cell) => or(str(p?.ticket), cell('ticket')),
  },
  deduction_result: {
    settlementNumber: (p, cell) => or(str(p?.settlement_number), cell('settlementNumber')),
    amount: (p, cell) => or(money(p?.amount_fen), cell('amount')),
    result: (p, cell) => (p ? (p.succeeded ? '扣款成功' : `扣款失败：${str(p.failure) ?? '银行未说明原因'}`) : cell('result')),
    deductedAt: (p, cell) => or(minute(p?.deducted_at), cell('deductedAt')),
    transactionId: (p, cell) => or(str(p?.transaction_id), cell('transactionId')),
  },
  employee_insured: {
    since: (p, cell) => or(str(p?.since), cell('since')),
  },
  card_status: {
    status: (p, cell) => or(named(CARD_CENTRE_STATUS_NAMES, p?.card_status), cell('status')),
  },
  uninsured_reasons: {
    year: (p, cell) => or(p?.year ? `${String(p.year)} 年度` : null, cell('year')),
    reason: (p, cell) => or(str(p?.reason_name), cell('reason')),
    note: (p, cell) => or(str(p?.note), cell('note')),
  },
};

/**
 * The person columns an enrollment row may change, with the column names of the template; values as the register
 * shows them (phones masked; grades as codes, which the page names like the prefill's).
 */
const ENROLLMENT_DIFF: ReadonlyArray<{ field: keyof PersonForDiff & string; column: string; show?: (v: unknown) => string | null }> = [
  { field: 'name', column: '姓名' },
  { field: 'ethnicity', column: '民族' },
  { field: 'hukou_type', column: '户籍类型', show: (v) => named(PERSON_HUKOU_NAMES, v) },
  { field: 'hukou_district_code', column: '户籍所在地代码' },
  { field: 'hukou_street_code', column: '户籍街道代码' },
  { field: 'hukou_address', column: '户籍地址' },
  { field: 'residence_permit_since', column: '居住证起始日期' },
  { field: 'grade_code', column: '年级' },
  { field: 'class_name', column: '班级' },
  { field: 'student_number', column: '学号' },
  { field: 'entry_year', column: '入学年份' },
  { field: 'expected_graduation_year', column: '预计毕业年份' },
  { field: 'phone', column: '联系电话', show: (v) => (typeof v === 'string' ? maskPhone(v) : null) },
  { field: 'guardian_name', column: '监护人姓名' },
  { field: 'guardian_relation', column: '与监护人关系' },
  { field: 'guardian_phone', column: '监护人电话', show: (v) => (typeof v === 'string' ? maskPhone(v) : null) },
  { field: 'enrolls_through_unit', column: '名单', show: (v) => (v === true ? '参保学生' : v === false ? '未参保学生' : null) },
  { field: 'not_enrolled_reason', column: '未参保原因' },
];

/** What an enrollment row changes in the register: every column the file fills with another value (an empty cell clears nothing). */
function enrollmentChanges(payload: Payload | null, person: PersonForDiff | undefined): TImportChange[] {
  if (!payload || !person) return [];
  const out: TImportChange[] = [];
  for (const d of ENROLLMENT_DIFF) {
    const to = payload[d.field];
    if (to === null || to === undefined) continue;
    const from = person[d.field];
    if (from !== null && String(from) === String(to)) continue;
    const show = d.show ?? str;
    out.push({ column: d.column, from: show(from), to: show(to) });
  }
  return out;
}

function warningsOf(kind: string, row: StagedRow, extras: RowExtras): string[] {
  const p = row.payload;
  if (kind === 'enrollment' && row.outcome === 'transfer_in') {
    // The unit that stopped the person is not named: nobody holds a stopped person, and its history is not this unit's.
    return ['原单位已办理减员，导入后转入本单位'];
  }
  if (kind === 'photos' && row.outcome === 'matched' && row.person_id && extras.withPhoto.has(row.person_id)) {
    return ['该人员已有制卡照片，导入后换成这张'];
  }
  const target = row.changes?.[0]?.to ?? null;
  if (row.outcome === 'amount_mismatch' && target && extras.due.has(target) && typeof p?.amount_fen === 'number') {
    const what = kind === 'deduction_result' ? ['应扣', '实扣'] : ['应缴', '实缴'];
    return [`${what[0]} ${formatFenYuan(extras.due.get(target)!)}，${what[1]} ${formatFenYuan(p.amount_fen)}：款项照样入账，列入对账异常“金额不符”`];
  }
  return [];
}

/**
 * A staged row as the lists show it: its place in the file, the name and the masked document number, the kind's key
 * fields, its errors and what it will do. A row with errors has no checked values: its name, number and fields come
 * from the cells as read (masked like everything else).
 */
export function presentImportRow(kind: string, sheets: readonly TImportSheet[], row: StagedRow, extras: RowExtras): TImportRow {
  const indexOf = sheets.find((s) => s.name === row.sheet)?.indexOf ?? {};
  const cell = (key: string): string | null => {
    const col = indexOf[key];
    const text = col === undefined ? '' : (row.cells[col] ?? '').trim();
    return text ? maskPersonalText(text) : null;
  };
  const p = row.payload;
  // A zip's rows are files: their name is the file's.
  const nameColumn = indexOf.name ?? indexOf.fileName;
  const rawNumber = indexOf.documentNumber === undefined ? '' : (row.cells[indexOf.documentNumber] ?? '').trim();
  const readers = (FIELD_READERS as Record<string, Record<string, FieldReader>>)[kind];
  const fields: Record<string, string | null> = {};
  for (const f of (IMPORT_ROW_FIELDS as Record<string, readonly { key: string }[]>)[kind] ?? []) fields[f.key] = readers?.[f.key]?.(p, cell, row) ?? null;
  const changes =
    kind === 'enrollment' && row.outcome === 'changed' && row.person_id
      ? enrollmentChanges(p, extras.persons.get(row.person_id))
      : (row.changes ?? []).map((c) => ({ column: c.header, from: c.from, to: c.to }));
  return {
    seq: row.seq,
    sheet: row.sheet,
    rowNo: row.row_no,
    outcome: row.outcome,
    name:
      // A photo's file is named by the ID number: masked like every number the lists show.
      typeof p?.name === 'string'
        ? p.name
        : typeof p?.file_name === 'string'
          ? maskPersonalText(p.file_name)
          : maskPersonalText(row.cells[nameColumn ?? -1] ?? '') || null,
    errors: row.errors.map((e) => ({ column: e.header, message: e.message })),
    changes,
    documentNumber: row.document_number ? maskIdNumber(row.document_number) : rawNumber ? maskIdNumber(rawNumber) : null,
    fields,
    warnings: warningsOf(kind, row, extras),
  };
}
