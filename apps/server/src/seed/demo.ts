import { computeResidentIdCheckChar, type TRole, type TUnitKind } from '@canbao/domain';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema/index';
import { hashPassword } from '../modules/auth/password';
import { writeAudit } from '../modules/audit/audit.service';
import { adoptTemplateForRegion } from '../modules/policies/policies.service';
import { shanghaiToday } from '../time';

export const DEMO_PASSWORD = 'canbao-demo';
export const DEMO_REGION = { code: '320500', name: '苏州市区', agencyName: '苏州市社会保险基金管理中心' };

const DIVISIONS = [
  { code: '320000', name: '江苏省', level: 'province', parent_code: null },
  { code: '320500', name: '苏州市', level: 'city', parent_code: '320000' },
  { code: '320505', name: '虎丘区', level: 'district', parent_code: '320500' },
  { code: '320506', name: '吴中区', level: 'district', parent_code: '320500' },
  { code: '320507', name: '相城区', level: 'district', parent_code: '320500' },
  { code: '320508', name: '姑苏区', level: 'district', parent_code: '320500' },
] as const;

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

/** True when the database holds no accounts yet: the only time demo data may be created. */
export async function isEmptyDatabase(db: Kysely<DB>): Promise<boolean> {
  const row = await db.selectFrom('app_user').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n) === 0;
}

/** Creates the demo region, units and accounts in one transaction. Refused in production by config. */
export async function seedDemo(db: Kysely<DB>): Promise<void> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('region').values({ code: DEMO_REGION.code, name: DEMO_REGION.name, agency_name: DEMO_REGION.agencyName }).execute();
    await trx.insertInto('division').values([...DIVISIONS]).onConflict((oc) => oc.column('code').doNothing()).execute();
    const unitIds = new Map<string, string>();
    for (const u of UNITS) {
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
    let pupils = 0;
    for (const u of UNITS) {
      const plan = PUPIL_PLAN[u.kind];
      if (!plan) continue;
      for (const p of demoPupils(u, plan)) {
        const row = await trx
          .insertInto('person')
          .values({ ...p, region_code: DEMO_REGION.code, unit_id: unitIds.get(u.key)! })
          .returning('id')
          .executeTakeFirstOrThrow();
        await trx
          .insertInto('person_membership')
          .values({ region_code: DEMO_REGION.code, person_id: row.id, unit_id: unitIds.get(u.key)!, started_on: `${p.entry_year ?? 2025}-09-01` })
          .execute();
        pupils++;
      }
    }
    await writeAudit(trx, { regionCode: DEMO_REGION.code, unitId: null, username: 'system' }, null, {
      action: 'system.demo_seeded',
      entityType: 'region',
      entityId: DEMO_REGION.code,
      after: { units: UNITS.length, accounts: DEMO_ACCOUNTS.map((a) => a.username), persons: pupils },
    });
  });
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
  const today = shanghaiToday(now);
  const year = Number(today.slice(0, 4)) + (Number(today.slice(5, 7)) >= 9 ? 1 : 0);
  await adoptTemplateForRegion(db, { regionCode: DEMO_REGION.code, regionName: DEMO_REGION.name, year, key: `suzhou-${year}` });
  return year;
}
