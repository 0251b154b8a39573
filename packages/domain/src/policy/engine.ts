import { ageOn, parseResidentId } from '../identity';
import { applyBasisPoints, formatFen, sumFen } from '../money';
import { addDays, addMonths, compareDates, isWithin, maxDate } from './calendar';
import { PolicyError, PolicyErrorCode } from './errors';
import { type TExemptionClaim, type TFeeFacts, type TFeeQuote, type TQuoteReason, type TWindowKind, ZFeeFacts } from './fee-quote';
import {
  GENDER_NAMES,
  HUKOU_TYPE_NAMES,
  type TFeeCategory,
  type TIdentityCategory,
  type TPolicyGender,
  type TPolicyProfile,
  type TRuleSource,
  type TWaitingPeriodRule,
  resolveBenefitPeriod,
} from './profile';
import { matchesAny, matchesSelector, type TPersonPoint, usesGender } from './selection';
import { computeContinuityIncentive, computeWaitingPeriod, paidYearsBefore } from './waiting-period';

const yuan = (fen: number): string => `${formatFen(fen)} 元`;

function cite(source: TRuleSource): TQuoteReason['source'] {
  return { notice: source.notice, section: source.section };
}

/** The person as the engine sees them after the facts are checked: birth date and gender resolved. */
export interface TResolvedPerson {
  birthDate: string;
  gender: TPolicyGender | null;
  /** The normalised 18-character ID number, when one was given. */
  idNumber: string | null;
}

/**
 * Resolves birth date and gender, from the ID number when given (GB 11643). A birth date or gender typed next to
 * an ID number must agree with it. Throws PolicyError with a Chinese message otherwise.
 */
export function resolvePerson(facts: TFeeFacts): TResolvedPerson {
  let birthDate = facts.birthDate ?? null;
  let gender: TPolicyGender | null = facts.gender ?? null;
  let idNumber: string | null = null;
  if (facts.idNumber !== undefined) {
    const parsed = parseResidentId(facts.idNumber);
    if (!parsed.ok) {
      throw new PolicyError(PolicyErrorCode.INVALID_ID_NUMBER, `身份证号码无效：${parsed.message}`, [
        { path: 'idNumber', message: parsed.message },
      ]);
    }
    if (birthDate !== null && birthDate !== parsed.birthDate) {
      throw new PolicyError(
        PolicyErrorCode.BIRTH_DATE_MISMATCH,
        `填写的出生日期 ${birthDate} 与身份证号码中的出生日期 ${parsed.birthDate} 不一致`,
        [{ path: 'birthDate', message: '出生日期与身份证号码不一致' }],
      );
    }
    if (gender !== null && gender !== parsed.gender) {
      throw new PolicyError(
        PolicyErrorCode.GENDER_MISMATCH,
        `填写的性别“${GENDER_NAMES[gender]}”与身份证号码中的性别“${GENDER_NAMES[parsed.gender]}”不一致`,
        [{ path: 'gender', message: '性别与身份证号码不一致' }],
      );
    }
    birthDate = parsed.birthDate;
    gender = parsed.gender;
    idNumber = parsed.normalized;
  }
  if (birthDate === null) {
    throw new PolicyError(PolicyErrorCode.MISSING_BIRTH_DATE, '须提供身份证号码或出生日期', [
      { path: 'birthDate', message: '缺少出生日期' },
    ]);
  }
  if (compareDates(birthDate, facts.applyDate) > 0) {
    throw new PolicyError(
      PolicyErrorCode.BIRTH_AFTER_APPLY_DATE,
      `出生日期 ${birthDate} 晚于申报日期 ${facts.applyDate}`,
      [{ path: 'applyDate', message: '申报日期早于出生日期' }],
    );
  }
  return { birthDate, gender, idNumber };
}

/** Parses facts with the shared schema; invalid input becomes a PolicyError listing every problem. */
export function parseFeeFacts(input: unknown): TFeeFacts {
  const parsed = ZFeeFacts.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
    throw new PolicyError(
      PolicyErrorCode.INVALID_FACTS,
      `申报信息有误：${issues.map((i) => (i.path ? `${i.path}：${i.message}` : i.message)).join('；')}`,
      issues,
    );
  }
  return parsed.data;
}

/** Which window a date falls in; windows are inclusive calendar days. */
export function classifyWindow(profile: TPolicyProfile, date: string): TWindowKind {
  if (isWithin(date, profile.declarationWindow)) return 'declaration';
  if (profile.adjustmentWindow && isWithin(date, profile.adjustmentWindow)) return 'adjustment';
  return 'outside';
}

/** Last day of the newborn period (民法典 period counting: the birth day is not counted). */
export function newbornDeadline(profile: TPolicyProfile, birthDate: string): string | null {
  const rule = profile.newborn;
  if (!rule) return null;
  return rule.within.unit === 'months' ? addMonths(birthDate, rule.within.amount) : addDays(birthDate, rule.within.amount);
}

function findIdentity(profile: TPolicyProfile, claim: TExemptionClaim): TIdentityCategory | undefined {
  const keys = [claim.code, claim.name].filter((k): k is string => k !== undefined).map((k) => k.trim());
  return profile.identities.find((id) => keys.some((k) => k === id.code || k === id.name || (id.aliases ?? []).includes(k)));
}

interface TIdentityCheck {
  valid: TIdentityCategory[];
  reasons: TQuoteReason[];
}

/** Keeps the claimed identities that the profile knows, that are valid on `on` and whose conditions hold. */
function checkIdentities(profile: TPolicyProfile, facts: TFeeFacts, on: string): TIdentityCheck {
  const valid: TIdentityCategory[] = [];
  const reasons: TQuoteReason[] = [];
  const snapshot = profile.identitySnapshot;
  for (const claim of facts.exemptions ?? []) {
    const label = claim.name ?? claim.code ?? '';
    const identity = findIdentity(profile, claim);
    if (!identity) {
      reasons.push({
        rule: 'subsidy.unknown_identity',
        message: `“${label}”不是本年度政策规定的减免身份，不予减免`,
        source: cite(profile.identities[0]?.source ?? profile.declarationWindow.source),
      });
      continue;
    }
    const reject = (message: string): void => {
      reasons.push({ rule: 'subsidy.rejected', message: `${identity.name}：${message}`, source: cite(identity.source) });
    };
    const when = snapshot ? `身份认定日 ${on}` : `申报日 ${on}`;
    if (claim.validFrom !== undefined && compareDates(on, claim.validFrom) < 0) {
      reject(`证明自 ${claim.validFrom} 起有效，${when}尚未生效`);
      continue;
    }
    if (claim.validTo !== undefined && compareDates(on, claim.validTo) > 0) {
      reject(`证明有效期至 ${claim.validTo}，${when}已过期`);
      continue;
    }
    const cond = identity.conditions;
    if (cond?.hukouTypes || cond?.hukouRegionPrefixes) {
      const byType = cond.hukouTypes?.includes(facts.hukouType) ?? false;
      const code = facts.hukouRegionCode;
      const byRegion = code !== undefined && (cond.hukouRegionPrefixes ?? []).some((p) => code.startsWith(p));
      if (!byType && !byRegion) {
        reject(`仅限${(cond.hukouTypes ?? []).map((t) => HUKOU_TYPE_NAMES[t]).join('、') || '规定户籍'}人员，${HUKOU_TYPE_NAMES[facts.hukouType]}不适用`);
        continue;
      }
    }
    const evidence = claim.evidence ?? (claim.certificateNumber !== undefined ? 'certificate' : 'department_list');
    if (cond?.acceptedEvidence && !cond.acceptedEvidence.includes(evidence)) {
      reject(evidence === 'certificate' ? '须以相关部门提供的名单认定' : `须提供${cond.certificateName ?? '有效证件'}`);
      continue;
    }
    if (evidence === 'certificate' && cond?.certificateDetailsRequired) {
      const missing = [
        claim.certificateName || cond.certificateName ? null : '证件名称',
        claim.certificateNumber ? null : '证件号码',
        claim.validTo ? null : '证件有效期',
      ].filter((m): m is string => m !== null);
      if (missing.length > 0) {
        reject(`须录入减免证件的${missing.join('、')}`);
        continue;
      }
    }
    if (!valid.includes(identity)) valid.push(identity);
  }
  if (snapshot && (facts.exemptions ?? []).length > 0) {
    reasons.push({
      rule: 'subsidy.snapshot',
      message: `减免身份以 ${snapshot.date} 的认定为准`,
      source: cite(snapshot.source),
    });
  }
  return { valid, reasons };
}

function subsidyAmount(identity: TIdentityCategory, totalFen: number): number {
  const s = identity.subsidy;
  switch (s.kind) {
    case 'full':
      return totalFen;
    case 'fixed':
      return Math.min(s.amountFen, totalFen);
    case 'percent':
      return Math.min(applyBasisPoints(totalFen, s.basisPoints), totalFen);
    case 'none':
      return 0;
  }
}

function describeSubsidy(identity: TIdentityCategory): string {
  const s = identity.subsidy;
  switch (s.kind) {
    case 'full':
      return '个人免缴，全额资助';
    case 'fixed':
      return `定额资助 ${yuan(s.amountFen)}`;
    case 'percent':
      return `按个人缴费的 ${s.basisPoints / 100}% 资助（四舍五入到分）`;
    case 'none':
      return '本政策未规定资助金额';
  }
}

/**
 * Quotes the fee for one person under one profile: eligibility, category and fee parts, the best subsidy,
 * enrollment path, window, benefit period and waiting period, with a Chinese reason for every decision.
 * The date is always an input (facts.applyDate); nothing here reads a clock.
 *
 * @throws PolicyError for facts that cannot be quoted at all (bad ID number, missing birth date, …).
 */
export function quoteFee(profile: TPolicyProfile, input: TFeeFacts): TFeeQuote {
  // Re-checked even when typed: the facts often come straight from a form or an import row.
  const facts = parseFeeFacts(input);
  const person = resolvePerson(facts);
  const reasons: TQuoteReason[] = [];
  const applyDate = facts.applyDate;
  const history = facts.history ?? [];
  const flags = facts.flags ?? [];
  const year = profile.insuranceYear;

  // Newborn status (used by path selectors and the window exception).
  const nbRule = profile.newborn;
  const nbDeadline = newbornDeadline(profile, person.birthDate);
  const isNewborn =
    nbRule !== null &&
    nbDeadline !== null &&
    compareDates(applyDate, nbDeadline) <= 0 &&
    (nbRule.hukouTypes === undefined || nbRule.hukouTypes.includes(facts.hukouType));

  // Identities on the judging date.
  const judgeOn = profile.identitySnapshot?.date ?? applyDate;
  const identityCheck = checkIdentities(profile, facts, judgeOn);
  const identityCodes = identityCheck.valid.map((i) => i.code);

  // Age and the person point for selectors. The category decides the benefit period, so the period start used
  // for 'period_start' ages is the profile's own.
  const profilePeriod = resolveBenefitPeriod(profile);
  const ageDate = profile.ageReference.on === 'period_start' ? profilePeriod.start : applyDate;
  const age = compareDates(person.birthDate, ageDate) > 0 ? 0 : ageOn(person.birthDate, ageDate);
  const point: TPersonPoint = {
    age,
    inSchool: facts.inSchool,
    schoolLevel: facts.inSchool ? (facts.schoolLevel ?? null) : null,
    schoolInRegion: facts.inSchool ? (facts.schoolInRegion ?? true) : true,
    hukouType: facts.hukouType,
    hukouRegionCode: facts.hukouRegionCode ?? null,
    gender: person.gender,
    flags,
    identities: identityCodes,
    newborn: isNewborn,
  };

  const unknownFlags = flags.filter((f) => !profile.flags.some((pf) => pf.code === f));
  if (unknownFlags.length > 0) {
    reasons.push({
      rule: 'facts.unknown_flags',
      message: `以下标记不适用于本政策，已忽略：${unknownFlags.join('、')}`,
      source: cite(profile.declarationWindow.source),
    });
  }

  // ── eligibility ──
  let eligible = true;
  const block = (rule: string, message: string, source: TRuleSource): void => {
    eligible = false;
    reasons.push({ rule, message, source: cite(source) });
  };

  for (const ex of profile.eligibility.exclusions) {
    if (!matchesSelector(ex.when, point)) continue;
    if (ex.exceptFlags?.some((f) => flags.includes(f))) continue;
    block(`eligibility.${ex.code}`, ex.message, ex.source);
  }

  const covered = profile.eligibility.coveredElsewhere;
  if (covered && facts.coveredElsewhere === true) block('eligibility.covered_elsewhere', covered.message, covered.source);

  const permit = profile.eligibility.residencePermit;
  if (permit && permit.hukouTypes.includes(facts.hukouType)) {
    const docs = permit.acceptedDocuments.join('或');
    const since = facts.residencePermitSince;
    if (since === undefined) {
      block(
        'eligibility.residence_permit',
        permit.minMonths > 0
          ? `非本地户籍人员须持${docs}满 ${permit.minMonths} 个月后方可参保：请填写${docs}起始日期`
          : `非本地户籍人员须持有${docs}方可参保：请填写${docs}起始日期`,
        permit.source,
      );
    } else if (compareDates(applyDate, since) < 0) {
      block('eligibility.residence_permit', `${docs}起始日期 ${since} 晚于申报日 ${applyDate}，请核对${docs}起始日期`, permit.source);
    } else {
      const fullOn = addMonths(since, permit.minMonths);
      if (compareDates(applyDate, fullOn) < 0) {
        block(
          'eligibility.residence_permit',
          `${docs}自 ${since} 起持有，至申报日 ${applyDate} 未满 ${permit.minMonths} 个月：${fullOn} 起满 ${permit.minMonths} 个月后方可申报；如起始日期有误，请更正${docs}起始日期`,
          permit.source,
        );
      } else {
        reasons.push({
          rule: 'eligibility.residence_permit',
          message:
            permit.minMonths > 0
              ? `持${docs}自 ${since} 起，已满 ${permit.minMonths} 个月，可在本地参保`
              : `持${docs}（自 ${since} 起），可在本地参保`,
          source: cite(permit.source),
        });
      }
    }
  }

  const points = profile.eligibility.pointsEligibility;
  if (points && facts.inSchool && points.hukouTypes.includes(facts.hukouType)) {
    const level = point.schoolLevel;
    const regionCode = facts.hukouRegionCode;
    const everEnrolled = paidYearsBefore(history, year).length > 0 || history.some((h) => h.year < year && h.enrolled);
    if (level !== null && points.excludedSchoolLevels.includes(level)) {
      reasons.push({
        rule: 'eligibility.points.not_applicable',
        message: `高中段以上学生不纳入${points.name}管理，无需${points.name}资格，按学籍通过学校参保`,
        source: cite(points.source),
      });
    } else if (regionCode !== undefined && (points.notRequiredForHukouRegionPrefixes ?? []).some((p) => regionCode.startsWith(p))) {
      reasons.push({
        rule: 'eligibility.points.not_required',
        message: `户籍地（${regionCode}）属本市大市范围，无需办理${points.name}`,
        source: cite(points.source),
      });
    } else if ((points.notRequiredForFlags ?? []).some((f) => flags.includes(f))) {
      const names = profile.flags.filter((pf) => flags.includes(pf.code) && (points.notRequiredForFlags ?? []).includes(pf.code));
      reasons.push({
        rule: 'eligibility.points.not_required',
        message: `${names.map((n) => n.name).join('、')}，无需办理${points.name}`,
        source: cite(points.source),
      });
    } else if (points.firstEnrollmentOnly && everEnrolled) {
      reasons.push({
        rule: 'eligibility.points.continuing',
        message: `已在本地参保的续保学生，无需重新办理${points.name}`,
        source: cite(points.source),
      });
    } else {
      const pe = facts.pointsEligibility;
      const windowText = `${points.applyWindow.start} 至 ${points.applyWindow.end}`;
      if (pe === undefined) {
        block(
          'eligibility.points',
          `非本市户籍学生首次通过学校参保，须先在 ${windowText} 办理${points.name}手续并取得资格；逾期未办理的视为自动放弃`,
          points.source,
        );
      } else if (!isWithin(pe.appliedOn, points.applyWindow)) {
        block(
          'eligibility.points',
          `${points.name}申请日期 ${pe.appliedOn} 不在申请期 ${windowText} 内，视为自动放弃`,
          points.source,
        );
      } else if (!pe.approved) {
        block('eligibility.points', `尚未取得${points.name}资格，不能参保`, points.source);
      } else {
        reasons.push({
          rule: 'eligibility.points',
          message: `已于 ${pe.appliedOn} 申请并取得${points.name}资格`,
          source: cite(points.source),
        });
      }
    }
  }

  // ── category and fee ──
  const genderNeeded = person.gender === null && profile.categories.some((c) => usesGender(c.select));
  let category: TFeeCategory | undefined = profile.categories.find((c) => matchesAny(c.select, point));
  if (!category) {
    if (genderNeeded) {
      block('category.gender_required', '须提供性别（或身份证号码）才能确定人员类别', profile.categories[0]?.source ?? profile.declarationWindow.source);
    } else if (eligible) {
      block('category.none', '没有适用于该人员的缴费类别，不属于本年度参保范围', profile.declarationWindow.source);
    }
    category = undefined;
  }

  const ageText = `${ageDate === applyDate ? '申报日' : `${ageDate}`}年龄 ${age} 周岁`;
  let parts: TFeeQuote['parts'] = [];
  let totalFen = 0;
  if (category) {
    parts = category.parts.map((p) => ({ code: p.code, name: p.name, amountFen: p.amountFen }));
    totalFen = sumFen(parts.map((p) => p.amountFen));
    const detail = parts.length > 1 ? `（${parts.map((p) => `${p.name} ${yuan(p.amountFen)}`).join('，')}）` : '';
    reasons.push({
      rule: 'category',
      message: `${ageText}，人员类别：${category.name}，个人缴费标准 ${yuan(totalFen)}${detail}`,
      source: cite(category.source),
    });
    for (const part of category.parts) {
      if (part.source.notice !== category.source.notice || part.source.section !== category.source.section) {
        reasons.push({
          rule: `fee.part.${part.code}`,
          message: `${part.name} ${yuan(part.amountFen)}`,
          source: cite(part.source),
        });
      }
    }
    if (category.provisional) {
      reasons.push({
        rule: 'fee.provisional',
        message: `暂按 ${yuan(totalFen)} 预收：${category.provisional.settlement}`,
        source: cite(category.provisional.source),
      });
    }
  }

  // ── subsidy: the best of the valid identities ──
  reasons.push(...identityCheck.reasons);
  let subsidyFen = 0;
  let best: TIdentityCategory | null = null;
  for (const identity of identityCheck.valid) {
    if (identity.subsidy.kind === 'none') continue;
    const amount = subsidyAmount(identity, totalFen);
    if (best === null || amount > subsidyFen) {
      best = identity;
      subsidyFen = amount;
    }
  }
  for (const identity of identityCheck.valid) {
    const chosen = identity === best;
    const others = identityCheck.valid.filter((i) => i.subsidy.kind !== 'none').length > 1;
    reasons.push({
      rule: chosen ? 'subsidy.best' : identity.subsidy.kind === 'none' ? 'subsidy.identity' : 'subsidy.not_chosen',
      message: chosen
        ? `${identity.name}（认定部门：${identity.certifyingDepartment}）：${describeSubsidy(identity)}，资助 ${yuan(subsidyFen)}${others ? '（多重身份取最优）' : ''}`
        : identity.subsidy.kind === 'none'
          ? `${identity.name}（认定部门：${identity.certifyingDepartment}）：${describeSubsidy(identity)}`
          : `${identity.name}：资助 ${yuan(subsidyAmount(identity, totalFen))}，低于所选身份，不重复享受`,
      source: cite(identity.source),
    });
  }
  const payableFen = Math.max(0, totalFen - subsidyFen);

  // ── enrollment path ──
  const pathRule = profile.paths.find((r) => matchesAny(r.when, point)) ?? profile.paths[profile.paths.length - 1];
  if (!pathRule) throw new PolicyError(PolicyErrorCode.INVALID_PROFILE, '政策配置缺少参保途径');
  reasons.push({ rule: `path.${pathRule.path}`, message: `参保途径：${pathRule.name}`, source: cite(pathRule.source) });

  // ── registration ──
  const reg = profile.registration;
  if (reg) {
    const continuing = history.some((h) => h.year === year - 1 && h.enrolled);
    const everEnrolled = history.some((h) => h.year < year && h.enrolled);
    if (continuing && reg.continuingExempt) {
      reasons.push({ rule: 'registration.continuing', message: '上一年度已参保的续保人员，无需重新办理参保登记', source: cite(reg.source) });
    } else if (!everEnrolled && reg.firstTimeRequired) {
      const channel = reg.channels.find((c) => matchesAny(c.when, point));
      reasons.push({
        rule: 'registration.first_time',
        message: `首次参保须先办理人员基本信息登记${channel ? `，登记渠道：${channel.name}` : ''}`,
        source: cite(channel?.source ?? reg.source),
      });
    }
  }

  // ── window and timing ──
  const window = classifyWindow(profile, applyDate);
  const period = resolveBenefitPeriod(profile, category);
  const dw = profile.declarationWindow;
  const aw = profile.adjustmentWindow;
  const lastWindowDay = aw && compareDates(aw.end, dw.end) > 0 ? aw.end : dw.end;
  type TTiming = 'window' | 'newborn' | 'late' | 'early' | 'closed';
  let timing: TTiming;
  if (window === 'declaration') {
    timing = 'window';
    reasons.push({ rule: 'window.declaration', message: `申报缴费期（${dw.start} 至 ${dw.end}）内申报`, source: cite(dw.source) });
  } else if (window === 'adjustment' && aw) {
    timing = 'window';
    reasons.push({ rule: 'window.adjustment', message: `调整期（${aw.start} 至 ${aw.end}）：${aw.allows}`, source: cite(aw.source) });
  } else if (compareDates(applyDate, dw.start) < 0) {
    timing = 'early';
    reasons.push({ rule: 'window.not_open', message: `申报缴费期尚未开始（${dw.start} 至 ${dw.end}）`, source: cite(dw.source) });
  } else if (
    isNewborn &&
    nbRule &&
    nbDeadline &&
    compareDates(person.birthDate, period.end) <= 0 &&
    compareDates(applyDate, period.end) <= 0
  ) {
    timing = 'newborn';
    const within = nbRule.within.unit === 'months' ? `${nbRule.within.amount} 个月` : `${nbRule.within.amount} 天`;
    reasons.push({
      rule: 'newborn',
      message: `新生儿出生 ${within}内（${person.birthDate} 出生，最迟 ${nbDeadline}）申请参保，缴纳全年费用，${
        nbRule.benefitFrom === 'birth' ? '自出生之日起' : '自待遇期开始'
      }享受当年度待遇`,
      source: cite(nbRule.source),
    });
  } else {
    const late = profile.lateEnrollment;
    const until = late.until ?? period.end;
    if (late.allowed && compareDates(applyDate, until) <= 0) {
      timing = 'late';
      reasons.push({
        rule: 'window.late',
        message: `集中参保期（截至 ${lastWindowDay}）外参保${late.message ? `：${late.message}` : ''}`,
        source: cite(late.source),
      });
    } else {
      timing = 'closed';
      reasons.push({
        rule: 'window.closed',
        message: `申报缴费期（截至 ${lastWindowDay}）已结束，不再受理${late.message ? `；${late.message}` : ''}`,
        source: cite(late.source),
      });
      if (nbRule && nbDeadline && compareDates(applyDate, nbDeadline) > 0 && compareDates(person.birthDate, period.end) <= 0 && age < 1) {
        reasons.push({
          rule: 'newborn.expired',
          message: `新生儿须在出生后 ${nbRule.within.amount} ${nbRule.within.unit === 'months' ? '个月' : '天'}内（最迟 ${nbDeadline}）申请，已逾期`,
          source: cite(nbRule.source),
        });
      }
    }
  }
  const allowed = eligible && (timing === 'window' || timing === 'newborn' || timing === 'late');

  // ── benefit period and waiting period ──
  let normalStart = period.start;
  if (timing === 'newborn' && nbRule?.benefitFrom === 'birth') normalStart = maxDate(person.birthDate, period.start);
  if (timing === 'late') normalStart = maxDate(period.start, applyDate);
  let benefitStart = normalStart;
  let waitingDays = 0;
  // No waiting period is computed for a payment that cannot be accepted at all.
  const waitingRule: TWaitingPeriodRule =
    timing === 'early' || timing === 'closed' ? { kind: 'none', source: profile.waitingPeriod.source } : profile.waitingPeriod;
  const wait = computeWaitingPeriod(waitingRule, {
    normalStart,
    insuranceYear: year,
    history,
    backPaidYears: facts.backPaidYears ?? 0,
    late: timing === 'late',
    newborn: timing === 'newborn' || isNewborn,
    identityCodes,
  });
  const wp = waitingRule;
  if (wp.kind === 'national_2025') {
    const src = cite(wp.source);
    if (wait.applies || wait.totalMonths > 0) {
      benefitStart = wait.benefitStart;
      waitingDays = wait.waitingDays;
      reasons.push({
        rule: 'waiting_period.fixed',
        message: `${timing === 'late' ? '未在集中参保期内参保' : '未连续参保'}，固定待遇等待期 ${wait.fixedMonths} 个月`,
        source: src,
      });
      if (wait.gapYears > 0) {
        reasons.push({
          rule: 'waiting_period.variable',
          message: `断保 ${wait.gapYears} 年，每多断保 1 年增加 1 个月，变动待遇等待期 ${wait.variableMonths} 个月`,
          source: src,
        });
      }
      if (wait.backPaidYears > 0) {
        reasons.push({
          rule: 'waiting_period.back_pay',
          message: `补缴 ${wait.backPaidYears} 年，减少变动待遇等待期 ${wait.backPayReductionMonths} 个月；补缴按当年个人缴费标准每年 ${yuan(totalFen)}，共 ${yuan(totalFen * wait.backPaidYears)}（另行缴纳）`,
          source: src,
        });
      }
      if (wait.floorApplied) {
        reasons.push({
          rule: 'waiting_period.floor',
          message: `断保 ${wp.floor.minGapYears} 年及以上，修复后待遇等待期合计不少于 ${wp.floor.minTotalMonths} 个月`,
          source: src,
        });
      }
      reasons.push({
        rule: 'waiting_period.total',
        message: `待遇等待期共 ${wait.totalMonths} 个月（${waitingDays} 天），自 ${benefitStart} 起享受待遇`,
        source: src,
      });
      if (compareDates(benefitStart, period.end) > 0) {
        reasons.push({
          rule: 'waiting_period.beyond_period',
          message: `等待期结束时本年度待遇期（至 ${period.end}）已结束，本年度不能享受待遇`,
          source: src,
        });
      }
    } else if (wait.exemptBecause === 'newborn') {
      reasons.push({ rule: 'waiting_period.exempt', message: '新生儿参保不设待遇等待期', source: src });
    } else if (wait.exemptBecause === 'identity') {
      reasons.push({ rule: 'waiting_period.exempt', message: '资助参保的困难人员不设待遇等待期', source: src });
    } else if (timing === 'window') {
      reasons.push({
        rule: 'waiting_period.none',
        message: wait.firstTime ? '首次参保且在集中参保期内参保，不设待遇等待期' : '连续参保且在集中参保期内缴费，不设待遇等待期',
        source: src,
      });
    }
  }
  reasons.push({
    rule: 'benefit_period',
    message: `待遇享受期 ${benefitStart} 至 ${period.end}${period.rule.kind === 'custom' && period.rule.segments ? `（${period.rule.segments.map((s) => `${s.label} ${s.start} 至 ${s.end}`).join('；')}）` : ''}`,
    source: cite(period.rule.source),
  });

  // ── continuity incentive ──
  const ci = profile.continuityIncentive;
  if (ci) {
    const result = computeContinuityIncentive(ci, history, year, allowed);
    if (result.capIncreaseFen > 0) {
      reasons.push({
        rule: 'continuity_incentive',
        message: `连续参保 ${result.consecutiveYears} 年${result.zeroClaimYears > 0 ? `（其中基金零报销 ${result.zeroClaimYears} 年）` : ''}，大病保险最高支付限额提高 ${yuan(result.capIncreaseFen)}${result.limited ? '（已达提高总额上限）' : ''}`,
        source: cite(ci.source),
      });
    }
  }

  return {
    year,
    profileId: profile.id,
    eligible,
    path: { code: pathRule.path, name: pathRule.name },
    category: category ? { code: category.code, name: category.name } : { code: 'none', name: '无适用人员类别' },
    parts,
    totalFen,
    subsidyFen,
    subsidy: best && best.subsidy.kind !== 'none' ? { code: best.code, name: best.name, kind: best.subsidy.kind } : null,
    payableFen,
    window,
    allowed,
    benefitStart,
    benefitEnd: period.end,
    waitingDays,
    reasons,
  };
}

/** quoteFee without throwing: a typed failure carries the PolicyError code and Chinese message. */
export function safeQuoteFee(
  profile: TPolicyProfile,
  input: unknown,
): { ok: true; quote: TFeeQuote } | { ok: false; code: PolicyErrorCode; message: string; issues: PolicyError['issues'] } {
  try {
    return { ok: true, quote: quoteFee(profile, parseFeeFacts(input)) };
  } catch (error) {
    if (error instanceof PolicyError) return { ok: false, code: error.code, message: error.message, issues: error.issues };
    throw error;
  }
}
