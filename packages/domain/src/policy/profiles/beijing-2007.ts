import type { TPolicyProfile } from '../profile';

const N = '002';
const TITLE = '通知标题';
const S3 = '三';
const S5 = '五';
const S6 = '六';
const S7 = '七';
const S9 = '九';
const S10 = '十';
const S11 = '十一';
const S12 = '十二';
const S13 = '十三';
const S14 = '十四';

// The notice states no amounts. Public sources on Beijing's 2007 scheme: ILO Social Security Inquiry wiki
// "HIUR schemes in Beijing" (social-protection.org, ShowWiki id=329, citing Ying Lijuan 2007) and CRI / China.org
// of 2007-05-11 ("100 yuan per annum premium will be split equally between families and the government";
// elderly "women over 50 years old and men over 60 … contribute 300 yuan annually").
const PUBLIC_REF =
  'ILO GESS wiki “HIUR schemes in Beijing” (social-protection.org ShowWiki id=329); CRI/China.org.cn 2007-05-11 “Beijing Insurance Net Extended to Most Vulnerable”';

/**
 * Beijing, urban elderly without medical cover and students/children, 2007 (school year 2007–2008) —
 * 京社保发[2007]42号 (seed 002). The notice is procedural: it has no fee amounts, which come from public
 * sources and are all marked unsure. Benefit starts are stated (students 1 September, elderly 1 October);
 * the ends are inferred as one year later.
 */
export const BEIJING_2007: TPolicyProfile = {
  id: 'beijing-2007',
  name: '北京市 2007 年城镇无医疗保障老年人和学生儿童大病医疗保险',
  regionCode: '110000',
  regionName: '北京市',
  insuranceYear: 2007,
  template: false,
  coveredPopulation: '本市城镇无医疗保障老年人（男满60周岁、女满50周岁）；各类学校与托幼机构的学生儿童及本市城镇户籍不在校儿童',
  sourceNotice: {
    fileId: '002_0ea9c0c2b53ae74a',
    title: '关于经办本市城镇无医疗保障老年人和学生儿童参保与缴费业务有关问题的通知',
    documentNumber: '京社保发[2007]42号',
    issuer: '北京市社会保险基金管理中心',
  },
  declarationWindow: {
    start: '2007-07-01',
    end: '2007-09-30',
    source: {
      notice: N,
      section: `${S10}、${S14}`,
      quote: '建议学校在每年暑假前（7月1日至放假日）对继续留校的学生先进行收费……确保在9月份内完成本辖区的参保与缴费任务',
    },
    note: '区县社保中心自2007年9月5日起接收报送信息（十二）；街道社保所委托银行扣款于2007年9月11日集中扣缴（十二）',
  },
  lateEnrollment: {
    allowed: false,
    note: '通知未规定逾期参保办法；转学、升学学生按规定的流程与时限办理（六）',
    source: { notice: N, section: S14, quote: '确保在9月份内完成本辖区的参保与缴费任务' },
  },
  benefitPeriod: {
    kind: 'custom',
    start: '2007-09-01',
    end: '2008-08-31',
    source: { notice: N, section: S10, quote: '便于保证学生能从每年9月1日起进行就医治疗' },
    unsure: true,
    note: '起始日为通知所载；截止日按一个学年推定',
  },
  newborn: null,
  ageReference: {
    on: 'apply_date',
    source: { notice: N, section: TITLE },
    unsure: true,
    note: '通知未规定年龄计算日，按申报日计算',
  },
  flags: [
    {
      code: 'borrowing_fee_exempt',
      name: '享受免收借读费的非本市城镇户籍自愿参保学生',
      source: {
        notice: N,
        section: S7,
        quote: '属于市教育行政部门规定的享受免收借读费的非本市城镇户籍自愿参保的学生，由其借读的学校为其办理参保缴费手续',
      },
    },
  ],
  categories: [
    {
      code: 'student_child',
      name: '学生儿童',
      select: [{ inSchool: true }, { inSchool: false, ageMax: 17 }],
      parts: [
        {
          code: 'basic',
          name: '学生儿童大病医疗保险费（个人缴费）',
          amountFen: 5000,
          source: { notice: 'public', section: '北京 2007 学生儿童大病医疗保险筹资', reference: PUBLIC_REF },
          unsure: true,
        },
      ],
      totalFen: 5000,
      source: { notice: 'public', section: '北京 2007 学生儿童大病医疗保险筹资', reference: PUBLIC_REF },
      unsure: true,
      note: '每人每年 100 元，家庭与财政各负担 50 元；此处为个人缴纳部分',
    },
    {
      code: 'elderly',
      name: '城镇无医疗保障老年人',
      select: [
        { inSchool: false, genders: ['male'], ageMin: 60 },
        { inSchool: false, genders: ['female'], ageMin: 50 },
      ],
      parts: [
        {
          code: 'basic',
          name: '老年人大病医疗保险费（个人缴费）',
          amountFen: 30000,
          source: { notice: 'public', section: '北京 2007 无医疗保障老年人大病医疗保险筹资', reference: PUBLIC_REF },
          unsure: true,
        },
      ],
      totalFen: 30000,
      benefitPeriod: {
        kind: 'custom',
        start: '2007-10-01',
        end: '2008-09-30',
        source: { notice: N, section: S13, quote: '确保其10月1日起持医疗保险手册就医' },
        unsure: true,
        note: '起始日为通知所载；截止日按一年推定',
      },
      source: { notice: 'public', section: '北京 2007 无医疗保障老年人大病医疗保险筹资', reference: PUBLIC_REF },
      unsure: true,
      note: '个人每年 300 元，财政补助 1100 元；年龄条件（男满60、女满50周岁）亦取自公开资料',
    },
  ],
  identities: [
    {
      code: 'living_hardship',
      name: '享受本市居民生活困难补助待遇人员',
      aliases: ['生活困难补助', '低保', '低保对象', '困难补助'],
      certifyingDepartment: '民政部门',
      subsidy: { kind: 'full' },
      conditions: {
        acceptedEvidence: ['certificate'],
        certificateName: '《北京市城市居民生活困难补助金领取证》及《居民户口簿》户主与本人信息页（原件与复印件）',
      },
      source: {
        notice: N,
        section: S9,
        quote: '享受本市居民生活困难补助待遇的参保人员，应向学校与托幼机构及街道社保所提供《北京市城市居民生活困难补助金领取证》',
      },
      unsure: true,
      note: `个人缴费由财政全额补助取自公开资料（${PUBLIC_REF}：“If the insured family is recipient of social assistance, the contributions will be exempted”）；学校在《学校版》软件补录财政补助标识（五）`,
    },
  ],
  paths: [
    {
      path: 'school',
      name: '学校与托幼机构（《学校版》软件）',
      when: [{ inSchool: true }],
      source: { notice: N, section: `${S3}、${S6}`, quote: '学校收齐后通过《学校版》软件进行相关信息录入登记' },
      note: '具有本市户籍的借读生可在学籍注册学校或借读学校参保缴费（七）',
    },
    {
      path: 'community',
      name: '街道（乡镇）社会保障事务所（医疗保险代理处，《街道版》软件）',
      when: [{}],
      source: { notice: N, section: `一、${S12}`, quote: '单位名称统一填写“某某区县某街道（乡镇）医疗保险代理处”' },
    },
  ],
  eligibility: {
    exclusions: [
      {
        code: 'nonlocal_student',
        when: { inSchool: true, hukouTypes: ['nonlocal'] },
        exceptFlags: ['borrowing_fee_exempt'],
        message: '非本市户籍在校学生，仅享受免收借读费的借读生可自愿参保，由借读学校办理',
        source: { notice: N, section: S7, quote: '属于市教育行政部门规定的享受免收借读费的非本市城镇户籍自愿参保的学生' },
      },
      {
        code: 'not_urban_hukou',
        when: { inSchool: false, hukouTypes: ['local_rural', 'nonlocal'] },
        message: '不在校人员须具有本市城镇户籍',
        source: { notice: N, section: TITLE, quote: '本市城镇无医疗保障老年人和学生儿童' },
        unsure: true,
        note: '通知标题限定“本市城镇”，农村居民参加新型农村合作医疗',
      },
      {
        code: 'working_age_male',
        when: { inSchool: false, ageMin: 18, ageMax: 59, genders: ['male'] },
        message: '劳动年龄内的居民（男 18–59 周岁）不在 2007 年参保范围',
        source: { notice: 'public', section: '北京 2007 参保范围', reference: PUBLIC_REF },
        unsure: true,
      },
      {
        code: 'working_age_female',
        when: { inSchool: false, ageMin: 18, ageMax: 49, genders: ['female'] },
        message: '劳动年龄内的居民（女 18–49 周岁）不在 2007 年参保范围',
        source: { notice: 'public', section: '北京 2007 参保范围', reference: PUBLIC_REF },
        unsure: true,
      },
    ],
    coveredElsewhere: {
      message: '已有医疗保障（含参加工作后的职工基本医疗保险）的人员不属于参保对象',
      source: { notice: N, section: `${TITLE}、${S11}`, quote: '城镇无医疗保障老年人……参加工作或自谋职业后……办理基本医疗保险参保手续' },
    },
  },
  registration: {
    firstTimeRequired: true,
    continuingExempt: true,
    channels: [
      {
        name: '学校通过《学校版》软件录入《个人参加城镇居民大病医疗保险信息登记表》（附近期一寸免冠彩色照片）',
        when: [{ inSchool: true }],
        source: { notice: N, section: S3, quote: '将已签字并粘贴好照片……的《个人参加城镇居民大病医疗保险信息登记表》和一张照片……交给学校' },
      },
      {
        name: '街道社保所通过《街道版》软件登记',
        when: [{}],
        source: { notice: N, section: S3, quote: '托幼机构与街道社保所参照上述要求具体规定参保人员报表与交照片的时限' },
      },
    ],
    source: { notice: N, section: S5, quote: '已转换好的信息（仅限继续留校的学生信息）' },
  },
  hukouSpecialCases: ['bda', 'university_collective', 'borrowing_student'],
  unitNaming: {
    schoolSuffix: '学生儿童医保',
    streetOfficeSuffix: '医疗保险代理处',
    source: { notice: N, section: '一', quote: '各类学校与托幼机构在进行社会保险登记与医疗保险登记时，在单位名称的后面统一加以下中文“学生儿童医保”' },
  },
  waitingPeriod: {
    kind: 'none',
    source: { notice: N, section: S13, quote: '对已缴费因病急需就医的学生儿童，区县社保中心也应优先打印《就诊信息表》' },
  },
  notes: [
    '区县社保中心 7 月 20 日前报送学校名称、社会保险登记证编码、组织机构代码及学校代码（五）。',
    '优先为无医疗保障老年人打印《就诊信息表》，9 月 30 日前发放医疗保险手册（十三）。',
  ],
};
