import { UNINSURED_REASONS } from '../api/chase';
import { compareDates, daysBetween, yearOf } from './calendar';
import {
  GENDER_NAMES,
  GENDERS,
  HUKOU_TYPE_NAMES,
  HUKOU_TYPES,
  SCHOOL_LEVEL_NAMES,
  SCHOOL_LEVELS,
  type THukouType,
  type TPersonSelector,
  type TPolicyGender,
  type TPolicyProfile,
  type TRuleSource,
  type TSchoolLevel,
  ZPolicyProfile,
  resolveBenefitPeriod,
} from './profile';
import { matchesAny, matchesSelector, type TPersonPoint, usesGender, usesSpecialConditions } from './selection';

export interface TProfileIssue {
  /** Dotted path into the profile, e.g. 'categories.0.parts'. */
  path: string;
  message: string;
  severity: 'error' | 'warning';
}

const MAX_AGE = 150;

/** One in-school / hukou / gender situation of the coverage grid (age varies 0–150 inside it). */
interface TGridCell {
  inSchool: boolean;
  schoolLevel: TSchoolLevel | null;
  schoolInRegion: boolean;
  hukouType: THukouType;
  gender: TPolicyGender | null;
}

function describeCell(c: TGridCell): string {
  const school = c.inSchool
    ? `在校（${c.schoolLevel ? SCHOOL_LEVEL_NAMES[c.schoolLevel] : '学段未知'}${c.schoolInRegion ? '，本地学校' : '，外地学校'}）`
    : '不在校';
  return `${school}、${HUKOU_TYPE_NAMES[c.hukouType]}${c.gender ? `、${GENDER_NAMES[c.gender]}` : ''}`;
}

/** Consecutive ages as ranges: [0,1,2,5] → '0–2、5 周岁'. */
function ageRanges(ages: number[]): string {
  const out: string[] = [];
  let start: number | undefined;
  let prev: number | undefined;
  for (const a of ages) {
    if (start !== undefined && prev !== undefined && a === prev + 1) {
      prev = a;
      continue;
    }
    if (start !== undefined && prev !== undefined) out.push(start === prev ? `${start}` : `${start}–${prev}`);
    start = a;
    prev = a;
  }
  if (start !== undefined && prev !== undefined) out.push(start === prev ? `${start}` : `${start}–${prev}`);
  return `${out.join('、')} 周岁`;
}

function gridCells(withGender: boolean): TGridCell[] {
  const cells: TGridCell[] = [];
  const genders: (TPolicyGender | null)[] = withGender ? [...GENDERS] : [null];
  for (const hukouType of HUKOU_TYPES) {
    for (const gender of genders) {
      cells.push({ inSchool: false, schoolLevel: null, schoolInRegion: true, hukouType, gender });
      for (const schoolLevel of SCHOOL_LEVELS) {
        for (const schoolInRegion of [true, false]) {
          cells.push({ inSchool: true, schoolLevel, schoolInRegion, hukouType, gender });
        }
      }
    }
  }
  return cells;
}

function pointOf(cell: TGridCell, age: number): TPersonPoint {
  return { ...cell, age, hukouRegionCode: null, flags: [], identities: [], newborn: false };
}

function checkSources(value: unknown, path: string, issues: TProfileIssue[]): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => checkSources(v, `${path}.${i}`, issues));
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const record = value as Record<string, unknown>;
  const source = record.source as TRuleSource | undefined;
  if (source && typeof source === 'object' && source.notice === 'public') {
    if (record.unsure !== true) {
      issues.push({ path, message: '取自公开资料（非通知原文）的规则须标记 unsure: true', severity: 'error' });
    }
    if (!source.reference) {
      issues.push({ path: `${path}.source`, message: '公开资料来源须注明出处（reference）', severity: 'error' });
    }
  }
  for (const [k, v] of Object.entries(record)) {
    if (k !== 'source') checkSources(v, path ? `${path}.${k}` : k, issues);
  }
}

function checkUnique(codes: string[], path: string, what: string, issues: TProfileIssue[]): void {
  const seen = new Set<string>();
  codes.forEach((code, i) => {
    if (seen.has(code)) issues.push({ path: `${path}.${i}.code`, message: `${what}代码“${code}”重复`, severity: 'error' });
    seen.add(code);
  });
}

/**
 * Checks a profile beyond its schema: windows in order and within sensible bounds, fee parts adding up,
 * unique codes, references to flags and identities that exist, public values marked unsure, and — the main
 * one — that for every age 0–150 and every in-school / school level / hukou (/ gender) situation the profile
 * does not exclude, some category and some path applies. Returns Chinese issues with a path; [] means valid.
 */
export function validateProfile(input: unknown): TProfileIssue[] {
  const parsed = ZPolicyProfile.safeParse(input);
  if (!parsed.success) {
    return parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message, severity: 'error' as const }));
  }
  const p: TPolicyProfile = parsed.data;
  const issues: TProfileIssue[] = [];
  const err = (path: string, message: string): void => void issues.push({ path, message, severity: 'error' });
  const warn = (path: string, message: string): void => void issues.push({ path, message, severity: 'warning' });

  // ── identity of the profile ──
  if (p.regionCode === '000000' && !p.template) err('regionCode', '行政区划代码 000000 仅用于模板');
  if (p.template && p.regionCode !== '000000') warn('regionCode', '模板的行政区划代码宜为 000000');

  // ── benefit period ──
  const period = resolveBenefitPeriod(p);
  const checkPeriod = (path: string, rule: TPolicyProfile['benefitPeriod']): void => {
    if (rule.kind !== 'custom') return;
    if (compareDates(rule.start, rule.end) > 0) err(`${path}.end`, '待遇享受期结束日不能早于开始日');
    if (Math.abs(yearOf(rule.start) - p.insuranceYear) > 1 || Math.abs(yearOf(rule.end) - p.insuranceYear) > 2) {
      err(path, `待遇享受期（${rule.start} 至 ${rule.end}）与参保年度 ${p.insuranceYear} 相差过大`);
    }
    const segments = rule.segments ?? [];
    segments.forEach((s, i) => {
      if (compareDates(s.start, s.end) > 0) err(`${path}.segments.${i}`, '分段结束日不能早于开始日');
      if (compareDates(s.start, rule.start) < 0 || compareDates(s.end, rule.end) > 0) err(`${path}.segments.${i}`, '分段须在待遇享受期内');
      const next = segments[i + 1];
      if (next && daysBetween(s.end, next.start) !== 1) err(`${path}.segments.${i + 1}`, '分段须首尾相接、不重叠不间断');
    });
  };
  checkPeriod('benefitPeriod', p.benefitPeriod);
  p.categories.forEach((c, i) => {
    if (c.benefitPeriod) checkPeriod(`categories.${i}.benefitPeriod`, c.benefitPeriod);
  });

  // ── windows ──
  const dw = p.declarationWindow;
  if (compareDates(dw.start, dw.end) > 0) err('declarationWindow.end', `申报缴费期结束日 ${dw.end} 早于开始日 ${dw.start}`);
  const windowDays = daysBetween(dw.start, dw.end);
  if (windowDays > 366) err('declarationWindow', `申报缴费期长达 ${windowDays + 1} 天，超过一年`);
  if (daysBetween(dw.start, period.start) > 550) err('declarationWindow.start', `申报缴费期开始日 ${dw.start} 距待遇期开始 ${period.start} 过远`);
  if (compareDates(dw.start, period.end) > 0) err('declarationWindow.start', '申报缴费期不能在待遇享受期结束后才开始');
  if (compareDates(dw.end, period.end) > 0) err('declarationWindow.end', `申报缴费期结束日 ${dw.end} 晚于待遇享受期结束日 ${period.end}`);
  const aw = p.adjustmentWindow;
  if (aw) {
    if (compareDates(aw.start, aw.end) > 0) err('adjustmentWindow.end', `调整期结束日 ${aw.end} 早于开始日 ${aw.start}`);
    if (compareDates(aw.start, dw.end) <= 0) err('adjustmentWindow.start', `调整期须在申报缴费期（至 ${dw.end}）之后开始`);
    if (compareDates(aw.end, period.end) > 0) err('adjustmentWindow.end', '调整期不能晚于待遇享受期结束');
  }
  const late = p.lateEnrollment;
  if (late.until) {
    if (!late.allowed) warn('lateEnrollment.until', '不允许逾期参保时无需设置截止日');
    if (compareDates(late.until, aw?.end ?? dw.end) <= 0) err('lateEnrollment.until', '逾期参保截止日须晚于申报缴费期');
    if (compareDates(late.until, period.end) > 0) err('lateEnrollment.until', '逾期参保截止日不能晚于待遇享受期结束');
  }
  if (p.identitySnapshot && Math.abs(daysBetween(p.identitySnapshot.date, period.start)) > 550) {
    err('identitySnapshot.date', '身份认定日距待遇享受期过远');
  }

  // ── codes and references ──
  checkUnique(p.categories.map((c) => c.code), 'categories', '人员类别', issues);
  checkUnique(p.identities.map((c) => c.code), 'identities', '减免身份', issues);
  checkUnique(p.flags.map((c) => c.code), 'flags', '标记', issues);
  checkUnique(p.eligibility.exclusions.map((c) => c.code), 'eligibility.exclusions', '排除规则', issues);
  checkUnique((p.uninsuredReasons ?? []).map((c) => c.code), 'uninsuredReasons', '未参保原因', issues);
  (p.uninsuredReasons ?? []).forEach((r, i) => {
    const builtIn = (UNINSURED_REASONS as Record<string, string>)[r.code];
    if (builtIn) err(`uninsuredReasons.${i}.code`, `未参保原因代码“${r.code}”已是通用原因“${builtIn}”，请换一个代码`);
    const sameName = Object.values<string>(UNINSURED_REASONS).includes(r.name);
    if (sameName) err(`uninsuredReasons.${i}.name`, `未参保原因“${r.name}”已在通用原因中`);
  });
  const names = new Map<string, string>();
  p.identities.forEach((id, i) => {
    for (const n of [id.name, ...(id.aliases ?? [])]) {
      const other = names.get(n);
      if (other !== undefined && other !== id.code) err(`identities.${i}`, `减免身份名称“${n}”与“${other}”重复`);
      names.set(n, id.code);
    }
  });
  const flagCodes = new Set(p.flags.map((f) => f.code));
  const identityCodes = new Set(p.identities.map((f) => f.code));
  const checkSelectorRefs = (sel: TPersonSelector, path: string): void => {
    for (const f of sel.flagsAny ?? []) if (!flagCodes.has(f)) err(path, `引用了未定义的标记“${f}”`);
    for (const c of sel.identitiesAny ?? []) if (!identityCodes.has(c)) err(path, `引用了未定义的减免身份“${c}”`);
    if (sel.ageMin !== undefined && sel.ageMax !== undefined && sel.ageMin > sel.ageMax) err(path, `年龄下限 ${sel.ageMin} 大于上限 ${sel.ageMax}`);
    if (sel.inSchool === false && (sel.schoolLevels || sel.schoolInRegion !== undefined)) err(path, '不在校条件不能同时限定学段或学校所在地');
  };
  p.categories.forEach((c, i) => c.select.forEach((s, j) => checkSelectorRefs(s, `categories.${i}.select.${j}`)));
  p.paths.forEach((r, i) => r.when.forEach((s, j) => checkSelectorRefs(s, `paths.${i}.when.${j}`)));
  p.eligibility.exclusions.forEach((ex, i) => {
    checkSelectorRefs(ex.when, `eligibility.exclusions.${i}.when`);
    for (const f of ex.exceptFlags ?? []) if (!flagCodes.has(f)) err(`eligibility.exclusions.${i}.exceptFlags`, `引用了未定义的标记“${f}”`);
  });
  p.registration?.channels.forEach((c, i) => c.when.forEach((s, j) => checkSelectorRefs(s, `registration.channels.${i}.when.${j}`)));
  for (const f of p.eligibility.pointsEligibility?.notRequiredForFlags ?? []) {
    if (!flagCodes.has(f)) err('eligibility.pointsEligibility.notRequiredForFlags', `引用了未定义的标记“${f}”`);
  }
  if (p.waitingPeriod.kind === 'national_2025') {
    for (const c of p.waitingPeriod.exemptIdentityCodes) {
      if (!identityCodes.has(c)) err('waitingPeriod.exemptIdentityCodes', `引用了未定义的减免身份“${c}”`);
    }
  }
  p.categories.forEach((c, i) => {
    c.select.forEach((s, j) => {
      if (usesSpecialConditions(s)) warn(`categories.${i}.select.${j}`, '人员类别不宜按标记、减免身份、新生儿或户籍地前缀划分（覆盖检查无法枚举）');
    });
  });

  // ── amounts ──
  p.categories.forEach((c, i) => {
    c.parts.forEach((part, j) => {
      if (!Number.isSafeInteger(part.amountFen) || part.amountFen < 0) err(`categories.${i}.parts.${j}.amountFen`, '金额须为非负整数分');
    });
    checkUnique(c.parts.map((x) => x.code), `categories.${i}.parts`, '费用构成', issues);
    const sum = c.parts.reduce((s, x) => s + x.amountFen, 0);
    if (sum !== c.totalFen) {
      err(`categories.${i}.totalFen`, `“${c.name}”各部分合计 ${sum} 分，与总额 ${c.totalFen} 分不符`);
    }
  });
  const maxTotal = Math.max(...p.categories.map((c) => c.totalFen));
  p.identities.forEach((id, i) => {
    if (id.subsidy.kind === 'fixed' && id.subsidy.amountFen > maxTotal) {
      warn(`identities.${i}.subsidy.amountFen`, `定额资助 ${id.subsidy.amountFen} 分超过最高缴费标准 ${maxTotal} 分，将按缴费标准封顶`);
    }
  });
  const ci = p.continuityIncentive;
  if (ci && ci.baseCapFen === undefined) warn('continuityIncentive.baseCapFen', '未设置大病保险基础最高支付限额，无法按比例封顶提高额');

  // ── points eligibility ──
  const pts = p.eligibility.pointsEligibility;
  if (pts) {
    if (compareDates(pts.applyWindow.start, pts.applyWindow.end) > 0) err('eligibility.pointsEligibility.applyWindow', '积分入医申请期结束日早于开始日');
    if (compareDates(pts.applyWindow.end, dw.end) > 0) err('eligibility.pointsEligibility.applyWindow', '积分入医申请期须在申报缴费期结束前');
  }

  // ── newborn ──
  if (p.newborn && p.newborn.within.unit === 'months' && p.newborn.within.amount > 12) err('newborn.within', '新生儿参保期限不宜超过 12 个月');

  // ── coverage: every non-excluded situation has a category and a path ──
  const withGender = p.categories.some((c) => usesGender(c.select)) || p.eligibility.exclusions.some((e) => e.when.genders);
  const staticExclusions = p.eligibility.exclusions.filter((e) => !e.exceptFlags && !usesSpecialConditions(e.when));
  const categoryGaps = new Map<string, number[]>();
  const pathGaps = new Map<string, number[]>();
  for (const cell of gridCells(withGender)) {
    for (let age = 0; age <= MAX_AGE; age += 1) {
      const point = pointOf(cell, age);
      if (staticExclusions.some((e) => matchesSelector(e.when, point))) continue;
      if (!p.categories.some((c) => matchesAny(c.select, point))) {
        const key = describeCell(cell);
        categoryGaps.set(key, [...(categoryGaps.get(key) ?? []), age]);
      }
      if (!p.paths.some((r) => matchesAny(r.when, point))) {
        const key = describeCell(cell);
        pathGaps.set(key, [...(pathGaps.get(key) ?? []), age]);
      }
    }
  }
  for (const [cell, ages] of categoryGaps) err('categories', `覆盖缺口：${cell}、${ageRanges(ages)}的人员未被排除，但没有适用的人员类别`);
  for (const [cell, ages] of pathGaps) err('paths', `覆盖缺口：${cell}、${ageRanges(ages)}的人员没有适用的参保途径`);

  // ── citations ──
  checkSources(p, '', issues);

  return issues;
}

/** Only the errors (warnings are advice). */
export function profileErrors(input: unknown): TProfileIssue[] {
  return validateProfile(input).filter((i) => i.severity === 'error');
}
