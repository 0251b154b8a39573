import { DOCUMENT_TYPES, validateDocument } from '../identity/documents';
import { validatePersonName } from '../identity/person-name';
import { GRADES } from '../registry/grades';
import { parseCellCode, type TCellResult } from './cells';

type IdentityKey = 'name' | 'documentType' | 'documentNumber';

/** Document type cells as offices write them, besides the code and the national name. */
const DOCUMENT_TYPE_ALIASES: Record<string, string> = { 身份证: '01', 居民身份证: '01', 户口簿: '01', 护照: '08' };

/**
 * The three cells every person list has — name, document type (01 when empty) and document number — checked with
 * the registry's validators; each wrong cell is reported under its own key. The document's birth date and gender
 * come back with it when the number carries them.
 */
export function checkIdentityCells(
  value: (key: IdentityKey) => string,
  fail: (key: IdentityKey, message: string) => void,
  today: string,
) {
  const name = validatePersonName(value('name'));
  if (!name.ok) fail('name', name.message);
  let documentType = '01';
  if (value('documentType')) {
    const t = parseCellCode(value('documentType'), DOCUMENT_TYPES, '证件类型', DOCUMENT_TYPE_ALIASES);
    if (t.ok) documentType = t.value;
    else fail('documentType', t.message);
  }
  const doc = validateDocument(documentType, value('documentNumber'), { today });
  if (!doc.ok) fail('documentNumber', doc.message);
  return {
    name: name.ok ? name.normalized : null,
    /** Null unless the number is valid — the pair rows are matched and de-duplicated by. */
    documentType: doc.ok ? documentType : null,
    documentNumber: doc.ok ? doc.normalized : null,
    birthDate: doc.ok ? (doc.birthDate ?? null) : null,
    gender: doc.ok ? (doc.gender ?? null) : null,
  };
}

const GRADE_NAMES = Object.fromEntries(GRADES.map((g) => [g.code, g.name])) as Record<string, string>;

/** A grade cell: the two-digit code (a single digit is padded: 2 → 02), the code with its name, or the name. */
export function parseCellGrade(text: string): TCellResult<string> {
  const raw = text.trim();
  return parseCellCode(/^\d$/.test(raw) ? `0${raw}` : raw, GRADE_NAMES, '年级');
}
