/**
 * zod schemas over the identity validators, for API bodies and web forms (one schema for both). Each accepts the
 * text as typed and outputs the normalised value; a rejection becomes a custom issue carrying the validator's
 * Chinese message, with the stable code in `params.code`.
 */
import { z } from 'zod';
import { validateDocument, ZDocumentType, type TDocumentOptions } from './documents';
import { validatePersonName } from './person-name';
import { parsePhoneNumber } from './phone';
import { parseResidentId, type TResidentIdOptions } from './resident-id';
import { parseUscc } from './uscc';

type TCheck = { ok: true; normalized: string } | { ok: false; code: string; message: string };

/** Far beyond any real value (spaces and separators included), short enough that a message never echoes a flood. */
const MAX_TYPED = 64;

function normalizedBy(check: (value: string) => TCheck, max = MAX_TYPED) {
  return z.string().max(max, `不能超过 ${max} 个字符`).transform((value, ctx) => {
    const result = check(value);
    if (result.ok) return result.normalized;
    ctx.addIssue({ code: 'custom', message: result.message, params: { code: result.code } });
    return z.NEVER;
  });
}

/**
 * A resident ID number with options, e.g. `today` from the request's clock so future birth dates are refused:
 * build the schema where the date is known (`createZResidentIdNumber({ today })`).
 */
export function createZResidentIdNumber(options: TResidentIdOptions = {}) {
  return normalizedBy((value) => parseResidentId(value, options));
}

/** A resident ID number: outputs the 18-character form (15-digit numbers converted, upper-case X). */
export const ZResidentIdNumber = createZResidentIdNumber();

/** A unified social credit code: outputs the 18 upper-case characters. */
export const ZUscc = normalizedBy((value) => parseUscc(value));

/** A mainland mobile or landline number: outputs "13912345678" or "0755-12345678[-801]". */
export const ZPhoneNumber = normalizedBy((value) => parsePhoneNumber(value));

/** A person's name: outputs the normalised Han or upper-case Latin form. */
export const ZPersonName = normalizedBy((value) => validatePersonName(value), 100);

/**
 * A document type and number together (the number's rule depends on the type) with options such as `today`:
 * outputs the pair with the number normalised. The issue is reported on `documentNumber`, where a form shows it.
 */
export function createZIdentityDocument(options: TDocumentOptions = {}) {
  return z.object({ documentType: ZDocumentType, documentNumber: z.string().max(MAX_TYPED, `不能超过 ${MAX_TYPED} 个字符`) }).transform((value, ctx) => {
    const result = validateDocument(value.documentType, value.documentNumber, options);
    if (result.ok) return { documentType: value.documentType, documentNumber: result.normalized };
    ctx.addIssue({ code: 'custom', message: result.message, path: ['documentNumber'], params: { code: result.code } });
    return z.NEVER;
  });
}

/** createZIdentityDocument() without options. */
export const ZIdentityDocument = createZIdentityDocument();
