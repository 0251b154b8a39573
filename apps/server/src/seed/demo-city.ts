import { computeResidentIdCheckChar, type TUnitKind } from '@canbao/domain';
import type { Selectable } from 'kysely';
import type { PersonTable } from '../db/schema/person';

/**
 * The demo city beyond the five units the browser tests know by name: several districts of 苏州市区, dozens of
 * schools, kindergartens, community offices and a welfare home, and a few thousand residents with distinct, valid
 * ID numbers and ordinary names. Deterministic (a seeded generator), so every fresh demo is the same city.
 */

/** Districts of the demo region with the towns and streets that name their units. */
export const DEMO_DISTRICTS = [
  { code: '320508', name: '姑苏区', places: ['平江', '沧浪', '金阊', '留园', '桃花坞', '苏锦'], rural: false },
  { code: '320505', name: '虎丘区', places: ['枫桥', '横塘', '浒墅关', '东渚', '通安', '镇湖'], rural: true },
  { code: '320506', name: '吴中区', places: ['木渎', '甪直', '胥口', '东山', '越溪', '郭巷'], rural: true },
  { code: '320507', name: '相城区', places: ['元和', '黄桥', '北桥', '望亭', '渭塘', '黄埭'], rural: true },
  { code: '320509', name: '吴江区', places: ['松陵', '同里', '盛泽', '震泽', '平望', '黎里'], rural: true },
] as const;

/** Birthplaces of residents whose hukou is elsewhere (valid GB/T 2260 county codes). */
const ELSEWHERE = ['340102', '341202', '411102', '411602', '321302', '320321', '510104', '361002', '430102', '370102'];

export type CityUnit = { key: string; name: string; kind: TUnitKind; district: string; contact: string; phone: string; address: string };

/** How a unit's people are made: grade → birth year offset and class count, or a community's mix of ages. */
type Plan = { grades: Array<{ code: string; age: number; classes: number }>; perClass: number } | { residents: number; welfare?: boolean };

const SCHOOL_PLANS: Partial<Record<TUnitKind, Plan>> = {
  primary: { grades: ['01', '02', '03', '04', '05', '06'].map((code, i) => ({ code, age: 6 + i, classes: 2 })), perClass: 8 },
  middle: { grades: ['11', '12', '13'].map((code, i) => ({ code, age: 12 + i, classes: 2 })), perClass: 8 },
  high: { grades: ['14', '15', '16'].map((code, i) => ({ code, age: 15 + i, classes: 2 })), perClass: 8 },
  kindergarten: { grades: [{ code: '00', age: 3, classes: 1 }, { code: '00', age: 4, classes: 1 }, { code: '00', age: 5, classes: 1 }], perClass: 10 },
  community_office: { residents: 24 },
  street_office: { residents: 24 },
  village_committee: { residents: 20 },
  welfare_home: { residents: 12, welfare: true },
};
const KINDERGARTEN_CLASSES: Record<number, string> = { 3: '小一班', 4: '中一班', 5: '大一班' };

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙朱马胡郭林何高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方邹熊白孟秦邱侯江尹薛闫段雷';
const GIVEN_BOY = ['浩然', '宇轩', '俊熙', '思远', '明哲', '天佑', '博文', '子墨', '一鸣', '梓豪', '皓轩', '承泽', '奕辰', '嘉懿', '文博', '睿', '泽宇', '昊天', '宸', '子昂', '铭', '晨阳', '沐阳', '景行', '煜', '逸凡'];
const GIVEN_GIRL = ['子涵', '欣怡', '梓萱', '一诺', '雨桐', '若曦', '可馨', '嘉怡', '语嫣', '诗琪', '梦瑶', '雨欣', '思彤', '芷若', '佳琪', '安然', '晓雯', '婉清', '悦', '静怡', '若彤', '紫萱', '沐晴', '清妍', '书瑶', '乐萱'];
const ADULT_GIVEN = ['建国', '秀英', '桂兰', '国强', '丽华', '志明', '美玲', '永福', '春梅', '德华', '玉珍', '海燕', '卫东', '淑芬', '金凤', '建军'];

/** mulberry32: small, fast, good enough for demo data, and the same sequence on every machine. */
function generator(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
  };
}

/** The city's units besides the five named ones: per district primary, middle and high schools, kindergartens, community offices. */
export function cityUnits(): CityUnit[] {
  const rnd = generator(20261202);
  const out: CityUnit[] = [];
  const phone = () => `1${rnd.pick(['39', '38', '37', '58', '51', '88'])}${String(10000000 + rnd.int(89999999)).slice(-8)}`;
  const teacher = () => `${rnd.pick([...SURNAMES])}老师`;
  for (const d of DEMO_DISTRICTS) {
    const [p1, p2, p3, p4, p5, p6] = d.places;
    const road = (place: string) => `${d.name}${place}路 ${1 + rnd.int(300)} 号`;
    const unit = (key: string, name: string, kind: TUnitKind, contact: string, place: string) =>
      out.push({ key: `${d.code}-${key}`, name, kind, district: d.code, contact, phone: phone(), address: road(place) });
    unit('p1', `苏州市${d.name}${p1}实验小学`, 'primary', teacher(), p1);
    unit('p2', `苏州市${d.name}${p2}中心小学`, 'primary', teacher(), p2);
    unit('p3', `苏州市${d.name}${p3}小学`, 'primary', teacher(), p3);
    unit('m1', `苏州市${d.name}${p1}中学`, 'middle', teacher(), p1);
    unit('m2', `苏州市${d.name}${p4}实验初级中学`, 'middle', teacher(), p4);
    unit('h1', `苏州市${d.name}${p2}高级中学`, 'high', teacher(), p2);
    unit('k1', `苏州市${d.name}${p3}幼儿园`, 'kindergarten', teacher(), p3);
    unit('k2', `苏州市${d.name}${p5}中心幼儿园`, 'kindergarten', teacher(), p5);
    unit('c1', `${d.name}${p4}街道社区社保工作站`, 'community_office', `${rnd.pick([...SURNAMES])}主任`, p4);
    unit('c2', d.rural ? `${d.name}${p6}镇社保所` : `${d.name}${p6}街道社保所`, 'street_office', `${rnd.pick([...SURNAMES])}主任`, p6);
    if (d.rural) unit('v1', `${d.name}${p5}镇${p6}村村民委员会`, 'village_committee', `${rnd.pick([...SURNAMES])}书记`, p5);
  }
  out.push({ key: 'welfare', name: '苏州市儿童福利院', kind: 'welfare_home', district: '320508', contact: '郑院长', phone: '051265100000', address: '姑苏区白塔西路 1 号' });
  return out;
}

/** The person columns the demo fills, as the person table types them. */
type PersonColumns =
  | 'document_type'
  | 'document_number'
  | 'name'
  | 'gender'
  | 'birth_date'
  | 'hukou_type'
  | 'hukou_district_code'
  | 'residence_permit_since'
  | 'grade_code'
  | 'class_name'
  | 'student_number'
  | 'entry_year'
  | 'expected_graduation_year'
  | 'guardian_name'
  | 'guardian_relation'
  | 'guardian_phone'
  | 'phone';

export type CityPerson = Pick<Selectable<PersonTable>, PersonColumns> & {
  unitKey: string;
  /** A department's list that subsidises this person (the profile's identity code), if any. */
  exemption: 'tekun' | 'orphan' | 'dibao' | 'fanpin_monitor' | null;
};

/**
 * The residents of the city's units for the campaign of `year` (the insurance year being collected): pupils by
 * grade and class at the age that grade has in September before it, a community's infants, preschoolers, adults
 * without work and elderly residents, a welfare home's children. `taken` holds the numbers already used (the
 * named units' pupils), so every number is distinct.
 */
export function cityPersons(units: readonly CityUnit[], year: number, taken: Set<string>): CityPerson[] {
  const rnd = generator(year * 7919);
  const schoolYear = year - 1; // September of this year starts the school year the campaign covers
  const out: CityPerson[] = [];
  const serials = new Map<string, number>();
  const idNumber = (area: string, birth: string, gender: 'male' | 'female') => {
    for (;;) {
      const key = `${area}${birth}`;
      const n = (serials.get(key) ?? rnd.int(40)) + 1;
      serials.set(key, n);
      const seq = String(n * 2 + (gender === 'male' ? 1 : 0)).padStart(3, '0');
      const first17 = `${area}${birth.replaceAll('-', '')}${seq}`;
      const id = first17 + computeResidentIdCheckChar(first17);
      if (!taken.has(id)) {
        taken.add(id);
        return id;
      }
    }
  };
  const birthIn = (birthYear: number) => {
    // Born between September of birthYear and August of the next: the cohort of a school year.
    const m = 9 + rnd.int(12);
    const y = m > 12 ? birthYear + 1 : birthYear;
    const month = ((m - 1) % 12) + 1;
    const day = 1 + rnd.int(28);
    return `${y}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  };
  const mobile = () => `1${rnd.pick(['39', '38', '36', '58', '59', '87', '88', '50'])}${String(rnd.int(100000000)).padStart(8, '0')}`;
  const person = (u: CityUnit, birth: string, extra: Partial<CityPerson>, adult = false): CityPerson => {
    const gender = rnd.next() < 0.5 ? 'male' : 'female';
    const surname = rnd.pick([...SURNAMES]);
    const hukouRoll = rnd.next();
    const ruralDistrict = DEMO_DISTRICTS.find((d) => d.code === u.district)?.rural ?? false;
    const hukou = hukouRoll < 0.14 ? 'nonlocal' : ruralDistrict && hukouRoll < 0.45 ? 'local_rural' : 'local_urban';
    const area = hukou === 'nonlocal' ? rnd.pick(ELSEWHERE) : u.district;
    const name = surname + (adult ? rnd.pick(ADULT_GIVEN) : rnd.pick(gender === 'male' ? GIVEN_BOY : GIVEN_GIRL));
    const guardianRelation = rnd.next() < 0.5 ? '父亲' : '母亲';
    return {
      unitKey: u.key,
      document_type: '01',
      document_number: idNumber(area, birth, gender),
      name,
      gender,
      birth_date: birth,
      hukou_type: hukou,
      hukou_district_code: hukou === 'nonlocal' ? null : u.district,
      residence_permit_since: hukou === 'nonlocal' ? `${schoolYear - 1 - rnd.int(5)}-0${1 + rnd.int(9)}-15` : null,
      grade_code: null,
      class_name: null,
      student_number: null,
      entry_year: null,
      expected_graduation_year: null,
      guardian_name: adult ? null : `${guardianRelation === '父亲' ? surname : rnd.pick([...SURNAMES])}${rnd.pick(ADULT_GIVEN)}`,
      guardian_relation: adult ? null : guardianRelation,
      guardian_phone: adult ? null : mobile(),
      phone: adult ? mobile() : null,
      exemption: null,
      ...extra,
    };
  };
  for (const u of units) {
    const plan = SCHOOL_PLANS[u.kind];
    if (!plan) continue;
    if ('grades' in plan) {
      let serial = 0;
      for (const g of plan.grades) {
        const entryYear = schoolYear - (g.code === '00' ? g.age - 3 : g.code < '10' ? Number(g.code) - 1 : (Number(g.code) - 11) % 3);
        const graduation = g.code === '00' ? schoolYear + (6 - g.age) : g.code < '10' ? entryYear + 6 : entryYear + 3;
        for (let c = 1; c <= g.classes; c++) {
          for (let i = 0; i < plan.perClass; i++) {
            const roll = rnd.next();
            out.push(
              person(u, birthIn(schoolYear - g.age - 1), {
                grade_code: g.code,
                class_name: g.code === '00' ? KINDERGARTEN_CLASSES[g.age]! : `${c}班`,
                student_number: `${entryYear}${String(++serial).padStart(4, '0')}`,
                entry_year: entryYear,
                expected_graduation_year: graduation,
                exemption: roll < 0.03 ? 'dibao' : roll < 0.04 ? 'fanpin_monitor' : null,
              }),
            );
          }
        }
      }
    } else {
      for (let i = 0; i < plan.residents; i++) {
        if (plan.welfare) {
          out.push(person(u, birthIn(schoolYear - 2 - rnd.int(14)), { exemption: 'orphan', guardian_name: '苏州市儿童福利院', guardian_relation: '监护机构' }));
          continue;
        }
        const roll = rnd.next();
        if (roll < 0.35) out.push(person(u, birthIn(schoolYear - 1 - rnd.int(3)), {})); // infants and toddlers
        else if (roll < 0.55) out.push(person(u, birthIn(schoolYear - 18 - rnd.int(40)), { exemption: rnd.next() < 0.2 ? 'dibao' : null }, true));
        else out.push(person(u, birthIn(schoolYear - 60 - rnd.int(25)), { exemption: rnd.next() < 0.1 ? 'tekun' : null }, true));
      }
    }
  }
  return out;
}
