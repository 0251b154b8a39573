/**
 * The edit form of a policy profile: the values it holds, how they are made from a profile and turned back into
 * one, and which form field shows a validation issue of the server.
 *
 * The form holds the WHOLE profile, shaped for inputs: amounts as yuan text ('170.00'), shares as per-cent text
 * ('60.00'), the yes/no/either conditions of a selector as 'yes' | 'no' | 'any', optional parts with an `isSet`
 * switch (their values stay in the store while switched off). Everything else is the profile's own value, passed
 * through untouched, so `formValuesToProfile(profileToFormValues(p))` is `p` for every valid profile — also for
 * keys this module does not know.
 */
import {
  type TBenefitPeriod,
  type TContinuityIncentiveRule,
  type TExclusionRule,
  type TFeeCategory,
  type TFeePart,
  type TFeePartCode,
  type THukouType,
  type TIdentityCategory,
  type TPathRule,
  type TPersonSelector,
  type TPolicyGender,
  type TPolicyProfile,
  type TRegistrationRule,
  type TRuleSource,
  type TSchoolLevel,
  type TSubsidyKind,
  type TSubsidyRule,
  type TWaitingPeriodRule,
  FEE_PART_CODES,
  FEE_PART_NAMES,
} from '@canbao/domain';
import { basisPointsToPercentInput, fenToYuanInput, parsePercentInput, parseYuanInput } from '../../lib/money';

// ── form values ───────────────────────────────────────────────────────────────────────────────────────────────

/** A condition that may be required, refused or left open (不限). */
export type TTri = 'any' | 'yes' | 'no';

/** A person selector as inputs: every list present (empty = no condition), numbers null when open. */
export interface TSelectorValues {
  ageMin: number | null;
  ageMax: number | null;
  inSchool: TTri;
  schoolLevels: TSchoolLevel[];
  schoolInRegion: TTri;
  hukouTypes: THukouType[];
  hukouRegionPrefixes: string[];
  genders: TPolicyGender[];
  flagsAny: string[];
  identitiesAny: string[];
  newborn: TTri;
}

/** The citation, the 推定 mark and the agency's note every rule carries. */
export interface TSourcedValues {
  source: TRuleSource;
  unsure?: boolean;
  note?: string;
}

/** An optional part of the profile: its values, and whether the profile has it. */
export type TOptional<T> = T & { isSet: boolean };

export interface TBenefitPeriodValues extends TSourcedValues {
  kind: TBenefitPeriod['kind'];
  start?: string;
  end?: string;
  segments?: { start: string; end: string; label: string }[];
}

export interface TFeePartValues extends Omit<TFeePart, 'amountFen'> {
  amountYuan: string;
}

export interface TCategoryValues extends Omit<TFeeCategory, 'select' | 'parts' | 'totalFen' | 'provisional' | 'benefitPeriod'> {
  select: TSelectorValues[];
  parts: TFeePartValues[];
  provisional: TOptional<{ settlement: string } & TSourcedValues>;
  benefitPeriod: TOptional<TBenefitPeriodValues>;
}

export interface TSubsidyValues {
  kind: TSubsidyKind;
  amountYuan?: string;
  percent?: string;
}

export type TIdentityConditionValues = NonNullable<TIdentityCategory['conditions']> & { isSet: boolean };

export interface TIdentityValues extends Omit<TIdentityCategory, 'subsidy' | 'conditions'> {
  subsidy: TSubsidyValues;
  conditions: TIdentityConditionValues;
}

export interface TPathValues extends Omit<TPathRule, 'when'> {
  when: TSelectorValues[];
}

export interface TExclusionValues extends Omit<TExclusionRule, 'when'> {
  when: TSelectorValues;
}

export interface TChannelValues extends TSourcedValues {
  name: string;
  when: TSelectorValues[];
}

type TNationalWaiting = Extract<TWaitingPeriodRule, { kind: 'national_2025' }>;

/** Both kinds' fields are kept, so switching to "不设" and back loses nothing. */
export type TWaitingPeriodValues = Omit<TNationalWaiting, 'kind' | 'source' | 'unsure' | 'note'> &
  TSourcedValues & { kind: TWaitingPeriodRule['kind'] };

export interface TContinuityValues
  extends TSourcedValues,
    Pick<TContinuityIncentiveRule, 'minConsecutiveYears'> {
  isSet: boolean;
  capIncreasePerExtraYearYuan: string;
  zeroClaimIncreaseYuan: string;
  maxIncreasePercent: string;
  baseCapYuan?: string;
}

type TProfileEligibility = TPolicyProfile['eligibility'];

export interface TEligibilityValues extends Omit<TProfileEligibility, 'exclusions' | 'coveredElsewhere' | 'residencePermit' | 'pointsEligibility'> {
  exclusions: TExclusionValues[];
  coveredElsewhere: TOptional<NonNullable<TProfileEligibility['coveredElsewhere']>>;
  residencePermit: TOptional<NonNullable<TProfileEligibility['residencePermit']>>;
  pointsEligibility: TOptional<NonNullable<TProfileEligibility['pointsEligibility']>>;
}

export interface TRegistrationValues extends Omit<TRegistrationRule, 'channels'> {
  isSet: boolean;
  channels: TChannelValues[];
}

export interface TProfileFormValues
  extends Omit<
    TPolicyProfile,
    | 'adjustmentWindow'
    | 'benefitPeriod'
    | 'newborn'
    | 'identitySnapshot'
    | 'categories'
    | 'identities'
    | 'paths'
    | 'eligibility'
    | 'registration'
    | 'unitNaming'
    | 'waitingPeriod'
    | 'continuityIncentive'
  > {
  /** 修改说明 of the new version; not part of the profile. */
  note: string;
  adjustmentWindow: TOptional<NonNullable<TPolicyProfile['adjustmentWindow']>>;
  benefitPeriod: TBenefitPeriodValues;
  newborn: TOptional<NonNullable<TPolicyProfile['newborn']>>;
  identitySnapshot: TOptional<NonNullable<TPolicyProfile['identitySnapshot']>>;
  categories: TCategoryValues[];
  identities: TIdentityValues[];
  paths: TPathValues[];
  eligibility: TEligibilityValues;
  registration: TRegistrationValues;
  unitNaming: TOptional<NonNullable<TPolicyProfile['unitNaming']>>;
  waitingPeriod: TWaitingPeriodValues;
  continuityIncentive: TContinuityValues;
}

// ── defaults for what a profile lacks or a person adds ────────────────────────────────────────────────────────

/** The seed notice a profile is built on ('000' …), or 'public' for a template. */
export function ownNotice(p: Pick<TPolicyProfile, 'sourceNotice'>): string {
  return /^\d{3}/.exec(p.sourceNotice.fileId)?.[0] ?? 'public';
}

/** A citation of the profile's own notice whose section is still to be filled in. */
export function blankSource(notice: string): TRuleSource {
  return { notice, section: '' };
}

export function emptySelector(): TSelectorValues {
  return {
    ageMin: null,
    ageMax: null,
    inSchool: 'any',
    schoolLevels: [],
    schoolInRegion: 'any',
    hukouTypes: [],
    hukouRegionPrefixes: [],
    genders: [],
    flagsAny: [],
    identitiesAny: [],
    newborn: 'any',
  };
}

/** `prefix_1`, `prefix_2` …: the first code not yet taken. Codes are never shown; selectors refer to them. */
export function nextCode(prefix: string, taken: readonly (string | undefined)[]): string {
  for (let n = 1; ; n += 1) {
    const code = `${prefix}_${n}`;
    if (!taken.includes(code)) return code;
  }
}

const NATIONAL_WAITING_DEFAULTS: Omit<TNationalWaiting, 'kind' | 'source' | 'unsure' | 'note'> = {
  fixedMonths: 3,
  variableMonthsPerExtraGapYear: 1,
  backPayReducesMonthsPerYear: 1,
  floor: { minGapYears: 4, minTotalMonths: 6 },
  newbornExempt: true,
  exemptIdentityCodes: [],
  countGapsFromYear: 2025,
  firstTimeEnrolleeInWindowExempt: true,
};

export function newPartValues(taken: readonly (string | undefined)[], notice: string): TFeePartValues {
  const code: TFeePartCode = FEE_PART_CODES.find((c) => !taken.includes(c)) ?? 'basic';
  return { code, name: FEE_PART_NAMES[code], amountYuan: '', source: blankSource(notice) };
}

export function newCategoryValues(taken: readonly (string | undefined)[], notice: string): TCategoryValues {
  return {
    code: nextCode('category', taken),
    name: '',
    select: [emptySelector()],
    parts: [newPartValues([], notice)],
    provisional: { isSet: false, settlement: '', source: blankSource(notice) },
    benefitPeriod: { isSet: false, kind: 'custom', source: blankSource(notice) },
    source: blankSource(notice),
  };
}

export function newIdentityValues(taken: readonly (string | undefined)[], notice: string): TIdentityValues {
  return {
    code: nextCode('identity', taken),
    name: '',
    certifyingDepartment: '',
    subsidy: { kind: 'full' },
    conditions: { isSet: false },
    source: blankSource(notice),
  };
}

export function newFlagValues(taken: readonly (string | undefined)[], notice: string): TPolicyProfile['flags'][number] {
  return { code: nextCode('flag', taken), name: '', source: blankSource(notice) };
}

export function newPathValues(notice: string): TPathValues {
  return { path: 'community', name: '', when: [emptySelector()], source: blankSource(notice) };
}

export function newExclusionValues(taken: readonly (string | undefined)[], notice: string): TExclusionValues {
  return { code: nextCode('exclusion', taken), when: emptySelector(), message: '', source: blankSource(notice) };
}

export function newChannelValues(notice: string): TChannelValues {
  return { name: '', when: [emptySelector()], source: blankSource(notice) };
}

// ── profile → form ────────────────────────────────────────────────────────────────────────────────────────────

const triOf = (b: boolean | undefined): TTri => (b === true ? 'yes' : b === false ? 'no' : 'any');

export function selectorToValues(s: TPersonSelector): TSelectorValues {
  return {
    ageMin: s.ageMin ?? null,
    ageMax: s.ageMax ?? null,
    inSchool: triOf(s.inSchool),
    schoolLevels: s.schoolLevels ?? [],
    schoolInRegion: triOf(s.schoolInRegion),
    hukouTypes: s.hukouTypes ?? [],
    hukouRegionPrefixes: s.hukouRegionPrefixes ?? [],
    genders: s.genders ?? [],
    flagsAny: s.flagsAny ?? [],
    identitiesAny: s.identitiesAny ?? [],
    newborn: triOf(s.newborn),
  };
}

function periodToValues(rule: TBenefitPeriod): TBenefitPeriodValues {
  return { ...rule };
}

function subsidyToValues(rule: TSubsidyRule): TSubsidyValues {
  switch (rule.kind) {
    case 'fixed':
      return { kind: 'fixed', amountYuan: fenToYuanInput(rule.amountFen) };
    case 'percent':
      return { kind: 'percent', percent: basisPointsToPercentInput(rule.basisPoints) };
    default:
      return { kind: rule.kind };
  }
}

function continuityToValues(rule: TContinuityIncentiveRule): TContinuityValues {
  const { capIncreasePerExtraYearFen, zeroClaimIncreaseFen, maxIncreaseBasisPoints, baseCapFen, ...rest } = rule;
  return {
    ...rest,
    isSet: true,
    capIncreasePerExtraYearYuan: fenToYuanInput(capIncreasePerExtraYearFen),
    zeroClaimIncreaseYuan: fenToYuanInput(zeroClaimIncreaseFen),
    maxIncreasePercent: basisPointsToPercentInput(maxIncreaseBasisPoints),
    ...(baseCapFen !== undefined ? { baseCapYuan: fenToYuanInput(baseCapFen) } : {}),
  };
}

/** The form's values for a profile: the whole profile, amounts in yuan. */
export function profileToFormValues(profile: TPolicyProfile): TProfileFormValues {
  // A copy: the form store must never share objects with the profile it was read from.
  const p = structuredClone(profile);
  const notice = ownNotice(p);
  const src = () => blankSource(notice);
  const e = p.eligibility;
  const wp = p.waitingPeriod;
  const ci = p.continuityIncentive;
  return {
    ...p,
    note: '',
    adjustmentWindow: p.adjustmentWindow ? { ...p.adjustmentWindow, isSet: true } : { isSet: false, start: '', end: '', allows: '', source: src() },
    benefitPeriod: periodToValues(p.benefitPeriod),
    newborn: p.newborn
      ? { ...p.newborn, isSet: true }
      : { isSet: false, within: { unit: 'months', amount: 3 }, fee: 'full_year', benefitFrom: 'birth', source: src() },
    identitySnapshot: p.identitySnapshot ? { ...p.identitySnapshot, isSet: true } : { isSet: false, date: '', source: src() },
    categories: p.categories.map(({ select, parts, totalFen: _total, provisional, benefitPeriod, ...c }) => ({
      ...c,
      select: select.map(selectorToValues),
      parts: parts.map(({ amountFen, ...part }) => ({ ...part, amountYuan: fenToYuanInput(amountFen) })),
      provisional: provisional ? { ...provisional, isSet: true } : { isSet: false, settlement: '', source: src() },
      benefitPeriod: benefitPeriod ? { ...periodToValues(benefitPeriod), isSet: true } : { isSet: false, kind: 'custom', source: src() },
    })),
    identities: p.identities.map(({ subsidy, conditions, ...i }) => ({
      ...i,
      subsidy: subsidyToValues(subsidy),
      conditions: { ...conditions, isSet: conditions !== undefined },
    })),
    paths: p.paths.map(({ when, ...r }) => ({ ...r, when: when.map(selectorToValues) })),
    eligibility: {
      ...e,
      exclusions: e.exclusions.map(({ when, ...x }) => ({ ...x, when: selectorToValues(when) })),
      coveredElsewhere: e.coveredElsewhere ? { ...e.coveredElsewhere, isSet: true } : { isSet: false, message: '', source: src() },
      residencePermit: e.residencePermit
        ? { ...e.residencePermit, isSet: true }
        : { isSet: false, hukouTypes: ['nonlocal'], minMonths: 0, acceptedDocuments: ['居住证'], source: src() },
      pointsEligibility: e.pointsEligibility
        ? { ...e.pointsEligibility, isSet: true }
        : {
            isSet: false,
            name: '积分入医',
            applyWindow: { start: '', end: '' },
            hukouTypes: ['nonlocal'],
            excludedSchoolLevels: [],
            firstEnrollmentOnly: true,
            source: src(),
          },
    },
    registration: p.registration
      ? { ...p.registration, isSet: true, channels: p.registration.channels.map(({ when, ...c }) => ({ ...c, when: when.map(selectorToValues) })) }
      : { isSet: false, firstTimeRequired: true, continuingExempt: true, channels: [], source: src() },
    unitNaming: p.unitNaming ? { ...p.unitNaming, isSet: true } : { isSet: false, source: src() },
    waitingPeriod: wp.kind === 'national_2025' ? { ...wp } : { ...structuredClone(NATIONAL_WAITING_DEFAULTS), ...wp },
    continuityIncentive: ci
      ? continuityToValues(ci)
      : {
          isSet: false,
          minConsecutiveYears: 4,
          capIncreasePerExtraYearYuan: '1000.00',
          zeroClaimIncreaseYuan: '1000.00',
          maxIncreasePercent: '20.00',
          source: src(),
        },
  };
}

// ── form → profile ────────────────────────────────────────────────────────────────────────────────────────────

/** Thrown for an amount or share the form cannot read; the form's own rules refuse such text first. */
export class FormValueError extends Error {}

/** Reads a yuan text of the form into fen. */
export function fenOf(text: string | number | null | undefined): number {
  const parsed = parseYuanInput(text);
  if (!parsed.ok) throw new FormValueError(parsed.message);
  return parsed.fen;
}

function basisPointsOf(text: string | number | null | undefined): number {
  const parsed = parsePercentInput(text);
  if (!parsed.ok) throw new FormValueError(parsed.message);
  return parsed.basisPoints;
}

/** `{ key: value }` when the value is given, `{}` when it is undefined, null or an empty text. */
function opt<K extends string, V>(key: K, value: V | null | undefined): { [P in K]?: V } {
  return value === undefined || value === null || value === '' ? {} : ({ [key]: value } as { [P in K]: V });
}

/** A list that must not be empty when present (a selector's "one of"): left out when empty. */
function list<K extends string, V>(key: K, values: V[] | null | undefined): { [P in K]?: V[] } {
  return values && values.length > 0 ? ({ [key]: values } as { [P in K]: V[] }) : {};
}

/** Drops what the store holds as undefined (never part of a saved profile). */
function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

function sourceOf(s: TRuleSource): TRuleSource {
  const { notice, section, quote, reference, ...rest } = s;
  return { ...defined(rest), notice, section, ...opt('quote', quote), ...opt('reference', reference) };
}

/** source, unsure and note of a rule: the source cleaned, unsure kept as set, an empty note left out. */
function sourcedOf(v: TSourcedValues): TSourcedValues {
  return { source: sourceOf(v.source), ...(typeof v.unsure === 'boolean' ? { unsure: v.unsure } : {}), ...opt('note', v.note) };
}

const boolOf = (t: TTri): boolean | undefined => (t === 'yes' ? true : t === 'no' ? false : undefined);
const numberOf = (n: number | null | undefined): number | undefined => (typeof n === 'number' ? n : undefined);

export function selectorFromValues(s: TSelectorValues): TPersonSelector {
  return defined({
    ageMin: numberOf(s.ageMin),
    ageMax: numberOf(s.ageMax),
    inSchool: boolOf(s.inSchool),
    ...list('schoolLevels', s.schoolLevels),
    schoolInRegion: boolOf(s.schoolInRegion),
    ...list('hukouTypes', s.hukouTypes),
    ...list('hukouRegionPrefixes', s.hukouRegionPrefixes),
    ...list('genders', s.genders),
    ...list('flagsAny', s.flagsAny),
    ...list('identitiesAny', s.identitiesAny),
    newborn: boolOf(s.newborn),
  });
}

function periodFromValues(v: TBenefitPeriodValues): TBenefitPeriod {
  if (v.kind === 'calendar_year') return { kind: 'calendar_year', ...sourcedOf(v) };
  return {
    kind: 'custom',
    start: v.start ?? '',
    end: v.end ?? '',
    ...(v.segments ? { segments: v.segments.map(({ start, end, label }) => ({ start, end, label })) } : {}),
    ...sourcedOf(v),
  };
}

function subsidyFromValues(v: TSubsidyValues): TSubsidyRule {
  switch (v.kind) {
    case 'fixed':
      return { kind: 'fixed', amountFen: fenOf(v.amountYuan) };
    case 'percent':
      return { kind: 'percent', basisPoints: basisPointsOf(v.percent) };
    case 'full':
      return { kind: 'full' };
    case 'none':
      return { kind: 'none' };
  }
}

function categoryFromValues(c: TCategoryValues): TFeeCategory {
  const { select, parts: partValues, provisional, benefitPeriod, source: _s, unsure: _u, note: _n, ...rest } = c;
  const parts = partValues.map((value) => {
    const { amountYuan, source: _ps, unsure: _pu, note: _pn, ...part } = value;
    return { ...defined(part), amountFen: fenOf(amountYuan), ...sourcedOf(value) };
  });
  return {
    ...defined(rest),
    select: select.map(selectorFromValues),
    parts,
    totalFen: parts.reduce((sum, part) => sum + part.amountFen, 0),
    ...(provisional.isSet ? { provisional: { settlement: provisional.settlement, ...sourcedOf(provisional) } } : {}),
    ...(benefitPeriod.isSet ? { benefitPeriod: periodFromValues(benefitPeriod) } : {}),
    ...sourcedOf(c),
  };
}

function identityFromValues(i: TIdentityValues): TIdentityCategory {
  const { subsidy, conditions, source: _s, unsure: _u, note: _n, ...rest } = i;
  const { isSet, hukouTypes, hukouRegionPrefixes, acceptedEvidence, certificateName, certificateDetailsRequired, ...otherConditions } = conditions;
  const cond = {
    ...defined(otherConditions),
    ...list('hukouTypes', hukouTypes),
    ...list('hukouRegionPrefixes', hukouRegionPrefixes),
    ...list('acceptedEvidence', acceptedEvidence),
    ...opt('certificateName', certificateName),
    ...(typeof certificateDetailsRequired === 'boolean' ? { certificateDetailsRequired } : {}),
  };
  return {
    ...defined(rest),
    subsidy: subsidyFromValues(subsidy),
    ...(isSet || Object.keys(cond).length > 0 ? { conditions: cond } : {}),
    ...sourcedOf(i),
  };
}

function waitingFromValues(v: TWaitingPeriodValues): TWaitingPeriodRule {
  if (v.kind === 'none') return { kind: 'none', ...sourcedOf(v) };
  return {
    kind: 'national_2025',
    fixedMonths: v.fixedMonths,
    variableMonthsPerExtraGapYear: v.variableMonthsPerExtraGapYear,
    backPayReducesMonthsPerYear: v.backPayReducesMonthsPerYear,
    floor: { minGapYears: v.floor.minGapYears, minTotalMonths: v.floor.minTotalMonths },
    newbornExempt: v.newbornExempt,
    exemptIdentityCodes: v.exemptIdentityCodes ?? [],
    countGapsFromYear: v.countGapsFromYear,
    firstTimeEnrolleeInWindowExempt: v.firstTimeEnrolleeInWindowExempt,
    ...sourcedOf(v),
  };
}

function eligibilityFromValues(e: TEligibilityValues): TProfileEligibility {
  const { exclusions, coveredElsewhere: ce, residencePermit: rp, pointsEligibility: pe, ...rest } = e;
  return {
    ...defined(rest),
    exclusions: exclusions.map(({ when, exceptFlags, source: _s, unsure: _u, note: _n, ...x }, i) => ({
      ...defined(x),
      when: selectorFromValues(when),
      ...list('exceptFlags', exceptFlags),
      ...sourcedOf(exclusions[i]!),
    })),
    ...(ce.isSet ? { coveredElsewhere: { message: ce.message, ...sourcedOf(ce) } } : {}),
    ...(rp.isSet
      ? { residencePermit: { hukouTypes: rp.hukouTypes, minMonths: rp.minMonths, acceptedDocuments: rp.acceptedDocuments, ...sourcedOf(rp) } }
      : {}),
    ...(pe.isSet
      ? {
          pointsEligibility: {
            name: pe.name,
            applyWindow: { start: pe.applyWindow.start, end: pe.applyWindow.end },
            hukouTypes: pe.hukouTypes,
            excludedSchoolLevels: pe.excludedSchoolLevels ?? [],
            firstEnrollmentOnly: pe.firstEnrollmentOnly,
            ...(pe.notRequiredForHukouRegionPrefixes ? { notRequiredForHukouRegionPrefixes: pe.notRequiredForHukouRegionPrefixes } : {}),
            ...(pe.notRequiredForFlags ? { notRequiredForFlags: pe.notRequiredForFlags } : {}),
            ...sourcedOf(pe),
          },
        }
      : {}),
  };
}

/**
 * The profile the form's values describe. Each category's total is the sum of its parts, so "parts add up" holds
 * by construction. Nothing is checked here beyond reading amounts (a negative one is sent as typed): the server's
 * validation is the one that speaks. Throws FormValueError for an amount or share that cannot be read.
 */
export function formValuesToProfile(values: TProfileFormValues): TPolicyProfile {
  const {
    note: _note,
    declarationWindow: dw,
    adjustmentWindow: aw,
    lateEnrollment: late,
    benefitPeriod,
    newborn: nb,
    ageReference,
    identitySnapshot: snap,
    sourceNotice,
    flags,
    categories,
    identities,
    paths,
    eligibility,
    registration: reg,
    unitNaming: un,
    waitingPeriod,
    continuityIncentive: ci,
    ...rest
  } = values;
  const { issuedOn, ...notice } = sourceNotice;
  const { until, message, allowed, source: _ls, unsure: _lu, note: _ln, ...lateRest } = late;
  return {
    ...defined(rest),
    sourceNotice: { ...defined(notice), ...opt('issuedOn', issuedOn) },
    declarationWindow: { start: dw.start, end: dw.end, ...sourcedOf(dw) },
    ...(aw.isSet ? { adjustmentWindow: { start: aw.start, end: aw.end, allows: aw.allows, ...sourcedOf(aw) } } : {}),
    lateEnrollment: { ...defined(lateRest), allowed, ...opt('until', until), ...opt('message', message), ...sourcedOf(late) },
    benefitPeriod: periodFromValues(benefitPeriod),
    newborn: nb.isSet
      ? {
          within: { unit: nb.within.unit, amount: nb.within.amount },
          ...list('hukouTypes', nb.hukouTypes),
          fee: 'full_year',
          benefitFrom: nb.benefitFrom,
          ...sourcedOf(nb),
        }
      : null,
    ageReference: { on: ageReference.on, ...sourcedOf(ageReference) },
    ...(snap.isSet ? { identitySnapshot: { date: snap.date, ...sourcedOf(snap) } } : {}),
    flags: flags.map(({ source: _s, unsure: _u, note: _n, ...f }, i) => ({ ...defined(f), ...sourcedOf(flags[i]!) })),
    categories: categories.map(categoryFromValues),
    identities: identities.map(identityFromValues),
    paths: paths.map(({ when, source: _s, unsure: _u, note: _n, ...r }, i) => ({
      ...defined(r),
      when: when.map(selectorFromValues),
      ...sourcedOf(paths[i]!),
    })),
    eligibility: eligibilityFromValues(eligibility),
    ...(reg.isSet
      ? {
          registration: {
            firstTimeRequired: reg.firstTimeRequired,
            continuingExempt: reg.continuingExempt,
            channels: reg.channels.map((c) => ({ name: c.name, when: c.when.map(selectorFromValues), ...sourcedOf(c) })),
            ...sourcedOf(reg),
          },
        }
      : {}),
    ...(un.isSet
      ? { unitNaming: { ...opt('schoolSuffix', un.schoolSuffix), ...opt('streetOfficeSuffix', un.streetOfficeSuffix), ...sourcedOf(un) } }
      : {}),
    waitingPeriod: waitingFromValues(waitingPeriod),
    ...(ci.isSet
      ? {
          continuityIncentive: {
            minConsecutiveYears: ci.minConsecutiveYears,
            capIncreasePerExtraYearFen: fenOf(ci.capIncreasePerExtraYearYuan),
            zeroClaimIncreaseFen: fenOf(ci.zeroClaimIncreaseYuan),
            maxIncreaseBasisPoints: basisPointsOf(ci.maxIncreasePercent),
            ...(ci.baseCapYuan !== undefined && ci.baseCapYuan !== null && ci.baseCapYuan !== '' ? { baseCapFen: fenOf(ci.baseCapYuan) } : {}),
            ...sourcedOf(ci),
          },
        }
      : {}),
  };
}

// ── where an issue of the server is shown ─────────────────────────────────────────────────────────────────────

export type TFormFieldName = (string | number)[];

/** A profile key as the form names it: amounts in yuan, shares in per cent. */
function formSegment(segment: string): string | number {
  if (/^\d+$/.test(segment)) return Number(segment);
  if (segment === 'basisPoints') return 'percent';
  if (segment.endsWith('BasisPoints')) return segment.replace(/BasisPoints$/, 'Percent');
  if (segment === 'totalFen') return 'parts';
  if (segment.endsWith('Fen')) return segment.replace(/Fen$/, 'Yuan');
  return segment;
}

/** The form's name of a dotted profile path: 'categories.0.parts.1.amountFen' → ['categories', 0, 'parts', 1, 'amountYuan']. */
export function formNameOfPath(path: string): TFormFieldName {
  return path ? path.split('.').map(formSegment) : [];
}

/**
 * Fields that show an issue about a whole object (a window, an item of a list), tried in order under the object:
 * the end of a window, an item's name or message, a period's amount, a citation's reference.
 */
const OBJECT_FIELDS: TFormFieldName[] = [['end'], ['name'], ['message'], ['within', 'amount'], ['amount'], ['reference'], ['date'], ['kind']];

/**
 * The form field that shows an issue: the field its path names ('categories.0.parts.1.amountFen' → ['categories',
 * 0, 'parts', 1, 'amountYuan']); for a whole object, a field of it (OBJECT_FIELDS; an unsure mark's own switch);
 * else the nearest field above it (a list shows issues about itself). Null when the form shows no field there
 * (the issue is then only listed). `isField` says whether the form has a field of that name.
 */
export function formFieldForIssue(issue: { path: string; message: string }, isField: (name: TFormFieldName) => boolean): TFormFieldName | null {
  const preferred: TFormFieldName[] = /unsure/.test(issue.message) ? [['unsure'], ...OBJECT_FIELDS] : OBJECT_FIELDS;
  for (let name = formNameOfPath(issue.path); name.length > 0; name = name.slice(0, -1)) {
    if (isField(name)) return name;
    for (const tail of preferred) {
      const candidate = [...name, ...tail];
      if (isField(candidate)) return candidate;
    }
  }
  return null;
}
