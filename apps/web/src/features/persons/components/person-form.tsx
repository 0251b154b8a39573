import { useRegionProfile } from '../../policies/hooks/use-profiles';
import {
  CARD_STATUS_NAMES,
  DOCUMENT_TYPES,
  GRADES,
  HUKOU_SPECIAL_CASES,
  GENDER_NAMES,
  HUKOU_TYPES,
  PERSON_HUKOU_NAMES,
  isDocumentType,
  parsePhoneNumber,
  validatePersonName,
  type TCardStatus,
  type TDocumentType,
  type THukouSpecialCase,
  type THukouType,
  type TPersonDetail,
} from '@canbao/domain';
import {
  AutoComplete,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  Typography,
  type FormInstance,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo } from 'react';
import { checkRule } from '../../../lib/check-rule';
import { cityToday, dayjs, DATE_FORMAT } from '../../../lib/datetime';
import { DivisionPicker } from '../../divisions/components/division-picker';
import { ETHNICITIES, deriveFromDocument, type TDerivation } from '../labels';
import type { PersonFieldsInput, RegisterPersonInput } from '../api';

/** The form's own shape: dates as Dayjs, the guardian flattened. */
export interface PersonFormValues {
  unitId?: string;
  documentType: TDocumentType;
  documentNumber?: string;
  temporaryNumber?: boolean;
  birthDate?: Dayjs | null;
  gender?: 'male' | 'female';
  name: string;
  ethnicity?: string;
  phone?: string;
  guardianName?: string;
  guardianRelation?: string;
  guardianPhone?: string;
  hukouType: THukouType;
  hukouDivision?: string | null;
  hukouAddress?: string;
  hukouSpecialCase?: THukouSpecialCase | null;
  residencePermitSince?: Dayjs | null;
  inflowFrom?: string;
  inflowOn?: Dayjs | null;
  gradeCode?: string | null;
  className?: string;
  studentNumber?: string;
  entryYear?: number | null;
  expectedGraduationYear?: number | null;
  cardStatus?: TCardStatus;
  designatedInstitutions?: string[];
  pointsAppliedOn?: Dayjs | null;
  pointsApproved?: boolean;
  pointsDecidedOn?: Dayjs | null;
}

/** Form field names the API's `details[].path` can point at. */
export const PERSON_FORM_FIELDS = [
  'unitId',
  'documentType',
  'documentNumber',
  'temporaryNumber',
  'birthDate',
  'gender',
  'name',
  'ethnicity',
  'phone',
  'guardianName',
  'hukouType',
  'hukouDivision',
  'hukouAddress',
  'hukouSpecialCase',
  'residencePermitSince',
  'inflowFrom',
  'inflowOn',
  'gradeCode',
  'className',
  'studentNumber',
  'entryYear',
  'expectedGraduationYear',
  'cardStatus',
  'designatedInstitutions',
  'pointsAppliedOn',
] as const satisfies readonly (keyof PersonFormValues)[];

/** API paths that land on a differently named form field. */
export const PERSON_FIELD_ALIASES = {
  hukouDistrictCode: 'hukouDivision',
  hukouStreetCode: 'hukouDivision',
  'guardian.name': 'guardianName',
  'guardian.phone': 'guardianName',
  'pointsEligibility.appliedOn': 'pointsAppliedOn',
  'pointsEligibility.decidedOn': 'pointsAppliedOn',
  'inflow.from': 'inflowFrom',
  'inflow.on': 'inflowOn',
  inflow: 'inflowFrom',
} as const;

const DOCUMENT_TYPE_OPTIONS = Object.entries(DOCUMENT_TYPES).map(([value, label]) => ({ value, label: `${value} ${label}` }));
const GRADE_OPTIONS = GRADES.map((g) => ({ value: g.code, label: `${g.code} ${g.name}` }));
const CARD_OPTIONS = Object.entries(CARD_STATUS_NAMES).map(([value, label]) => ({ value, label }));
const ETHNICITY_OPTIONS = ETHNICITIES.map((value) => ({ value }));

const nameRule = checkRule((v) => validatePersonName(v));
const phoneRule = checkRule((v) => parsePhoneNumber(v));

const text = (v: string | undefined | null) => {
  const t = v?.trim();
  return t ? t : null;
};
const day = (d: Dayjs | null | undefined) => (d ? d.format(DATE_FORMAT) : null);

/** The body fields shared by registration and editing. */
export function toPersonFields(v: PersonFormValues): PersonFieldsInput {
  const division = v.hukouDivision ?? null;
  return {
    name: v.name.trim(),
    ethnicity: text(v.ethnicity),
    phone: text(v.phone),
    guardian: text(v.guardianName)
      ? { name: v.guardianName!.trim(), relation: text(v.guardianRelation), phone: text(v.guardianPhone) }
      : null,
    hukouType: v.hukouType,
    hukouDistrictCode: division ? division.slice(0, 6) : null,
    hukouStreetCode: division && division.length === 9 ? division : null,
    hukouAddress: text(v.hukouAddress),
    hukouSpecialCase: v.hukouSpecialCase ?? null,
    residencePermitSince: v.hukouType === 'nonlocal' ? day(v.residencePermitSince) : null,
    inflow: v.hukouType !== 'nonlocal' && text(v.inflowFrom) && v.inflowOn ? { from: text(v.inflowFrom)!, on: day(v.inflowOn)! } : null,
    gradeCode: v.gradeCode ?? null,
    className: text(v.className),
    studentNumber: text(v.studentNumber),
    entryYear: v.entryYear ?? null,
    expectedGraduationYear: v.expectedGraduationYear ?? null,
    designatedInstitutions: (v.designatedInstitutions ?? []).map((s) => s.trim()).filter(Boolean),
    ...(v.cardStatus ? { cardStatus: v.cardStatus } : {}),
    pointsEligibility: v.pointsAppliedOn
      ? { appliedOn: v.pointsAppliedOn.format(DATE_FORMAT), approved: !!v.pointsApproved, decidedOn: day(v.pointsDecidedOn) }
      : null,
  };
}

export function toRegisterInput(v: PersonFormValues, derivation: TDerivation): RegisterPersonInput {
  const derived = derivation.state === 'valid' && derivation.birthDate;
  return {
    ...toPersonFields(v),
    ...(v.unitId ? { unitId: v.unitId } : {}),
    documentType: v.temporaryNumber ? '99' : v.documentType,
    ...(v.temporaryNumber ? { temporaryNumber: true } : { documentNumber: (v.documentNumber ?? '').trim() }),
    // Birth date and gender are sent only when the document does not carry them.
    ...(!derived && v.birthDate ? { birthDate: v.birthDate.format(DATE_FORMAT) } : {}),
    ...(!derived && v.gender ? { gender: v.gender } : {}),
  };
}

export function toFormValues(p: TPersonDetail): PersonFormValues {
  return {
    // Not shown when editing (the document changes only by replacing a temporary number).
    documentType: isDocumentType(p.documentType) ? p.documentType : '99',
    documentNumber: p.documentNumber,
    name: p.name,
    ethnicity: p.ethnicity ?? undefined,
    phone: undefined,
    guardianName: p.guardian?.name,
    guardianRelation: p.guardian?.relation ?? undefined,
    hukouType: p.hukouType,
    hukouDivision: p.hukouStreetCode ?? p.hukouDistrictCode,
    hukouAddress: p.hukouAddress ?? undefined,
    hukouSpecialCase: p.hukouSpecialCase,
    residencePermitSince: p.residencePermitSince ? dayjs(p.residencePermitSince) : null,
    inflowFrom: p.inflow?.from,
    inflowOn: p.inflow ? dayjs(p.inflow.on) : null,
    gradeCode: p.gradeCode,
    className: p.className ?? undefined,
    studentNumber: p.studentNumber ?? undefined,
    entryYear: p.entryYear,
    expectedGraduationYear: p.expectedGraduationYear,
    cardStatus: p.cardStatus,
    designatedInstitutions: p.designatedInstitutions,
    pointsAppliedOn: p.pointsEligibility ? dayjs(p.pointsEligibility.appliedOn) : null,
    pointsApproved: p.pointsEligibility?.approved ?? false,
    pointsDecidedOn: p.pointsEligibility?.decidedOn ? dayjs(p.pointsEligibility.decidedOn) : null,
  };
}

/** The live derivation of the document field, for the form and its submit handler. */
export function useDocumentDerivation(form: FormInstance<PersonFormValues>): TDerivation {
  const type = Form.useWatch('documentType', form) ?? '01';
  const number = Form.useWatch('documentNumber', form) ?? '';
  const temporary = Form.useWatch('temporaryNumber', form) ?? false;
  return useMemo(() => (temporary ? { state: 'empty' } : deriveFromDocument(type, number, cityToday())), [type, number, temporary]);
}

function DerivedFields({ derivation }: { derivation: TDerivation }) {
  if (derivation.state !== 'valid' || !derivation.birthDate) return null;
  return (
    <Descriptions
      data-testid="derived-fields"
      size="small"
      column={3}
      bordered
      style={{ marginBottom: 16 }}
      items={[
        { key: 'birthDate', label: '出生日期', children: derivation.birthDate },
        { key: 'gender', label: '性别', children: derivation.gender ? GENDER_NAMES[derivation.gender] : '' },
        { key: 'age', label: '年龄', children: `${derivation.age ?? ''} 周岁` },
      ]}
    />
  );
}

export interface PersonFormProps {
  form: FormInstance<PersonFormValues>;
  mode: 'create' | 'edit';
  regionCode: string;
  /** The unit select, for the agency registering into a unit (create only). */
  unitField?: React.ReactNode;
  onFinish: (values: PersonFormValues) => void;
  initialValues?: Partial<PersonFormValues>;
  derivation: TDerivation;
}

/**
 * The person form: document (create only; birth date and gender are derived from it, never typed, unless the
 * document does not carry them), name and contact, hukou, school placement and card. Every field checks what the
 * API checks, with the same validators and messages.
 */
export function PersonForm({ form, mode, regionCode, unitField, onFinish, initialValues, derivation }: PersonFormProps) {
  const temporary = Form.useWatch('temporaryNumber', form) ?? false;
  const hukouType = Form.useWatch('hukouType', form);
  // Only the special cases the region's own notice defines: none in a city without such rules.
  const regionProfile = useRegionProfile();
  const offered = regionProfile?.hukouSpecialCases ?? [];
  // What the region's own profile asks of a non-local resident's permit, beside the field that records it.
  const permit = regionProfile?.eligibility.residencePermit;
  const permitRule = permit?.hukouTypes.includes('nonlocal')
    ? permit.minMonths > 0
      ? `本地区须持${permit.acceptedDocuments.join('或')}满 ${permit.minMonths} 个月后方可参保`
      : `本地区持${permit.acceptedDocuments.join('或')}即可参保`
    : undefined;
  const specialCases = HUKOU_SPECIAL_CASES.filter((c) => offered.includes(c.code)).map((c) => ({ value: c.code, label: c.name }));
  const needsTypedBirth = mode === 'create' && (temporary || (derivation.state === 'valid' && !derivation.birthDate));
  const age = derivation.state === 'valid' ? derivation.age : undefined;
  const isMinor = age === undefined || age < 18;

  return (
    <Form<PersonFormValues>
      form={form}
      layout="vertical"
      requiredMark="optional"
      initialValues={{ documentType: '01', hukouType: 'local_urban', cardStatus: 'unknown', ...initialValues }}
      onFinish={onFinish}
      scrollToFirstError
    >
      {mode === 'create' && (
        <Card title="证件信息" style={{ marginBottom: 16 }}>
          {unitField}
          <Row gutter={16}>
            <Col xs={24} md={10}>
              <Form.Item name="documentType" label="证件类型" rules={[{ required: !temporary, message: '请选择证件类型' }]}>
                <Select options={DOCUMENT_TYPE_OPTIONS} disabled={temporary} aria-label="证件类型" />
              </Form.Item>
            </Col>
            <Col xs={24} md={14}>
              <Form.Item
                name="documentNumber"
                label="证件号码"
                dependencies={['documentType', 'temporaryNumber']}
                rules={[
                  { required: !temporary, message: '请填写证件号码' },
                  // Checked on every keystroke with the API's validator, from the field's own value.
                  ({ getFieldValue }) => ({
                    validator: async (_rule, value: string | undefined) => {
                      if (getFieldValue('temporaryNumber')) return;
                      const d = deriveFromDocument(getFieldValue('documentType') as string, value ?? '', cityToday());
                      if (d.state === 'invalid') throw new Error(d.message);
                    },
                  }),
                ]}
              >
                <Input
                  placeholder="输入证件号码，出生日期、性别和年龄自动带出"
                  maxLength={40}
                  disabled={temporary}
                  autoComplete="off"
                  aria-label="证件号码"
                  style={{ fontVariantNumeric: 'tabular-nums' }}
                />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="temporaryNumber" valuePropName="checked" style={{ marginBottom: 12 }}>
            <Checkbox>新生儿尚未办理身份证（先用临时编号登记，办证后换为正式号码）</Checkbox>
          </Form.Item>
          <DerivedFields derivation={derivation} />
          {needsTypedBirth && (
            <Row gutter={16}>
              <Col xs={24} md={12}>
                <Form.Item name="birthDate" label="出生日期" rules={[{ required: true, message: '请选择出生日期' }]}>
                  <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs())} aria-label="出生日期" />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item name="gender" label="性别" rules={[{ required: true, message: '请选择性别' }]}>
                  <Radio.Group options={[{ value: 'male', label: '男' }, { value: 'female', label: '女' }]} />
                </Form.Item>
              </Col>
            </Row>
          )}
        </Card>
      )}

      <Card title="基本信息" style={{ marginBottom: 16 }}>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="name" label="姓名" rules={[{ required: true, message: '请填写姓名' }, nameRule]}>
              <Input maxLength={70} autoComplete="off" placeholder="少数民族姓名中的点用 ·" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="ethnicity" label="民族">
              <AutoComplete options={ETHNICITY_OPTIONS} placeholder="如 汉族" filterOption={(input, o) => String(o?.value).includes(input)} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="phone" label="联系电话" rules={[phoneRule]} extra={mode === 'edit' ? '留空表示不修改' : undefined}>
              <Input maxLength={30} autoComplete="off" />
            </Form.Item>
          </Col>
        </Row>
        {isMinor && (
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Form.Item name="guardianName" label="监护人姓名" rules={[nameRule]}>
                <Input maxLength={70} autoComplete="off" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="guardianRelation" label="与本人关系">
                <AutoComplete options={['父亲', '母亲', '祖父母', '外祖父母', '其他监护人'].map((value) => ({ value }))} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="guardianPhone" label="监护人电话" rules={[phoneRule]} extra={mode === 'edit' ? '留空表示不修改' : undefined}>
                <Input maxLength={30} autoComplete="off" />
              </Form.Item>
            </Col>
          </Row>
        )}
      </Card>

      <Card title="户籍信息" style={{ marginBottom: 16 }}>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="hukouType" label="户籍类型" rules={[{ required: true, message: '请选择户籍类型' }]}>
              <Radio.Group
                optionType="button"
                options={HUKOU_TYPES.map((value) => ({ value, label: PERSON_HUKOU_NAMES[value] }))}
                onChange={() => form.setFieldValue('hukouDivision', null)}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={16}>
            <Form.Item name="hukouDivision" label="户籍所在区县 / 街道（乡镇）">
              <DivisionPicker rootCode={hukouType === 'nonlocal' ? null : regionCode} aria-label="户籍所在地" />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="hukouAddress" label="户籍地址">
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            {specialCases.length > 0 && (
              <Form.Item name="hukouSpecialCase" label="户籍特殊情况" tooltip="本市政策规定的特殊户籍填写规则：选中后户籍区县、街道按规则自动填写">
                <Select allowClear options={specialCases} placeholder="无" />
              </Form.Item>
            )}
          </Col>
        </Row>
        {hukouType && hukouType !== 'nonlocal' && (
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name="inflowFrom" label="户籍迁入：迁入前户籍地" tooltip="户口由外地迁入本市的人员，按户口簿填写迁入前的户籍地；没有迁入的不填" dependencies={['inflowOn']}
                rules={[({ getFieldValue }) => ({ validator: (_, v: string | undefined) => (!v?.trim() && getFieldValue('inflowOn') ? Promise.reject(new Error('请填写迁入前户籍地')) : Promise.resolve()) })]}>
                <Input maxLength={100} placeholder="如：安徽省阜阳市颍州区" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="inflowOn" label="迁入日期" dependencies={['inflowFrom']}
                rules={[({ getFieldValue }) => ({ validator: (_, v: Dayjs | null | undefined) => (!v && getFieldValue('inflowFrom')?.trim() ? Promise.reject(new Error('请填写迁入日期')) : Promise.resolve()) })]}>
                <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs())} />
              </Form.Item>
            </Col>
          </Row>
        )}
        {hukouType === 'nonlocal' && (
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name="residencePermitSince" label="居住证起始日期" tooltip="持本市居住证的外地户籍人员享受本地参保待遇" extra={permitRule}>
                <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs())} />
              </Form.Item>
            </Col>
          </Row>
        )}
      </Card>

      <Card title="在校信息" style={{ marginBottom: 16 }}>
        <Row gutter={16}>
          <Col xs={24} md={6}>
            <Form.Item name="gradeCode" label="年级">
              <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={GRADE_OPTIONS} placeholder="选择年级" aria-label="年级" />
            </Form.Item>
          </Col>
          <Col xs={24} md={4}>
            <Form.Item name="className" label="班级">
              <Input maxLength={30} placeholder="如 2班" />
            </Form.Item>
          </Col>
          <Col xs={24} md={6}>
            <Form.Item name="studentNumber" label="学号（学籍号）">
              <Input maxLength={40} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={12} md={4}>
            <Form.Item name="entryYear" label="入学年份">
              <InputNumber min={1990} max={2100} controls={false} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} md={4}>
            <Form.Item
              name="expectedGraduationYear"
              label="预计毕业年份"
              dependencies={['entryYear']}
              rules={[
                ({ getFieldValue }) => ({
                  validator: async (_r, v: number | null | undefined) => {
                    const entry = getFieldValue('entryYear') as number | null | undefined;
                    if (v && entry && v < entry) throw new Error('毕业年份不能早于入学年份');
                  },
                }),
              ]}
            >
              <InputNumber min={1990} max={2100} controls={false} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
      </Card>

      <Card title="社保卡与就医" style={{ marginBottom: 16 }}>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="cardStatus" label="社保卡状态">
              <Select options={CARD_OPTIONS} />
            </Form.Item>
          </Col>
          <Col xs={24} md={16}>
            <Form.Item
              name="designatedInstitutions"
              label="定点医疗机构"
              rules={[{ type: 'array', max: 5, message: '定点医疗机构最多 5 家' }]}
            >
              <Select mode="tags" open={false} placeholder="输入机构名称后回车，最多 5 家" tokenSeparators={['，', ',']} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="pointsAppliedOn" label="积分入医申请日期" tooltip="外地户籍人员凭积分享受本地参保待遇（积分入医），未申请留空">
              <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs())} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="pointsApproved" label="积分入医核准" valuePropName="checked">
              <Checkbox>已核准</Checkbox>
            </Form.Item>
          </Col>
          <Col xs={12} md={10}>
            <Form.Item
              name="pointsDecidedOn"
              label="核准日期"
              dependencies={['pointsAppliedOn']}
              rules={[
                ({ getFieldValue }) => ({
                  validator: async (_r, v: Dayjs | null | undefined) => {
                    const applied = getFieldValue('pointsAppliedOn') as Dayjs | null | undefined;
                    if (v && !applied) throw new Error('请先填写申请日期');
                    if (v && applied && v.isBefore(applied, 'day')) throw new Error('核准日期不能早于申请日期');
                  },
                }),
              ]}
            >
              <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs())} />
            </Form.Item>
          </Col>
        </Row>
        <Typography.Text type="secondary">照片、减免身份在人员详情页维护。</Typography.Text>
      </Card>
    </Form>
  );
}
