import { z } from 'zod';
import { DOCUMENT_TYPE_CODES } from '../identity/documents';
import { GENDERS, HUKOU_TYPES, ZHukouType, type THukouType } from '../policy/profile';
import { HUKOU_SPECIAL_CASE_CODES } from '../registry/hukou-fill-in';
import { CARD_STATUS_NAMES, STOP_REASONS, type TCardStatus } from '../registry/membership';
import { ZIdParams, ZPageQuery, ZPaged, endpoint } from './contract';

/**
 * 参保人员: the register of persons (登记、修改、减员、转移), their exemption identities (减免身份), card photos, the
 * list's export and each person's timeline of units. Served by apps/server/src/modules/persons/persons.routes.ts.
 */

// --- Codes and labels ---

export const PERSON_STATUSES = ['active', 'stopped'] as const;
export const ZPersonStatus = z.enum(PERSON_STATUSES);
export type TPersonStatus = z.infer<typeof ZPersonStatus>;
export const PERSON_STATUS_NAMES: Record<TPersonStatus, string> = { active: '在册', stopped: '已减员' };

export const CARD_STATUSES = Object.keys(CARD_STATUS_NAMES) as [TCardStatus, ...TCardStatus[]];
export const ZCardStatus = z.enum(CARD_STATUSES);

/** Hukou types as the registration forms and the persons' roster name them (Beijing 002, Suzhou 000). */
export const PERSON_HUKOU_NAMES: Record<THukouType, string> = { local_urban: '本市城镇', local_rural: '本市农村', nonlocal: '外地' };

export const ZGender = z.enum(GENDERS);

/** How an exemption identity was certified: by a department's list, or on a certificate shown. */
export const EXEMPTION_SOURCES = ['department_list', 'document'] as const;
export const ZExemptionSource = z.enum(EXEMPTION_SOURCES);
export type TExemptionSource = z.infer<typeof ZExemptionSource>;
export const EXEMPTION_SOURCE_NAMES: Record<TExemptionSource, string> = { department_list: '部门名单', document: '凭证件认定' };

/**
 * Card photo limits. The social security card photo is 358×441 px; we accept anything from a little below that
 * (a phone crop) up to a camera original, JPEG or PNG, at most 1 MB, portrait or square.
 */
export const PHOTO_LIMITS = { maxBytes: 1024 * 1024, minWidth: 260, minHeight: 320, maxWidth: 3000, maxHeight: 4000 } as const;
export const PHOTO_TYPES = ['image/jpeg', 'image/png'] as const;

const XLSX = ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'] as const;

// --- Shapes ---

export const ZPersonListItem = z.object({
  id: z.uuid(),
  name: z.string(),
  documentType: z.string(),
  documentTypeName: z.string(),
  /** Masked unless revealed (an audited action); a newborn's temporary number (LS…) is never masked. */
  documentNumber: z.string(),
  /** A newborn's temporary number, to be replaced by the real document later. */
  isTemporaryNumber: z.boolean(),
  gender: ZGender,
  birthDate: z.string(),
  unitId: z.uuid().nullable(),
  unitName: z.string().nullable(),
  gradeCode: z.string().nullable(),
  className: z.string().nullable(),
  studentNumber: z.string().nullable(),
  hukouType: ZHukouType,
  /** Where a community finds its residents: the hukou address. */
  hukouAddress: z.string().nullable(),
  status: ZPersonStatus,
  stopReason: z.string().nullable(),
  /** The date of the stop (减员): a unit still reads the persons it stopped this year and last, read-only. */
  stoppedOn: z.string().nullable(),
  cardStatus: ZCardStatus,
});
export type TPersonListItem = z.infer<typeof ZPersonListItem>;

export const ZPersonExemption = z.object({
  id: z.uuid(),
  categoryCode: z.string(),
  categoryName: z.string(),
  certifyingDepartment: z.string(),
  certificateName: z.string().nullable(),
  certificateNumber: z.string().nullable(),
  validFrom: z.string(),
  validTo: z.string().nullable(),
  source: ZExemptionSource,
});
export type TPersonExemption = z.infer<typeof ZPersonExemption>;

export const ZPersonDetail = ZPersonListItem.extend({
  ethnicity: z.string().nullable(),
  hukouDistrictCode: z.string().nullable(),
  hukouDistrictName: z.string().nullable(),
  hukouStreetCode: z.string().nullable(),
  hukouStreetName: z.string().nullable(),
  hukouAddress: z.string().nullable(),
  hukouSpecialCase: z.enum(HUKOU_SPECIAL_CASE_CODES).nullable(),
  residencePermitSince: z.string().nullable(),
  /** 户籍迁入: the former hukou place and the date of the move, or null. */
  inflow: z.object({ from: z.string(), on: z.string() }).nullable(),
  /** Masked unless revealed, as the guardian's. */
  phone: z.string().nullable(),
  guardian: z.object({ name: z.string(), relation: z.string().nullable(), phone: z.string().nullable() }).nullable(),
  entryYear: z.number().int().nullable(),
  expectedGraduationYear: z.number().int().nullable(),
  designatedInstitutions: z.array(z.string()),
  pointsEligibility: z.object({ appliedOn: z.string(), approved: z.boolean(), decidedOn: z.string().nullable() }).nullable(),
  exemptions: z.array(ZPersonExemption),
  photo: z.object({ mime: z.string(), width: z.number().int(), height: z.number().int(), sizeBytes: z.number().int(), uploadedAt: z.iso.datetime() }).nullable(),
  /** Suzhou (000, 四.8): children aged 7 and over without a card need a photo for card production. */
  needsPhotoForCard: z.boolean(),
  /** False for a pupil on the school's 未参保 list (registered, not enrolling through the unit). */
  enrollsThroughUnit: z.boolean(),
  notEnrolledReason: z.string().nullable(),
  /** Marked by a leaver list (graduated …): flagged at the next declaration. */
  leaving: z.object({ reason: z.string(), reasonName: z.string(), on: z.string().nullable() }).nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type TPersonDetail = z.infer<typeof ZPersonDetail>;

/** The units a person belonged to, and the audited actions on the record. */
export const ZPersonTimeline = z.object({
  memberships: z.array(
    z.object({
      unitId: z.string(),
      unitName: z.string(),
      startedOn: z.string(),
      endedOn: z.string().nullable(),
      endReason: z.string().nullable(),
      endReasonName: z.string().nullable(),
    }),
  ),
  events: z.array(z.object({ action: z.string(), at: z.string(), actor: z.string().nullable() })),
});
export type TPersonTimeline = z.infer<typeof ZPersonTimeline>;

export const ZPersonPhoto = z.object({ mime: z.string(), width: z.number().int(), height: z.number().int(), sizeBytes: z.number().int(), uploadedAt: z.string() });
export type TPersonPhoto = z.infer<typeof ZPersonPhoto>;

/** `details.holder` of the 409 a second registration of one document number gets. */
export interface TPersonHolder {
  unitName: string | null;
  maskedName?: string;
  /** Only for the agency, which may act on the record (and for the unit's own person). */
  personId?: string;
  sameUnit?: boolean;
  canTransfer?: boolean;
}

const ZDay = z.iso.date({ message: '日期格式应为 YYYY-MM-DD' });
const text = (max: number) => z.string().trim().max(max).nullable().optional();
const ZYear = z.int().min(1900).max(2100);
const ZDocumentTypeCode = z.enum(DOCUMENT_TYPE_CODES, { message: '证件类型代码不正确' });

/** The fields of POST /persons and PATCH /persons/:id; null clears an optional field. */
export const ZPersonFields = z.object({
  name: z.string().trim().min(1, '请填写姓名').max(70),
  gender: ZGender.optional(),
  birthDate: ZDay.optional(),
  ethnicity: text(20),
  hukouType: z.enum(HUKOU_TYPES, { message: '户籍类型应为 本市城镇 / 本市农村 / 外地' }),
  hukouDistrictCode: z.string().regex(/^\d{6}$/, '户籍区县代码应为 6 位数字').nullable().optional(),
  hukouStreetCode: z.string().regex(/^\d{9}$/, '户籍街道代码应为 9 位数字').nullable().optional(),
  hukouAddress: text(200),
  hukouSpecialCase: z.enum(HUKOU_SPECIAL_CASE_CODES).nullable().optional(),
  residencePermitSince: ZDay.nullable().optional(),
  /** 户籍迁入 (Nantong 004 四.1): from where and when; null clears it. */
  inflow: z.object({ from: z.string().trim().min(1, '请填写迁入前户籍地').max(100, '迁入前户籍地不超过 100 字'), on: ZDay }).nullable().optional(),
  phone: text(30),
  guardian: z.object({ name: z.string().trim().min(1).max(70), relation: text(20), phone: text(30) }).nullable().optional(),
  gradeCode: z.string().regex(/^\d{2}$/, '年级代码应为两位数字（01–06 小学 …）').nullable().optional(),
  className: text(30),
  studentNumber: text(40),
  entryYear: ZYear.nullable().optional(),
  expectedGraduationYear: ZYear.nullable().optional(),
  designatedInstitutions: z.array(z.string().trim().min(1).max(100)).max(5, '定点医疗机构最多 5 家').optional(),
  cardStatus: ZCardStatus.optional(),
  /** 积分入医: applied on, approved or not, decided on. */
  pointsEligibility: z.object({ appliedOn: ZDay, approved: z.boolean(), decidedOn: ZDay.nullable().optional() }).nullable().optional(),
});
export type TPersonFieldsInput = z.input<typeof ZPersonFields>;

export const ZRegisterPerson = ZPersonFields.extend({
  documentType: ZDocumentTypeCode,
  documentNumber: z.string().trim().min(1).max(40).optional(),
  /** A newborn without an ID number yet: the server issues a temporary number. */
  temporaryNumber: z.boolean().optional(),
  /** The agency registers into a chosen unit; a unit operator always into their own. */
  unitId: z.uuid().optional(),
});
export type TRegisterPersonInput = z.input<typeof ZRegisterPerson>;

/** The filters of the persons list and its export. */
export const ZPersonListFilter = z.object({
  /** A name, a full document number, a student number or a class. */
  q: z.string().trim().max(40).optional(),
  unitId: z.uuid().optional(),
  gradeCode: z.string().regex(/^\d{2}$/).optional(),
  className: z.string().trim().max(30).optional(),
  status: ZPersonStatus.optional(),
});

export const ZStopPerson = z.object({
  reason: z.enum(STOP_REASONS, { message: '减员原因不正确' }),
  date: ZDay.optional(),
  note: z.string().trim().max(200).optional(),
});
export type TStopPersonInput = z.input<typeof ZStopPerson>;

export const ZTransferPerson = z.object({ unitId: z.uuid(), date: ZDay.optional() });
export type TTransferPersonInput = z.input<typeof ZTransferPerson>;

export const ZRealDocument = z.object({ documentType: ZDocumentTypeCode, documentNumber: z.string().trim().min(1).max(40) });
export type TRealDocumentInput = z.input<typeof ZRealDocument>;

export const ZExemptionInput = z.object({
  categoryCode: z.string().trim().min(1).max(64),
  certifyingDepartment: z.string().trim().min(1, '请填写认定部门').max(50),
  certificateName: text(50),
  certificateNumber: text(50),
  validFrom: ZDay,
  validTo: ZDay.nullable().optional(),
  source: ZExemptionSource,
});
export type TExemptionInput = z.input<typeof ZExemptionInput>;

const ZPersonAnswer = z.object({ person: ZPersonDetail });

// --- Endpoints ---

const staff = { roles: ['agency_admin', 'unit_operator', 'collector'] } as const;
const editors = { roles: ['agency_admin', 'unit_operator'], params: { id: 'person' } } as const;

/** POST /persons/:id/reveal: why the full numbers are needed (kept in the audit row). */
export const ZRevealInput = z.object({ reason: z.string({ message: '请说明查看完整号码的原因' }).trim().min(2, '请说明查看完整号码的原因').max(200, '原因最多 200 字') });
export type TRevealInput = z.input<typeof ZRevealInput>;

/** GET /persons/classes: the classes of the unit's (or a chosen unit's) persons on the roll, to pick from. */
export const ZPersonClassesQuery = z.object({ unitId: z.uuid().optional(), gradeCode: z.string().trim().max(4).optional() });
export const ZPersonClasses = z.object({ items: z.array(z.object({ gradeCode: z.string().nullable(), className: z.string(), count: z.number().int() })) });
export type TPersonClasses = z.infer<typeof ZPersonClasses>;

/** GET /persons/streets: the hukou streets of the unit's (or a chosen unit's) persons on the roll, to pick from. */
export const ZPersonStreetsQuery = z.object({ unitId: z.uuid({ message: '单位编号格式不正确' }).optional() });
export const ZPersonStreets = z.object({ items: z.array(z.object({ code: z.string(), name: z.string(), count: z.number().int() })) });
export type TPersonStreets = z.infer<typeof ZPersonStreets>;

export const personsApi = {
  list: endpoint({
    method: 'GET',
    path: '/api/v1/persons',
    access: staff,
    tags: ['persons'],
    summary: '参保人员列表（证件号码、电话脱敏）；q 可为姓名、完整证件号码、学号或班级',
    query: ZPageQuery.extend(ZPersonListFilter.shape),
    responses: { 200: ZPaged(ZPersonListItem) },
  }),
  export: endpoint({
    method: 'GET',
    path: '/api/v1/persons/export',
    access: staff,
    tags: ['persons'],
    summary: '导出参保人员（xlsx，筛选条件同列表；证件号码、电话脱敏；记入审计日志）',
    query: ZPersonListFilter,
    responses: {},
    file: XLSX,
  }),
  classes: endpoint({
    method: 'GET',
    path: '/api/v1/persons/classes',
    access: { roles: ['agency_admin', 'unit_operator'] },
    tags: ['persons'],
    summary: '在册人员的班级（按年级），供整班申报选择',
    query: ZPersonClassesQuery,
    responses: { 200: ZPersonClasses },
  }),
  streets: endpoint({
    method: 'GET',
    path: '/api/v1/persons/streets',
    access: { roles: ['agency_admin', 'unit_operator'] },
    tags: ['persons'],
    summary: '在册人员的户籍街道（社区按街道查看和催缴），附人数',
    query: ZPersonStreetsQuery,
    responses: { 200: ZPersonStreets },
  }),
  register: endpoint({
    method: 'POST',
    path: '/api/v1/persons',
    access: { roles: ['agency_admin', 'unit_operator'] },
    tags: ['persons'],
    summary: '参保人员基本信息登记（同一证件号码在本统筹区只能登记一次；已停保人员由新单位转入）',
    body: ZRegisterPerson,
    responses: { 201: z.object({ person: ZPersonDetail, transferredIn: z.boolean() }) },
  }),
  get: endpoint({
    method: 'GET',
    path: '/api/v1/persons/:id',
    access: { ...staff, params: { id: 'person' } },
    tags: ['persons'],
    summary: '人员详情（脱敏）',
    params: ZIdParams,
    responses: { 200: ZPersonAnswer },
  }),
  reveal: endpoint({
    method: 'POST',
    path: '/api/v1/persons/:id/reveal',
    access: editors,
    tags: ['persons'],
    summary: '查看完整证件号码和电话：须说明原因，原因记入审计日志',
    params: ZIdParams,
    body: ZRevealInput,
    responses: { 200: ZPersonAnswer },
  }),
  update: endpoint({
    method: 'PATCH',
    path: '/api/v1/persons/:id',
    access: editors,
    tags: ['persons'],
    summary: '修改人员信息（证件号码推导的出生日期、性别不可改）',
    params: ZIdParams,
    body: ZPersonFields.partial(),
    responses: { 200: ZPersonAnswer },
  }),
  stop: endpoint({
    method: 'POST',
    path: '/api/v1/persons/:id/stop',
    access: editors,
    tags: ['persons'],
    summary: '停保/减员（毕业、迁出、死亡、参加职工医保…），保留历史',
    params: ZIdParams,
    body: ZStopPerson,
    responses: { 204: z.null() },
  }),
  transfer: endpoint({
    method: 'POST',
    path: '/api/v1/persons/:id/transfer',
    access: { roles: ['agency_admin'], params: { id: 'person' } },
    tags: ['persons'],
    summary: '转移到本统筹区另一单位（经办机构）',
    params: ZIdParams,
    body: ZTransferPerson,
    responses: { 200: ZPersonAnswer },
  }),
  setDocument: endpoint({
    method: 'POST',
    path: '/api/v1/persons/:id/document',
    access: editors,
    tags: ['persons'],
    summary: '新生儿临时编号换为正式证件号码（记录保持不变）',
    params: ZIdParams,
    body: ZRealDocument,
    responses: { 200: ZPersonAnswer },
  }),
  timeline: endpoint({
    method: 'GET',
    path: '/api/v1/persons/:id/timeline',
    access: { roles: 'any', params: { id: 'person' } },
    tags: ['persons'],
    summary: '人员单位变动时间线',
    params: ZIdParams,
    responses: { 200: ZPersonTimeline },
  }),
  addExemption: endpoint({
    method: 'POST',
    path: '/api/v1/persons/:id/exemptions',
    access: editors,
    tags: ['persons'],
    summary: '登记减免身份（类别须为本统筹区政策方案中的类别）',
    params: ZIdParams,
    body: ZExemptionInput,
    responses: { 201: ZPersonAnswer },
  }),
  removeExemption: endpoint({
    method: 'DELETE',
    path: '/api/v1/persons/:id/exemptions/:exemptionId',
    access: { roles: ['agency_admin', 'unit_operator'], params: { id: 'person', exemptionId: 'exemption' } },
    tags: ['persons'],
    summary: '删除减免身份',
    params: z.object({ id: z.uuid(), exemptionId: z.uuid() }),
    responses: { 204: z.null() },
  }),
  uploadPhoto: endpoint({
    method: 'PUT',
    path: '/api/v1/persons/:id/photo',
    access: editors,
    tags: ['persons'],
    summary: '上传制卡照片（请求体为 image/jpeg 或 image/png 原始文件，≤1 MB，至少 260×320 像素，竖幅）',
    params: ZIdParams,
    upload: PHOTO_TYPES,
    responses: { 200: ZPersonPhoto },
  }),
  photo: endpoint({
    method: 'GET',
    path: '/api/v1/persons/:id/photo',
    access: editors,
    tags: ['persons'],
    summary: '制卡照片（图片）',
    params: ZIdParams,
    responses: {},
    file: PHOTO_TYPES,
  }),
  deletePhoto: endpoint({
    method: 'DELETE',
    path: '/api/v1/persons/:id/photo',
    access: editors,
    tags: ['persons'],
    summary: '删除制卡照片',
    params: ZIdParams,
    responses: { 204: z.null() },
  }),
};
