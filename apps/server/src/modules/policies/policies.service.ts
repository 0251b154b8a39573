import {
  READY_PROFILES,
  getReadyProfile,
  instantiateTemplate,
  ZPolicyProfile,
  quoteFeeAcrossSchoolLevels,
  safeQuoteFee,
  validateProfile,
  type TFeeFacts,
  type TFeeQuote,
  type TFeeQuoteAnswer,
  type TPolicyProfile,
  type TProfileDetail,
  type TProfileUpdateResult,
  type TUnitNaming,
} from '@canbao/domain';
import type { Kysely } from 'kysely';
import type { ServiceContext } from '../../context';
import { assertYearWritable } from '../declarations/year-closing';
import type { DB } from '../../db/schema/index';
import type { PolicyProfileRow } from '../../db/schema/policy-profile';
import { AppError, AppErrorCode } from '../../errors';
import { shanghaiToday } from '../../time';
import { audit } from '../audit/audit.service';
import * as repo from './policies.repository';
import { presentProfileSummary } from './policies.presenter';

/**
 * Loads the ready profiles (the five notices and the national template) as version 1 of every profile the
 * database does not hold yet. Idempotent: later versions made by an agency are never touched.
 */
export async function syncReadyProfiles(db: Kysely<DB>): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const existing = await repo.existingProfileKeys(trx);
    let added = 0;
    for (const p of READY_PROFILES) {
      if (existing.has(p.id)) continue;
      await repo.insertProfileVersion(trx, {
        region_code: p.regionCode,
        profile_key: p.id,
        insurance_year: p.insuranceYear,
        version: 1,
        body: JSON.stringify(p),
        note: '内置政策模板（依据通知原文）',
      });
      added++;
    }
    return added;
  });
}

/** The region's own newest profile: where its city-specific rules (naming, hukou special cases) come from. */
export function regionProfile(ctx: Pick<ServiceContext, 'db' | 'scope'>): Promise<TPolicyProfile | undefined> {
  return repo.newestRegionProfile(ctx.db, ctx.scope.regionCode);
}

/** The region's own unit naming rule (its newest profile's), or undefined: no other city's rule ever applies. */
export async function regionUnitNaming(ctx: Pick<ServiceContext, 'db' | 'scope'>): Promise<TUnitNaming | undefined> {
  return (await regionProfile(ctx))?.unitNaming;
}

export async function findProfiles(db: Kysely<DB>) {
  const [rows, served] = await Promise.all([repo.findCurrentProfiles(db), repo.servedRegionCodes(db)]);
  return rows.map((row) => presentProfileSummary(row, served));
}

async function getProfileRow(db: Kysely<DB> | ServiceContext['db'], key: string): Promise<PolicyProfileRow> {
  const row = await repo.getCurrentProfile(db, key);
  if (!row) throw new AppError(AppErrorCode.NOT_FOUND, { message: `政策方案“${key}”不存在` });
  return row;
}

export async function getProfile(db: Kysely<DB>, key: string): Promise<TProfileDetail> {
  const row = await getProfileRow(db, key);
  const [versions, served] = await Promise.all([repo.findProfileVersions(db, key), repo.servedRegionCodes(db)]);
  return {
    ...presentProfileSummary(row, served),
    profile: row.body as Record<string, unknown>,
    versions: versions.map((v) => ({ version: v.version, note: v.note, createdBy: v.created_by_username, createdAt: v.created_at.toISOString() })),
  };
}

export type FeeQuoteRequest = {
  profile: string;
  idNumber?: string | undefined;
  birthDate?: string | undefined;
  inSchool: boolean;
  schoolLevel?: TFeeFacts['schoolLevel'];
  hukouType?: TFeeFacts['hukouType'] | undefined;
  exemptions?: string[] | undefined;
  applyDate?: string | undefined;
};

/** The public fee quote: the current version of a profile, applied to the facts a parent can type. */
export async function quote(db: Kysely<DB>, input: FeeQuoteRequest, now: Date): Promise<TFeeQuoteAnswer> {
  const row = await getProfileRow(db, input.profile);
  const profile = row.body as TPolicyProfile;
  const exemptions = (input.exemptions ?? []).map((given) => {
    const s = given.trim();
    const identity = profile.identities.find((i) => i.code === s || i.name === s);
    if (!identity) {
      throw new AppError(AppErrorCode.VALIDATION_FAILED, {
        message: `“${s}”不是本方案的减免类别，可选：${profile.identities.map((i) => i.name).join('、') || '无'}`,
        details: [{ path: 'exemptions', message: `未知的减免类别：${s}` }],
      });
    }
    return { code: identity.code };
  });
  const facts = {
    ...(input.idNumber ? { idNumber: input.idNumber } : {}),
    ...(input.birthDate ? { birthDate: input.birthDate } : {}),
    inSchool: input.inSchool,
    ...(input.schoolLevel ? { schoolLevel: input.schoolLevel } : {}),
    hukouType: input.hukouType ?? 'local_urban',
    exemptions,
    applyDate: input.applyDate ?? shanghaiToday(now),
  };
  // An in-school pupil without a level: one answer where the levels price alike, each group's where they do not.
  const result = facts.inSchool && !input.schoolLevel ? quoteFeeAcrossSchoolLevels(profile, { ...facts, inSchool: true }) : safeQuoteFee(profile, facts);
  if (!result.ok) {
    throw new AppError(AppErrorCode.VALIDATION_FAILED, {
      message: result.message,
      details: result.issues.map((i) => ({ path: i.path, message: i.message })),
    });
  }
  const defaults: TFeeQuote['reasons'] = [];
  if (!input.hukouType) {
    defaults.push({ rule: 'input.hukou_default', message: '未填写户籍类型，按本地城镇户籍计算', source: { notice: 'canbao', section: '缴费标准查询' } });
  }
  if (!input.applyDate) {
    defaults.push({ rule: 'input.apply_date_default', message: `未填写办理日期，按今天（${facts.applyDate}）计算`, source: { notice: 'canbao', section: '缴费标准查询' } });
  }
  return { ...result.quote, reasons: [...defaults, ...result.quote.reasons] };
}

/**
 * Saves a new version of a profile of the admin's own region after full validation. The previous versions stay.
 * @NOTE Declarations priced under the old version are re-priced only by an explicit recomputation (money-flow
 * issue), which will show who is affected before anything changes.
 */
export async function updateProfile(ctx: ServiceContext, key: string, input: { profile: unknown; note: string }): Promise<TProfileUpdateResult> {
  const current = await getProfileRow(ctx.db, key);
  if (current.region_code !== ctx.scope.regionCode) {
    throw new AppError(AppErrorCode.FORBIDDEN, { message: '只能修改本统筹区的政策方案' });
  }
  const stored = current.body as TPolicyProfile;
  if (!stored.template) assertYearWritable(ctx, { year: current.insurance_year, profile: stored }, '修改本年度政策方案');
  const parsed = ZPolicyProfile.safeParse(input.profile);
  if (!parsed.success) {
    throw new AppError(AppErrorCode.VALIDATION_FAILED, {
      message: `政策方案格式不正确：${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`,
      details: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    });
  }
  const next = parsed.data;
  if (next.id !== key || next.regionCode !== current.region_code || next.insuranceYear !== current.insurance_year) {
    throw new AppError(AppErrorCode.VALIDATION_FAILED, {
      message: '不能修改方案编号、统筹区或参保年度；新年度请新建方案',
      details: [{ path: 'id', message: '方案编号、统筹区、参保年度不可修改' }],
    });
  }
  const issues = validateProfile(next);
  const errors = issues.filter((i) => i.severity === 'error');
  if (errors.length) {
    throw new AppError(AppErrorCode.VALIDATION_FAILED, {
      message: `政策方案有 ${errors.length} 处错误：${errors[0]!.message}`,
      details: issues.map((i) => ({ path: i.path, message: i.message, severity: i.severity })),
    });
  }
  const version = current.version + 1;
  await repo.insertProfileVersion(ctx.db, {
    region_code: current.region_code,
    profile_key: key,
    insurance_year: current.insurance_year,
    version,
    body: JSON.stringify(next),
    note: input.note,
    created_by: ctx.scope.userId,
    created_by_username: ctx.scope.username,
  });
  await audit(ctx, {
    action: 'profile.updated',
    entityType: 'policy_profile',
    entityId: key,
    unitId: null,
    before: { version: current.version, profile: current.body },
    after: { version, note: input.note, profile: next },
  });
  // Declarations priced under earlier versions keep their price until the agency previews and applies a recomputation.
  const outdated = await ctx.db
    .selectFrom('declaration')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('region_code', '=', ctx.scope.regionCode)
    .where('profile_key', '=', key)
    .where('status', '!=', 'removed')
    .executeTakeFirstOrThrow();
  return { version, warnings: issues.filter((i) => i.severity !== 'error'), outdatedDeclarations: Number(outdated.n) };
}

/**
 * A region adopts the national template for an insurance year (a demo region, or a city before it enters its own
 * notice): the template's rules and dates for that year, plus an adjustment window in January for late additions
 * and removals. Added as version 1 of `<key>`; nothing happens when the key exists. Every value stays marked
 * unsure, as in the template, until the agency replaces it with its own notice's.
 */
export async function adoptTemplateForRegion(db: Kysely<DB>, input: { regionCode: string; regionName: string; year: number; key: string }): Promise<boolean> {
  const base = instantiateTemplate(getReadyProfile('template-2025'), input.year);
  const profile: TPolicyProfile = {
    ...base,
    id: input.key,
    name: `${input.regionName} ${input.year} 年度城乡居民医保（采用全国模板）`,
    regionCode: input.regionCode,
    regionName: input.regionName,
    template: false,
    adjustmentWindow: {
      start: `${input.year}-01-01`,
      end: `${input.year}-01-31`,
      allows: '仅用于参保人员的调整和补申报',
      source: { notice: 'public', section: '调整期', reference: '模板约定：各地通知多设集中申报期后的调整期（如苏州 000 号通知）' },
      unsure: true,
    },
  };
  const existing = await repo.existingProfileKeys(db);
  if (existing.has(input.key)) return false;
  await repo.insertProfileVersion(db, {
    region_code: input.regionCode,
    profile_key: input.key,
    insurance_year: input.year,
    version: 1,
    body: JSON.stringify(profile),
    note: '采用全国模板（金额与期限待按本地通知核定）',
  });
  return true;
}
