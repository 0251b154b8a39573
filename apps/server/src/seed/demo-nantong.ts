import { NANTONG_2021, addMonths, carryProfileToYear, computeResidentIdCheckChar, type THouseholdInput, type TRole } from '@canbao/domain';
import type { Kysely, Transaction } from 'kysely';
import type { AppConfig } from '../config';
import type { ServiceContext } from '../context';
import type { DB } from '../db/schema/index';
import { setLocalScope } from '../db/database';
import { seedServiceRole } from './scoped-role';
import { addExemption } from '../modules/persons/persons.service';
import { createHousehold, declareHousehold } from '../modules/households/households.service';
import { confirmDeclarations } from '../modules/declarations/declarations.service';
import { recordUnitPayment } from '../modules/payments/payments.service';
import { createSettlement } from '../modules/payments/settlements.service';
import { shanghaiToday } from '../time';

/**
 * The demo's second region: 南通市区, whose notice (seed 004) enrolls every resident — adults, minors not in school,
 * exempt families and holders of a residence permit of three months — through the community's labour and social
 * security station (劳动保障服务所（站）). One station and its households, so a community office's whole campaign can
 * be tried: last year's households carried over, a 低保 family at no charge, and two families on residence permits,
 * one held four months (accepted) and one held two (refused until the third month is full).
 */
export const NANTONG_REGION = { code: '320600', name: '南通市区', agencyName: '南通市医疗保险基金管理中心' };

export const NANTONG_ACCOUNTS: Array<{ username: string; displayName: string; role: TRole; unitKey?: string }> = [
  { username: 'ntadmin', displayName: '南通市医保中心管理员', role: 'agency_admin' },
  { username: 'nantong1', displayName: '和平桥街道劳动保障服务所经办员', role: 'unit_operator', unitKey: 'station1' },
];

const DIVISIONS = [
  { code: '320600', name: '南通市', level: 'city' as const, parent_code: '320000' },
  { code: '320613', name: '崇川区', level: 'district' as const, parent_code: '320600' },
  { code: '320612', name: '通州区', level: 'district' as const, parent_code: '320600' },
];

const UNITS = [
  { key: 'station1', name: '崇川区和平桥街道劳动保障服务所', district: '320613', contact: '顾主任', phone: '051385000001', address: '崇川区和平桥街道青年中路 18 号' },
  { key: 'station2', name: '通州区金沙街道劳动保障服务所', district: '320612', contact: '施主任', phone: '051386000002', address: '通州区金沙街道人民路 66 号' },
];

/** 崇川区 (320613 since the 2020 merger; numbers issued before it start 320602) and its streets. */
const CHONGCHUAN = '320613';
const STREETS = { 和平桥: '320613002', 城东: '320613001' } as const;

/** A valid resident ID: region, birth date, a serial whose last digit is odd for a man and even for a woman. */
function idOf(region: string, birthDate: string, serial: number, gender: 'male' | 'female') {
  const seq = serial * 10 + (gender === 'male' ? 1 : 2);
  const body = `${region}${birthDate.replaceAll('-', '')}${String(seq).padStart(3, '0')}`;
  return body + computeResidentIdCheckChar(body);
}

type Member = THouseholdInput['members'][number];
function member(relation: Member['relation'], name: string, birthDate: string, serial: number, gender: 'male' | 'female', extra: Record<string, unknown> = {}): Member {
  const local = extra.hukouType !== 'nonlocal';
  const issuedIn = !local ? '340102' : birthDate >= '2020-06-01' ? CHONGCHUAN : '320602';
  return {
    relation,
    person: {
      documentType: '01',
      documentNumber: idOf(issuedIn, birthDate, serial, gender),
      name,
      gender,
      birthDate,
      hukouType: 'local_urban',
      ...(local ? { hukouDistrictCode: CHONGCHUAN, hukouStreetCode: STREETS.和平桥 } : {}),
      ...extra,
    },
  } as Member;
}

/** The households of the station; `lastYear` ones were declared and paid last year and can be carried over. */
type DemoHousehold = { lastYear: boolean; dibao?: string[]; input: THouseholdInput };

function households(today: string): DemoHousehold[] {
  const since4 = addMonths(today, -4);
  const since2 = addMonths(today, -2);
  const nonlocal = (since: string, address: string) => ({ hukouType: 'nonlocal', hukouAddress: address, residencePermitSince: since });
  return [
    {
      lastYear: true,
      input: {
        hukouType: 'local_urban',
        hukouAddress: '崇川区和平桥街道濠西路 12 号 3 幢 201 室',
        members: [
          member('head', '陈建华', '1978-03-14', 11, 'male', { phone: '13962810011' }),
          member('spouse', '周丽', '1980-07-02', 12, 'female', { phone: '13962810012' }),
          member('child', '陈一诺', '2021-05-20', 13, 'female'),
          member('parent', '陈德明', '1950-01-08', 14, 'male'),
        ],
      },
    },
    {
      lastYear: true,
      dibao: ['徐卫东', '徐梦瑶'],
      input: {
        hukouType: 'local_urban',
        hukouAddress: '崇川区和平桥街道北濠东村 5 幢 102 室',
        note: '低保家庭，凭低保证办理，个人缴费由财政全额资助',
        members: [member('head', '徐卫东', '1970-10-21', 21, 'male', { phone: '13962810021' }), member('child', '徐梦瑶', '2009-04-11', 22, 'female')],
      },
    },
    {
      lastYear: false,
      input: {
        hukouType: 'local_urban',
        hukouAddress: '崇川区城东街道青年东路 88 号 1 幢 502 室',
        members: [
          member('head', '吴国强', '1965-09-30', 31, 'male', { phone: '13962810031', hukouStreetCode: STREETS.城东 }),
          member('spouse', '蒋桂兰', '1967-12-05', 32, 'female', { hukouStreetCode: STREETS.城东, inflow: { from: '江苏省盐城市亭湖区', on: addMonths(today, -9) } }),
        ],
      },
    },
    {
      lastYear: false,
      input: {
        hukouType: 'nonlocal',
        hukouAddress: '安徽省合肥市瑶海区胜利路 9 号（现住崇川区和平桥街道跃龙南路 30 号）',
        note: '外地户籍，持本市居住证满四个月',
        members: [
          member('head', '刘志明', '1990-02-17', 41, 'male', { ...nonlocal(since4, '安徽省合肥市瑶海区胜利路 9 号'), phone: '13962810041' }),
          member('child', '刘雨桐', '2020-08-09', 42, 'female', nonlocal(since4, '安徽省合肥市瑶海区胜利路 9 号')),
        ],
      },
    },
    {
      lastYear: false,
      input: {
        hukouType: 'nonlocal',
        hukouAddress: '安徽省合肥市瑶海区长江东路 77 号（现住崇川区和平桥街道文峰路 5 号）',
        note: '外地户籍，居住证办理未满三个月',
        members: [
          member('head', '马春梅', '1992-06-23', 51, 'female', { ...nonlocal(since2, '安徽省合肥市瑶海区长江东路 77 号'), phone: '13962810051' }),
          member('child', '马浩然', '2019-11-02', 52, 'male', nonlocal(since2, '安徽省合肥市瑶海区长江东路 77 号')),
        ],
      },
    },
  ];
}

/** The region's profile for an insurance year: Nantong's notice carried to that year (its rules and amounts). */
async function ensureNantongProfile(db: Kysely<DB>, year: number) {
  const key = `nantong-${year}`;
  const held = await db.selectFrom('policy_profile').select('profile_key').where('region_code', '=', NANTONG_REGION.code).where('profile_key', '=', key).executeTakeFirst();
  if (held) return;
  const profile = { ...carryProfileToYear(NANTONG_2021, year), regionName: NANTONG_REGION.name };
  await db
    .insertInto('policy_profile')
    .values({ region_code: NANTONG_REGION.code, profile_key: key, insurance_year: year, version: 1, body: JSON.stringify(profile), note: '沿用南通市区 2021 年度通知的规则与标准（演示）' })
    .execute();
}

/** Every start with demo data: the Nantong region has this year's profile too. */
export async function ensureNantongCampaign(db: Kysely<DB>, year: number) {
  const region = await db.selectFrom('region').select('code').where('code', '=', NANTONG_REGION.code).executeTakeFirst();
  if (region) await ensureNantongProfile(db, year);
}

/** Inside the demo's transaction: the region, its station, accounts, households and last year's campaign. */
export async function seedNantong(trx: Transaction<DB>, options: { config: AppConfig; now: Date; year: number; passwordHash: string }) {
  const { year, now } = options;
  await setLocalScope(trx, { role: 'none' });
  await trx.insertInto('region').values({ code: NANTONG_REGION.code, name: NANTONG_REGION.name, agency_name: NANTONG_REGION.agencyName }).execute();
  await trx.insertInto('division').values(DIVISIONS).onConflict((oc) => oc.column('code').doNothing()).execute();
  const unitIds = new Map<string, string>();
  for (const u of UNITS) {
    const row = await trx
      .insertInto('unit')
      .values({ region_code: NANTONG_REGION.code, district_code: u.district, name: u.name, kind: 'community_office', contact_name: u.contact, contact_phone: u.phone, address: u.address })
      .returning('id')
      .executeTakeFirstOrThrow();
    unitIds.set(u.key, row.id);
  }
  for (const a of NANTONG_ACCOUNTS) {
    await trx.insertInto('login_name').values({ region_code: NANTONG_REGION.code, username: a.username }).execute();
    await trx
      .insertInto('app_user')
      .values({ region_code: NANTONG_REGION.code, unit_id: a.unitKey ? unitIds.get(a.unitKey)! : null, username: a.username, display_name: a.displayName, role: a.role, password_hash: options.passwordHash })
      .execute();
  }
  await ensureNantongProfile(trx, year - 1);
  await ensureNantongProfile(trx, year);

  const admin = await trx.selectFrom('app_user').select(['id', 'username']).where('username', '=', 'ntadmin').executeTakeFirstOrThrow();
  await setLocalScope(trx, { regionCode: NANTONG_REGION.code, unitId: '', role: await seedServiceRole(trx) });
  const ctxAt = (at: Date): ServiceContext => ({
    db: trx,
    scope: { userId: admin.id, username: admin.username, role: 'agency_admin', regionCode: NANTONG_REGION.code, unitId: null },
    meta: { requestId: 'demo-seed', ip: null, userAgent: null },
    config: options.config,
    now: at,
  });
  // Last year's households registered and paid in last year's window (its dates are the notice's, moved).
  const lastYear = ctxAt(new Date(`${year - 1 - 1}-11-20T02:00:00Z`));
  const thisYear = ctxAt(now);
  const stationId = unitIds.get('station1')!;
  const lastYearIds: string[] = [];
  for (const h of households(shanghaiToday(now))) {
    const ctx = h.lastYear ? lastYear : thisYear;
    const household = await createHousehold(ctx, { ...h.input, unitId: stationId });
    for (const m of household.members) {
      if (!h.dibao?.includes(m.name)) continue;
      await addExemption(ctx, m.personId, {
        categoryCode: 'dibao_family',
        certifyingDepartment: '崇川区民政局',
        certificateName: '最低生活保障证',
        certificateNumber: `崇民低保〔${year - 2}〕0${m.name === '徐卫东' ? '317' : '318'}号`,
        validFrom: `${year - 2}-01-01`,
        validTo: `${year + 1}-12-31`,
        source: 'document',
      });
    }
    if (h.lastYear) lastYearIds.push(household.id);
  }
  for (const id of lastYearIds) await declareHousehold(lastYear, id, year - 1);
  await confirmDeclarations(lastYear, { year: year - 1 });
  const settlement = await createSettlement(lastYear, { year: year - 1, unitId: stationId, paymentMode: 'unit_total', unitMethod: 'transfer' });
  await recordUnitPayment(lastYear, settlement.id, {
    method: 'transfer',
    transactionId: `DEMONT${year - 1}00001`,
    amountFen: settlement.payableFen,
    paidAt: new Date(`${year - 1 - 1}-12-05T02:00:00Z`).toISOString(),
  });
  await setLocalScope(trx, { role: 'none' });
  return { nantongHouseholds: lastYearIds.length + 3, nantongSettlementFen: settlement.payableFen };
}
