import type { TImportKindCode } from '@canbao/domain';
import { cardStatusKind } from './card-status';
import { deductionResultKind } from './deduction-result';
import { employeeInsuredKind } from './employee-insured';
import { enrollmentKind } from './enrollment';
import { exemptionsKind } from './exemptions';
import type { ImportKind } from './kind';
import { leaversKind } from './leavers';
import { paidRosterKind } from './paid-roster';
import { photosKind } from './photos';
import { prefillKind } from './prefill';
import { uninsuredReasonsKind } from './uninsured-reasons';

/**
 * The kinds the server runs, by the contract's codes (IMPORT_KIND_CODES in @canbao/domain): one of each, no other.
 * Read by the engine (imports.service.ts) and by the reading worker, which checks the rows of a kind that needs
 * nothing from the database to check them (staging.ts).
 */
export const IMPORT_KINDS: Readonly<Record<string, ImportKind>> = {
  enrollment: enrollmentKind as unknown as ImportKind,
  exemptions: exemptionsKind as unknown as ImportKind,
  leavers: leaversKind as unknown as ImportKind,
  prefill: prefillKind as unknown as ImportKind,
  photos: photosKind as unknown as ImportKind,
  paid_roster: paidRosterKind as unknown as ImportKind,
  deduction_result: deductionResultKind as unknown as ImportKind,
  uninsured_reasons: uninsuredReasonsKind as unknown as ImportKind,
  card_status: cardStatusKind as unknown as ImportKind,
  employee_insured: employeeInsuredKind as unknown as ImportKind,
} satisfies Record<TImportKindCode, ImportKind>;
