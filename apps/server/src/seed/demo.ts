import { computeResidentIdCheckChar, type TPolicyProfile, type TRole, type TUnitKind } from '@canbao/domain';
import { sql, type Insertable, type Kysely, type Transaction } from 'kysely';
import type { AppConfig } from '../config';
import type { ServiceContext } from '../context';
import type { DB } from '../db/schema/index';
import { setLocalScope } from '../db/database';
import { seedServiceRole } from './scoped-role';
import type { DivisionTable } from '../db/schema/division';
import { AppError, AppErrorCode } from '../errors';
import { hashPassword } from '../modules/auth/password';
import { writeAudit } from '../modules/audit/audit.service';
import { confirmDeclarations, declareBatch } from '../modules/declarations/declarations.service';
import { recordUnitPayment } from '../modules/payments/payments.service';
import { createSettlement } from '../modules/payments/settlements.service';
import { adoptTemplateForRegion } from '../modules/policies/policies.service';
import { shanghaiToday } from '../time';
import { DEMO_DISTRICTS, cityPersons, cityUnits, type CityPerson } from './demo-city';
import { NANTONG_ACCOUNTS, ensureNantongCampaign, seedNantong } from './demo-nantong';

export const DEMO_PASSWORD = 'canbao-demo';
export const DEMO_REGION = { code: '320500', name: '苏州市区', agencyName: '苏州市社会保险基金管理中心' };

const DIVISIONS: Insertable<DivisionTable>[] = [
  { code: '320000', name: '江苏省', level: 'province', parent_code: null },
  { code: '320500', name: '苏州市', level: 'city', parent_code: '320000' },
  ...DEMO_DISTRICTS.map((d) => ({ code: d.code, name: d.name, level: 'district' as const, parent_code: '320500' })),
];

type DemoUnit = { key: string; name: string; kind: TUnitKind; district: string; contact: string; phone: string; address: string };
const UNITS: DemoUnit[] = [
  { key: 'school1', name: '苏州市姑苏区第一实验小学', kind: 'primary', district: '320508', contact: '王老师', phone: '13912340001', address: '姑苏区人民路 100 号' },
  { key: 'school2', name: '苏州市吴中区城南实验小学', kind: 'primary', district: '320506', contact: '李老师', phone: '13912340002', address: '吴中区东吴北路 20 号' },
  { key: 'middle1', name: '苏州市相城区阳澄湖中学', kind: 'middle', district: '320507', contact: '张老师', phone: '13912340003', address: '相城区阳澄湖大道 8 号' },
  { key: 'kinder1', name: '苏州市虎丘区狮山幼儿园', kind: 'kindergarten', district: '320505', contact: '赵老师', phone: '13912340004', address: '虎丘区狮山路 66 号' },
  { key: 'community1', name: '姑苏区双塔街道社区社保工作站', kind: 'community_office', district: '320508', contact: '陈主任', phone: '051265000005', address: '姑苏区十全街 1 号' },
];

export type DemoAccount = { username: string; displayName: string; role: TRole; unitKey?: string };
export const DEMO_ACCOUNTS: DemoAccount[] = [
  { username: 'admin', displayName: '市社保中心管理员', role: 'agency_admin' },
  { username: 'school1', displayName: '第一实验小学经办员', role: 'unit_operator', unitKey: 'school1' },
  { username: 'school2', displayName: '城南实验小学经办员', role: 'unit_operator', unitKey: 'school2' },
  { username: 'kinder1', displayName: '狮山幼儿园经办员', role: 'unit_operator', unitKey: 'kinder1' },
  { username: 'community1', displayName: '双塔街道社保工作站经办员', role: 'unit_operator', unitKey: 'community1' },
  { username: 'collector1', displayName: '税务征收员', role: 'collector' },
  { username: 'viewer1', displayName: '教育局查询员', role: 'viewer' },
];

/** Every demo login, the 南通市区 region's after 苏州市区's (printed at start). */
export const DEMO_LOGINS: DemoAccount[] = [...DEMO_ACCOUNTS, ...NANTONG_ACCOUNTS];

/** True when the database holds no accounts yet: the only time demo data may be created. */
export async function isEmptyDatabase(db: Kysely<DB>): Promise<boolean> {
  const row = await db.selectFrom('app_user').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n) === 0;
}

/**
 * Creates the demo city in one transaction: the region, its districts, the five named units the browser tests use
 * and the city's other schools, kindergartens, community offices and welfare home, the accounts, a few thousand
 * residents with distinct valid numbers (some on a department's subsidy list), and last year's campaign declared,
 * confirmed, settled and paid through the same services as a real campaign (two community offices never paid, so
 * their residents lapsed). This year a part of the city's units has carried last year over, some already paid; the
 * five named units start the year untouched. Beside it 南通市区 with one community station's households
 * (demo-nantong.ts). Refused in production by config.
 */
export async function seedDemo(db: Kysely<DB>, options: { config: AppConfig; now: Date }): Promise<void> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const year = demoCampaignYear(options.now);
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('region').values({ code: DEMO_REGION.code, name: DEMO_REGION.name, agency_name: DEMO_REGION.agencyName }).execute();
    await trx.insertInto('division').values(DIVISIONS).onConflict((oc) => oc.column('code').doNothing()).execute();
    const city = cityUnits();
    const unitIds = new Map<string, string>();
    for (const u of [...UNITS, ...city]) {
      const row = await trx
        .insertInto('unit')
        .values({
          region_code: DEMO_REGION.code,
          district_code: u.district,
          name: u.name,
          kind: u.kind,
          contact_name: u.contact,
          contact_phone: u.phone,
          address: u.address,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      unitIds.set(u.key, row.id);
    }
    for (const a of DEMO_ACCOUNTS) {
      await trx.insertInto('login_name').values({ region_code: DEMO_REGION.code, username: a.username }).execute();
      await trx
        .insertInto('app_user')
        .values({
          region_code: DEMO_REGION.code,
          unit_id: a.unitKey ? unitIds.get(a.unitKey)! : null,
          username: a.username,
          display_name: a.displayName,
          role: a.role,
          password_hash: passwordHash,
        })
        .execute();
    }

    const named: CityPerson[] = UNITS.flatMap((u) => {
      const plan = PUPIL_PLAN[u.kind];
      return plan ? demoPupils(u, plan).map((p) => ({ ...p, unitKey: u.key, residence_permit_since: null, phone: null, exemption: null })) : [];
    });
    const residents = [...named, ...cityPersons(city, year, new Set(named.map((p) => p.document_number)))];
    const personIds = await insertPersons(trx, residents, unitIds, year);

    await adoptTemplateForRegion(trx, { regionCode: DEMO_REGION.code, regionName: DEMO_REGION.name, year: year - 1, key: `suzhou-${year - 1}` });
    await adoptTemplateForRegion(trx, { regionCode: DEMO_REGION.code, regionName: DEMO_REGION.name, year, key: `suzhou-${year}` });
    await insertExemptions(trx, residents, personIds, year);

    const campaign = await runDemoCampaigns(trx, options.config, options.now, year, residents, personIds, unitIds, new Set(city.map((u) => u.key)));
    const nantong = await seedNantong(trx, { config: options.config, now: options.now, year, passwordHash });
    await writeAudit(trx, { regionCode: DEMO_REGION.code, unitId: null, username: 'system' }, null, {
      action: 'system.demo_seeded',
      entityType: 'region',
      entityId: DEMO_REGION.code,
      after: { units: UNITS.length + city.length, accounts: DEMO_LOGINS.map((a) => a.username), persons: residents.length, ...campaign, ...nantong },
    });
  });
}

/** The insurance year being collected on `now`: from September the next year's. */
export function demoCampaignYear(now: Date): number {
  const today = shanghaiToday(now);
  return Number(today.slice(0, 4)) + (Number(today.slice(5, 7)) >= 9 ? 1 : 0);
}

async function insertPersons(trx: Transaction<DB>, residents: readonly CityPerson[], unitIds: Map<string, string>, year: number) {
  const ids = new Map<string, string>();
  for (let i = 0; i < residents.length; i += 500) {
    const batch = residents.slice(i, i + 500);
    const rows = await trx
      .insertInto('person')
      .values(batch.map(({ unitKey, exemption: _exemption, ...p }) => ({ ...p, region_code: DEMO_REGION.code, unit_id: unitIds.get(unitKey)! })))
      .returning(['id', 'document_number'])
      .execute();
    for (const r of rows) ids.set(r.document_number, r.id);
    await trx
      .insertInto('person_membership')
      .values(
        batch.map((p) => ({
          region_code: DEMO_REGION.code,
          person_id: ids.get(p.document_number)!,
          unit_id: unitIds.get(p.unitKey)!,
          started_on: `${p.entry_year ?? year - 3}-09-01`,
        })),
      )
      .execute();
  }
  return ids;
}

/** The departments' subsidy lists: each listed person's identity from the profile, valid from two years back. */
async function insertExemptions(trx: Transaction<DB>, residents: readonly CityPerson[], personIds: Map<string, string>, year: number) {
  const profile = await trx
    .selectFrom('policy_profile')
    .select('body')
    .where('region_code', '=', DEMO_REGION.code)
    .where('insurance_year', '=', year)
    .executeTakeFirstOrThrow();
  const identities = new Map((profile.body as TPolicyProfile).identities.map((x) => [x.code, x]));
  const rows = residents.flatMap((p) => {
    const identity = p.exemption ? identities.get(p.exemption) : undefined;
    if (!identity) return [];
    return [
      {
        region_code: DEMO_REGION.code,
        person_id: personIds.get(p.document_number)!,
        category_code: identity.code,
        category_name: identity.name,
        certifying_department: identity.certifyingDepartment,
        valid_from: `${year - 2}-01-01`,
        valid_to: null,
        source: 'department_list' as const,
      },
    ];
  });
  if (rows.length) await trx.insertInto('person_exemption').values(rows).execute();
}

/** ANALYZE as the owner (the app role may not), then back to the app role of the scoped steps. */
async function analyze(trx: Transaction<DB>, tables: readonly string[]) {
  await setLocalScope(trx, { role: 'none' });
  await sql`ANALYZE ${sql.join(tables.map((t) => sql.table(t)))}`.execute(trx);
  await setLocalScope(trx, { role: await seedServiceRole(trx) });
}

/** A unit with nothing confirmed to settle (a unit without residents): no settlement, nothing else refused. */
function nothingToSettle(err: unknown): null {
  if (err instanceof AppError && err.code === AppErrorCode.CONFLICT) return null;
  throw err;
}

async function declaredIds(trx: Transaction<DB>, unitId: string, year: number) {
  const rows = await trx.selectFrom('declaration').select('id').where('unit_id', '=', unitId).where('insurance_year', '=', year).where('status', '=', 'declared').execute();
  return rows.map((r) => r.id);
}

/** Community offices whose settlements of last year were never paid: their residents lapsed. */
const LAPSED_UNITS = new Set(['320506-c1', '320509-c2']);

/**
 * Last year's campaign and the start of this one, through the services a real campaign uses, as the agency: so
 * every status, settlement, payment and receipt queue row is what the ledger would have written.
 */
async function runDemoCampaigns(
  trx: Transaction<DB>,
  config: AppConfig,
  now: Date,
  year: number,
  residents: readonly CityPerson[],
  personIds: Map<string, string>,
  unitIds: Map<string, string>,
  cityKeys: Set<string>,
) {
  const admin = await trx.selectFrom('app_user').select(['id', 'username']).where('username', '=', 'admin').executeTakeFirstOrThrow();
  await setLocalScope(trx, { regionCode: DEMO_REGION.code, unitId: '', role: await seedServiceRole(trx) });
  // Fresh tables have no statistics: without them the planner scans a unit's persons once per candidate (the
  // carry-over's EXISTS, the ledger's joins) and the demo takes minutes instead of seconds.
  await analyze(trx, ['person', 'person_membership', 'person_exemption', 'unit']);
  const ctxAt = (at: Date): ServiceContext => ({
    db: trx,
    scope: { userId: admin.id, username: admin.username, role: 'agency_admin', regionCode: DEMO_REGION.code, unitId: null },
    meta: { requestId: 'demo-seed', ip: null, userAgent: null },
    config,
    now: at,
  });
  const schoolYear = year - 1;
  // Last year's declaration day: in the middle of its collection window (autumn before the insurance year).
  const lastYear = ctxAt(new Date(`${schoolYear - 1}-10-20T02:00:00Z`));
  const lastYearPaid = new Date(`${schoolYear - 1}-11-18T02:00:00Z`);
  const declaredBefore: string[] = [];
  for (const [i, p] of residents.entries()) {
    // New at their unit this school year (first-graders, a kindergarten's small class), or one in seventeen who
    // simply was not insured last year: not declared last year.
    if (p.entry_year !== schoolYear && i % 17 !== 5) declaredBefore.push(personIds.get(p.document_number)!);
  }
  // The whole city's list at once (the agency may declare persons of any unit), confirmed at once, then one
  // settlement per unit, paid by transfer except where the unit never paid.
  const declared = await declareBatch(lastYear, { year: year - 1, mode: 'persons', personIds: declaredBefore });
  await confirmDeclarations(lastYear, { year: year - 1 });
  await analyze(trx, ['declaration']);
  let paidLastYear = 0;
  for (const [key, unitId] of unitIds) {
    const settlement = await createSettlement(lastYear, { year: year - 1, unitId, paymentMode: 'unit_total', unitMethod: 'transfer' }).catch(nothingToSettle);
    if (!settlement || LAPSED_UNITS.has(key) || settlement.payableFen === 0) continue;
    await recordUnitPayment(lastYear, settlement.id, {
      method: 'transfer',
      transactionId: `DEMO${year - 1}${String(paidLastYear + 1).padStart(5, '0')}`,
      amountFen: settlement.payableFen,
      paidAt: lastYearPaid.toISOString(),
    });
    paidLastYear++;
  }

  await analyze(trx, ['declaration', 'settlement', 'payment', 'payment_allocation', 'payment_notice', 'reconciliation_item']);

  // This year, if its declaration window is open: a third of the city's units carried last year over; of those,
  // every other one confirmed and settled, and every other settled one paid.
  let carriedThisYear = 0;
  const thisYear = ctxAt(now);
  const open = await declareBatch(thisYear, { year, unitId: unitIds.get([...cityKeys][0]!)!, mode: 'carry_over' }).catch(() => null);
  if (open) {
    let n = 0;
    for (const key of [...cityKeys].slice(1)) {
      if (n++ % 3 !== 0) continue;
      const unitId = unitIds.get(key)!;
      const outcome = await declareBatch(thisYear, { year, unitId, mode: 'carry_over' });
      carriedThisYear += outcome.declared;
      if (!outcome.declared || n % 2 === 0) continue;
      await confirmDeclarations(thisYear, { year, ids: await declaredIds(trx, unitId, year) });
      const settlement = await createSettlement(thisYear, { year, unitId, paymentMode: 'unit_total', unitMethod: 'transfer' });
      if (n % 4 === 1 || settlement.payableFen === 0) continue;
      await recordUnitPayment(thisYear, settlement.id, {
        method: 'transfer',
        transactionId: `DEMO${year}${String(n).padStart(5, '0')}`,
        amountFen: settlement.payableFen,
        paidAt: now.toISOString(),
      });
    }
    carriedThisYear += open.declared;
  }
  await setLocalScope(trx, { role: 'none' });
  return { declaredLastYear: declared.declared, settlementsPaidLastYear: paidLastYear, carriedThisYear };
}

type PupilPlan = { grades: Array<{ code: string; birthYear: number; entryYear: number; graduation: number }>; classes: string[] };
const PUPIL_PLAN: Partial<Record<TUnitKind, PupilPlan>> = {
  primary: {
    grades: [
      { code: '01', birthYear: 2019, entryYear: 2025, graduation: 2031 },
      { code: '06', birthYear: 2014, entryYear: 2020, graduation: 2026 },
    ],
    classes: ['1班', '2班'],
  },
  middle: { grades: [{ code: '13', birthYear: 2011, entryYear: 2023, graduation: 2026 }], classes: ['1班', '2班'] },
  kindergarten: { grades: [{ code: '00', birthYear: 2021, entryYear: 2024, graduation: 2027 }], classes: ['大一班'] },
};

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '朱', '马', '胡', '郭', '林', '何', '高', '罗'];
const GIVEN = ['子涵', '浩然', '欣怡', '宇轩', '梓萱', '一诺', '雨桐', '俊熙', '思远', '若曦', '明哲', '可馨', '嘉怡', '天佑', '语嫣', '博文'];

/** Deterministic demo pupils with valid ID numbers (姑苏区 or the unit's district), five per class and grade. */
function demoPupils(u: DemoUnit, plan: PupilPlan) {
  const out = [];
  let n = 0;
  for (const g of plan.grades) {
    for (const cls of plan.classes) {
      for (let i = 0; i < 5; i++, n++) {
        const seed = u.key.length * 7 + n;
        const month = String((seed % 12) + 1).padStart(2, '0');
        const day = String((seed % 27) + 1).padStart(2, '0');
        const gender = n % 2 === 0 ? 'male' : 'female';
        const seq = String(100 + ((seed * 37) % 800)).slice(0, 2) + String(gender === 'male' ? (seed % 5) * 2 + 1 : (seed % 5) * 2);
        const first17 = `${u.district}${g.birthYear}${month}${day}${seq}`;
        out.push({
          document_type: '01',
          document_number: first17 + computeResidentIdCheckChar(first17),
          name: SURNAMES[(seed * 3) % SURNAMES.length]! + GIVEN[(seed * 5) % GIVEN.length]!,
          gender: gender as 'male' | 'female',
          birth_date: `${g.birthYear}-${month}-${day}`,
          hukou_type: (n % 4 === 3 ? 'nonlocal' : 'local_urban') as 'nonlocal' | 'local_urban',
          hukou_district_code: n % 4 === 3 ? null : u.district,
          grade_code: g.code,
          class_name: cls,
          student_number: `${g.entryYear}${String(n + 1).padStart(3, '0')}`,
          entry_year: g.entryYear,
          expected_graduation_year: g.graduation,
          guardian_name: `${SURNAMES[(seed * 3) % SURNAMES.length]}${n % 2 ? '建国' : '秀英'}`,
          guardian_relation: n % 2 ? '父亲' : '母亲',
          guardian_phone: `139${String(10000000 + seed * 7919).slice(-8)}`,
        });
      }
    }
  }
  return out;
}

/**
 * The demo region's campaign for the insurance year being collected now (from September the next year's), on the
 * national template, so the money flow can be tried on any day. Idempotent; runs at every start with demo data.
 */
export async function ensureDemoCampaign(db: Kysely<DB>, now: Date): Promise<number | null> {
  const region = await db.selectFrom('region').select('code').where('code', '=', DEMO_REGION.code).executeTakeFirst();
  if (!region) return null;
  const year = demoCampaignYear(now);
  await adoptTemplateForRegion(db, { regionCode: DEMO_REGION.code, regionName: DEMO_REGION.name, year, key: `suzhou-${year}` });
  await ensureNantongCampaign(db, year);
  return year;
}
