import {
  SUPPORTED_BANKS,
  addDays,
  computeOrganisationCodeCheckChar,
  computeUsccCheckChar,
} from '@canbao/domain';

/**
 * The city's plan, in TypeScript and deterministic (a seeded generator): its units, each school's classes and
 * each community office's households, with how far each unit got last year and this year. The database expands
 * the plan into persons and everything after them, set-based (generate.ts); nothing here is per person.
 */

/** mulberry32: small, fast, and the same sequence on every machine for the same seed. */
export function generator(seed: number) {
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
    between: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
    weighted: <T>(xs: ReadonlyArray<readonly [T, number]>): T => {
      const total = xs.reduce((s, [, w]) => s + w, 0);
      let r = next() * total;
      for (const [x, w] of xs) if ((r -= w) < 0) return x;
      return xs.at(-1)![0];
    },
  };
}
export type Rng = ReturnType<typeof generator>;

export type PlanKind = 'primary' | 'middle' | 'kindergarten' | 'community_office';
export type PaymentMode = 'unit_total' | 'per_person';
export type UnitMethod = 'transfer' | 'bank_draft' | 'bank_deduction';
/** How far a unit got this year: finished (declared, settled, mostly paid), three stages of partly, or nothing. */
export type ThisYearStage = 'finished' | 'declared' | 'confirmed' | 'settled' | 'not_started';

export type District = { code: string; name: string; streets: Array<{ code: string; name: string }> };

export type PlanUnit = {
  k: number;
  kind: PlanKind;
  districtCode: string;
  districtName: string;
  streetCode: string | null;
  name: string;
  address: string;
  contactName: string;
  contactPhone: string;
  uscc: string;
  organisationCode: string;
  schoolCode: string | null;
  bankCode: string | null;
  bankAccount: string | null;
  operator: string;
  last: { mode: PaymentMode; method: UnitMethod | null; lapsed: boolean; declaredOn: string; payRate: number };
  now: { stage: ThisYearStage; mode: PaymentMode; method: UnitMethod | null; declaredOn: string; share: number; payRate: number };
};

export type PlanClass = {
  unitK: number;
  gradeCode: string;
  className: string;
  entryYear: number;
  graduationYear: number;
  /** First possible birth date of the cohort (1 September); the cohort spans a year from it. */
  cohortStart: string;
  n: number;
  start: number;
};

/** Household types of a community office: who lives together, and the ages of the head. */
export const HOUSEHOLD_TYPES = {
  1: { name: '年轻家庭', weight: 30, headAge: [26, 40], sizes: [3, 3, 3, 4, 4] },
  2: { name: '三代同堂', weight: 15, headAge: [30, 45], sizes: [4] },
  3: { name: '老年夫妇', weight: 25, headAge: [60, 85], sizes: [2] },
  4: { name: '独居老人', weight: 12, headAge: [65, 92], sizes: [1] },
  5: { name: '中年家庭', weight: 12, headAge: [45, 58], sizes: [3] },
  6: { name: '单身', weight: 6, headAge: [22, 59], sizes: [1] },
} as const;
export type HouseholdType = keyof typeof HOUSEHOLD_TYPES;

/**
 * The members of each household type, in order (a household of size n has the first n): relation, and the age —
 * 'infant' 0–2 (born at least 150 days before the campaign), 'head' the planned head age, 'spouse' the head's age
 * −5…+3, 'parent' head + 24…32, 'adult_child' 18–24.
 */
export const HOUSEHOLD_MEMBERS: ReadonlyArray<{ type: HouseholdType; no: number; relation: 'head' | 'spouse' | 'child' | 'parent'; age: 'head' | 'spouse' | 'infant' | 'parent' | 'adult_child' }> = [
  { type: 1, no: 1, relation: 'head', age: 'head' },
  { type: 1, no: 2, relation: 'spouse', age: 'spouse' },
  { type: 1, no: 3, relation: 'child', age: 'infant' },
  { type: 1, no: 4, relation: 'child', age: 'infant' },
  { type: 2, no: 1, relation: 'head', age: 'head' },
  { type: 2, no: 2, relation: 'spouse', age: 'spouse' },
  { type: 2, no: 3, relation: 'child', age: 'infant' },
  { type: 2, no: 4, relation: 'parent', age: 'parent' },
  { type: 3, no: 1, relation: 'head', age: 'head' },
  { type: 3, no: 2, relation: 'spouse', age: 'spouse' },
  { type: 4, no: 1, relation: 'head', age: 'head' },
  { type: 5, no: 1, relation: 'head', age: 'head' },
  { type: 5, no: 2, relation: 'spouse', age: 'spouse' },
  { type: 5, no: 3, relation: 'child', age: 'adult_child' },
  { type: 6, no: 1, relation: 'head', age: 'head' },
];

export type PlanHousehold = { hh: number; unitK: number; type: HouseholdType; size: number; start: number; headAge: number; headMale: boolean; address: string };

export type CityPlan = {
  units: PlanUnit[];
  classes: PlanClass[];
  households: PlanHousehold[];
  pupils: number;
  kindergarteners: number;
  residents: number;
};

/** Shares of the units (of --units) and of the persons (of --persons), documented in bench/city.ts. */
export const UNIT_SHARES = { school: 0.6, kindergarten: 0.15 } as const;
export const PERSON_SHARES = { pupils: 0.72, kindergarteners: 0.08 } as const;

const CN_DIGITS = '零一二三四五六七八九';
/** 1 → 一, 12 → 十二, 35 → 三十五 (enough for ordinals of schools in a street). */
export function chineseNumber(n: number): string {
  if (n < 10) return CN_DIGITS[n]!;
  if (n < 20) return `十${n % 10 ? CN_DIGITS[n % 10] : ''}`;
  if (n < 100) return `${CN_DIGITS[Math.floor(n / 10)]}十${n % 10 ? CN_DIGITS[n % 10] : ''}`;
  return String(n);
}

const COMMUNITY_NAMES = [
  '新华', '幸福', '和平', '阳光', '东港', '西园', '南苑', '北塘', '金桥', '锦绣', '翠园', '花园', '桂花', '文昌', '友谊', '建设',
  '团结', '长青', '枫林', '滨河', '青年', '春晖', '星湖', '玉山', '新村', '富民', '永安', '丰乐', '南门', '北门', '东方', '湖滨',
];
const ROADS = ['人民路', '中山路', '解放路', '建设路', '新华路', '青年路', '文化路', '学府路', '长江路', '湖滨路', '东环路', '西环路', '南门路', '北园路', '干将路', '竹辉路'];
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙朱马胡郭林何高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方邹熊白孟秦邱侯江尹薛闫段雷顾龚钱严';

const stemOf = (streetName: string) => streetName.replace(/（[^）]*）|\([^)]*\)/g, '').replace(/(街道办事处|街道|地区办事处|办事处|镇|乡)$/, '') || streetName;

function schoolName(kind: PlanKind, n: number): string {
  if (kind === 'primary') return ['实验小学', '中心小学', '小学'][n] ?? `第${chineseNumber(n - 1)}小学`;
  if (kind === 'middle') return ['中学', '实验初级中学', '初级中学'][n] ?? `第${chineseNumber(n - 1)}中学`;
  return ['幼儿园', '中心幼儿园', '实验幼儿园'][n] ?? `第${chineseNumber(n - 1)}幼儿园`;
}

function communityName(n: number): string {
  const base = COMMUNITY_NAMES[n % COMMUNITY_NAMES.length]!;
  return n < COMMUNITY_NAMES.length ? base : `${base}${chineseNumber(Math.floor(n / COMMUNITY_NAMES.length) + 1)}`;
}

/**
 * Splits `total` into integers proportional to `weights` (largest remainders), so the parts add up exactly.
 */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((s, w) => s + w, 0);
  if (sum <= 0 || total <= 0) return weights.map(() => 0);
  const raw = weights.map((w) => (w / sum) * total);
  const out = raw.map(Math.floor);
  let left = total - out.reduce((s, x) => s + x, 0);
  const order = raw.map((r, i) => [r - Math.floor(r), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left-- <= 0) break;
    out[i]!++;
  }
  return out;
}

export type PlanInput = {
  seed: number;
  persons: number;
  units: number;
  regionCode: string;
  cityName: string;
  districts: District[];
  /** Unit names the region already has (the demo's): never reused. */
  takenNames: Set<string>;
  /** Usernames already taken (the demo's accounts). */
  takenUsernames: Set<string>;
  /** The school year the campaign of this year is collected in (its September): this insurance year − 1. */
  schoolYear: number;
  /** Declaration windows: last year's and this year's, and the last day this year's work may carry (today). */
  lastWindow: { start: string; end: string };
  thisWindow: { start: string; end: string };
  today: string;
};

export function planCity(input: PlanInput): CityPlan {
  const rnd = generator(input.seed * 7919 + 17);
  const S = input.schoolYear;
  const U = Math.max(4, input.units);
  const nSchool = Math.round(U * UNIT_SHARES.school);
  const nKinder = Math.max(1, Math.round(U * UNIT_SHARES.kindergarten));
  const nCommunity = Math.max(1, U - nSchool - nKinder);
  const nPrimary = Math.max(1, Math.round((nSchool * 2) / 3));
  const nMiddle = Math.max(1, nSchool - nPrimary);
  const kinds: PlanKind[] = [
    ...Array<PlanKind>(nPrimary).fill('primary'),
    ...Array<PlanKind>(nMiddle).fill('middle'),
    ...Array<PlanKind>(nKinder).fill('kindergarten'),
    ...Array<PlanKind>(nCommunity).fill('community_office'),
  ];
  // Streets, each with its district; units are spread over them round-robin per kind, so every street has some.
  const streets = input.districts.flatMap((d) => (d.streets.length ? d.streets : [{ code: null as unknown as string, name: `${d.name}城区` }]).map((s) => ({ d, s })));
  const ordinals = new Map<string, number>();
  const usedNames = new Set(input.takenNames);
  const usedUsernames = new Set(input.takenUsernames);
  const counters: Record<PlanKind, number> = { primary: 0, middle: 0, kindergarten: 0, community_office: 0 };
  const prefix: Record<PlanKind, string> = { primary: 'p', middle: 'm', kindergarten: 'k', community_office: 'c' };
  const regionSuffix = input.regionCode === '320500' ? '' : `-${input.regionCode}`;
  const units: PlanUnit[] = kinds.map((kind, k) => {
    const index = counters[kind]++;
    // The n-th unit of a kind goes to street n (mod), offset per kind so small cities spread their kinds.
    const { d, s } = streets[(index * 7 + ({ primary: 0, middle: 3, kindergarten: 5, community_office: 1 }[kind])) % streets.length]!;
    const stem = stemOf(s.name);
    let name = '';
    for (;;) {
      const key = `${kind}:${s.code ?? s.name}`;
      const n = ordinals.get(key) ?? 0;
      ordinals.set(key, n + 1);
      name = kind === 'community_office' ? `${d.name}${s.name}${communityName(n)}社区社保工作站` : `${input.cityName}${d.name}${stem}${schoolName(kind, n)}`;
      if (!usedNames.has(name)) break;
    }
    usedNames.add(name);
    let operator = '';
    for (let serial = index + 1; ; serial += 100000) {
      operator = `${prefix[kind]}${String(serial).padStart(4, '0')}${regionSuffix}`;
      if (!usedUsernames.has(operator)) break;
    }
    usedUsernames.add(operator);
    // GB 32100: 1 机构编制 + 2 事业单位 (schools), 1 + 1 机关 (community offices); organisation code GB 11714.
    const orgBody = `${String(4 + (input.seed % 5))}${String(k).padStart(5, '0')}${String(rnd.int(100)).padStart(2, '0')}`;
    const organisationCode = orgBody + computeOrganisationCodeCheckChar(orgBody);
    const usccBody = `1${kind === 'community_office' ? '1' : '2'}${d.code}${organisationCode}`;
    const school = kind !== 'community_office';
    const lastMode: PaymentMode = kind === 'community_office' ? 'per_person' : rnd.next() < (kind === 'kindergarten' ? 0.3 : 0.45) ? 'unit_total' : 'per_person';
    const methodRoll = () => rnd.weighted<UnitMethod>([['transfer', 60], ['bank_deduction', 25], ['bank_draft', 15]]);
    const lastMethod = lastMode === 'unit_total' ? methodRoll() : null;
    // 30% of the units finished this year, 40% partly (declared / confirmed / settled), 30% not started.
    const stageRoll = rnd.next();
    const stage: ThisYearStage = stageRoll < 0.3 ? 'finished' : stageRoll < 0.43 ? 'declared' : stageRoll < 0.56 ? 'confirmed' : stageRoll < 0.7 ? 'settled' : 'not_started';
    // A unit mostly keeps its way of paying; a partly-done unit settles per person (its notices are out).
    const nowMode: PaymentMode = stage === 'settled' ? 'per_person' : rnd.next() < 0.85 ? lastMode : lastMode === 'unit_total' ? 'per_person' : kind === 'community_office' ? 'per_person' : 'unit_total';
    const nowMethod = nowMode === 'unit_total' ? (lastMethod ?? methodRoll()) : null;
    const needsBank = lastMethod === 'bank_deduction' || nowMethod === 'bank_deduction';
    const bank = needsBank ? SUPPORTED_BANKS[rnd.int(15)]! : null;
    const lastSpan = Math.max(0, Math.min(60, daysFrom(input.lastWindow.start, input.lastWindow.end) - 45));
    const thisLatest = input.today < input.thisWindow.end ? input.today : input.thisWindow.end;
    const thisSpan = Math.max(0, daysFrom(input.thisWindow.start, thisLatest));
    const road = rnd.pick(ROADS);
    return {
      k,
      kind,
      districtCode: d.code,
      districtName: d.name,
      streetCode: s.code ?? null,
      name,
      address: `${d.name}${s.name}${road} ${1 + rnd.int(400)} 号`,
      contactName: `${rnd.pick([...SURNAMES])}${school ? '老师' : '主任'}`,
      contactPhone: rnd.next() < 0.5 ? `0512${String(60000000 + rnd.int(9999999)).slice(-8)}` : `1${rnd.pick(['39', '38', '37', '58', '51', '88'])}${String(rnd.int(100000000)).padStart(8, '0')}`,
      uscc: usccBody + computeUsccCheckChar(usccBody),
      organisationCode,
      schoolCode: school ? `21${input.regionCode.slice(0, 2)}${String(100000 + k).slice(-6)}` : null,
      bankCode: bank?.code ?? null,
      bankAccount: bank ? `6222${String(input.seed % 1000).padStart(3, '0')}${String(k).padStart(6, '0')}${String(rnd.int(1000000)).padStart(6, '0')}` : null,
      operator,
      last: {
        mode: lastMode,
        method: lastMethod,
        // A few units paying as a whole never paid last year's settlement: their persons lapsed.
        lapsed: lastMode === 'unit_total' && rnd.next() < 0.04,
        declaredOn: addDays(input.lastWindow.start, rnd.int(lastSpan + 1)),
        payRate: kind === 'community_office' ? 0.8 + rnd.next() * 0.15 : 0.88 + rnd.next() * 0.115,
      },
      now: {
        stage,
        mode: nowMode,
        method: nowMethod,
        declaredOn: addDays(input.thisWindow.start, stage === 'finished' ? rnd.int(Math.max(1, Math.floor(thisSpan / 2))) : rnd.int(thisSpan + 1)),
        share: stage === 'declared' ? 0.4 + rnd.next() * 0.55 : 1,
        payRate: stage === 'finished' ? 0.85 + rnd.next() * 0.14 : 0.3 + rnd.next() * 0.4,
      },
    };
  });

  // Schools: grades 1–6 (01–06) or 7–9 (11–13), 2–8 classes per grade (fewer when the persons are few), ~40 a class.
  const pupilTarget = Math.round(input.persons * PERSON_SHARES.pupils);
  const kinderTarget = Math.round(input.persons * PERSON_SHARES.kindergarteners);
  type Slot = Omit<PlanClass, 'n' | 'start'> & { weight: number };
  const schoolGrades = units.filter((u) => u.kind === 'primary').length * 6 + units.filter((u) => u.kind === 'middle').length * 3;
  const kinderGrades = units.filter((u) => u.kind === 'kindergarten').length * 3;
  const avgClasses = (target: number, grades: number, perClass: number) => (grades ? target / (grades * perClass) : 0);
  const schoolAvg = avgClasses(pupilTarget, schoolGrades, 40);
  const kinderAvg = avgClasses(kinderTarget, kinderGrades, 30);
  const slots: { school: Slot[]; kinder: Slot[] } = { school: [], kinder: [] };
  for (const u of units) {
    if (u.kind === 'community_office') continue;
    const size = 0.55 + rnd.next() * 0.9; // big and small schools
    if (u.kind === 'kindergarten') {
      ['小', '中', '大'].forEach((stage, i) => {
        const age = 3 + i;
        const classes = clampClasses(kinderAvg * size + (rnd.next() - 0.5), 2, 5, kinderAvg);
        for (let c = 1; c <= classes; c++) {
          slots.kinder.push({
            unitK: u.k,
            gradeCode: '00',
            className: `${stage}${chineseNumber(c)}班`,
            entryYear: S - i,
            graduationYear: S + (6 - age),
            cohortStart: `${S - age - 1}-09-01`,
            weight: 26 + rnd.int(9),
          });
        }
      });
      continue;
    }
    const grades = u.kind === 'primary' ? [1, 2, 3, 4, 5, 6] : [7, 8, 9];
    for (const g of grades) {
      const classes = clampClasses(schoolAvg * size + (rnd.next() - 0.5), 2, 8, schoolAvg);
      const ordinal = u.kind === 'primary' ? g - 1 : g - 7;
      const entryYear = S - ordinal;
      for (let c = 1; c <= classes; c++) {
        slots.school.push({
          unitK: u.k,
          gradeCode: u.kind === 'primary' ? `0${g}` : String(4 + g),
          className: `${c}班`,
          entryYear,
          graduationYear: entryYear + (u.kind === 'primary' ? 6 : 3),
          // Grade g of school year S was born from September of S − 6 − g (a first-grader is 6 on 1 September).
          cohortStart: `${S - 6 - g}-09-01`,
          weight: 36 + rnd.int(10),
        });
      }
    }
  }
  const classes: PlanClass[] = [];
  let start = 0;
  for (const [list, target] of [[slots.school, pupilTarget], [slots.kinder, kinderTarget]] as const) {
    const sizes = apportion(target, list.map((s) => s.weight));
    list.forEach(({ weight: _w, ...slot }, i) => {
      const n = sizes[i]!;
      if (n > 0) classes.push({ ...slot, n, start });
      start += n;
    });
  }
  const pupils = classes.filter((c) => c.gradeCode !== '00').reduce((s, c) => s + c.n, 0);
  const kindergarteners = classes.filter((c) => c.gradeCode === '00').reduce((s, c) => s + c.n, 0);

  // Community offices: households of adults and minors not in school, until the persons add up.
  const residents = Math.max(0, input.persons - start);
  const communities = units.filter((u) => u.kind === 'community_office');
  const quotas = apportion(residents, communities.map(() => 0.6 + rnd.next() * 0.8));
  const households: PlanHousehold[] = [];
  const types = Object.entries(HOUSEHOLD_TYPES).map(([t, v]) => [Number(t) as HouseholdType, v.weight] as const);
  communities.forEach((u, i) => {
    let left = quotas[i]!;
    while (left > 0) {
      const type = rnd.weighted(types);
      const t = HOUSEHOLD_TYPES[type];
      const size = Math.min(left, rnd.pick(t.sizes));
      households.push({
        hh: households.length,
        unitK: u.k,
        type,
        size,
        start,
        headAge: rnd.between(t.headAge[0], t.headAge[1]),
        headMale: rnd.next() < 0.7,
        address: `${u.address.replace(/ \d+ 号$/, '')} ${1 + rnd.int(300)} 号 ${1 + rnd.int(20)} 幢 ${1 + rnd.int(6)}0${1 + rnd.int(4)} 室`,
      });
      start += size;
      left -= size;
    }
  });
  return { units, classes, households, pupils, kindergarteners, residents };
}

function clampClasses(x: number, lo: number, hi: number, avg: number) {
  // A small city (few persons per grade) has fewer classes than two; never fewer than one.
  const floor = avg < lo ? 1 : lo;
  return Math.max(floor, Math.min(hi, Math.round(x)));
}

function daysFrom(a: string, b: string) {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}
