/**
 * The parts of a profile, one form section each, as the policy editor's tabs show them. Field names follow the
 * profile (see profile-form.ts), so an issue of the server lands on the field its path names.
 */
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  ENROLLMENT_PATHS,
  ENROLLMENT_PATH_NAMES,
  EVIDENCE_KINDS,
  EVIDENCE_KIND_NAMES,
  FEE_PART_CODES,
  FEE_PART_NAMES,
  HUKOU_SPECIAL_CASES,
  SUBSIDY_KINDS,
  SUBSIDY_KIND_NAMES,
  type TEnrollmentPath,
  type TSubsidyKind,
} from '@canbao/domain';
import { Button, Checkbox, Col, Flex, Form, Input, Radio, Row, Select, Switch, Tag, Typography } from 'antd';
import { formatYuan, parsePercentInput, parseYuanInput } from '../../../lib/money';
import { subsidyText } from '../policy-text';
import {
  newCategoryValues,
  newChannelValues,
  newExclusionValues,
  newFlagValues,
  newIdentityValues,
  newPartValues,
  newPathValues,
  type TSubsidyValues,
} from '../profile-form';
import {
  DateInput,
  Hint,
  ItemList,
  ListErrors,
  OptionalPart,
  PercentInput,
  SectionTitle,
  SourceFields,
  SubTitle,
  WatchedText,
  WholeInput,
  WordsInput,
  YuanInput,
  amountRule,
  dateProps,
  optionalAmountRule,
  percentRule,
  prefixRule,
  requiredDate,
  requiredNumber,
  requiredText,
  useProfileChoices,
  useFormValue,
  useProfileFormContext,
  type TName,
} from './profile-form-fields';
import { HUKOU_TYPE_OPTIONS, SCHOOL_LEVEL_OPTIONS, SelectorFields, SelectorList } from './selector-fields';

const col3 = { xs: 24, md: 12, xl: 8 } as const;
const col2 = { xs: 24, md: 12 } as const;
const col4 = { xs: 24, md: 12, xl: 6 } as const;

const codesOf = (items: unknown): string[] => (Array.isArray(items) ? items.map((i: { code?: string }) => i?.code ?? '') : []);

// ── 基本信息 ──────────────────────────────────────────────────────────────────────────────────────────────────

export function BasicSection() {
  const { insuranceYear, regionCode, isTemplate } = useProfileFormContext();
  return (
    <>
      <Hint>
        统筹区 {regionCode} · {insuranceYear} 年度{isTemplate ? ' · 模板' : ''}（方案编号、统筹区和参保年度不可修改，新年度请新建方案）
      </Hint>
      <Row gutter={16}>
        <Col {...col2}>
          <Form.Item label="方案名称" name="name" rules={[requiredText('请填写方案名称')]}>
            <Input maxLength={100} />
          </Form.Item>
        </Col>
        <Col {...col2}>
          <Form.Item label="统筹区名称" name="regionName" rules={[requiredText('请填写统筹区名称')]}>
            <Input maxLength={100} />
          </Form.Item>
        </Col>
        <Col span={24}>
          <Form.Item label="覆盖人群" name="coveredPopulation" rules={[requiredText('请填写覆盖人群')]}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={500} />
          </Form.Item>
        </Col>
      </Row>
      <SectionTitle>依据文件</SectionTitle>
      <Row gutter={16}>
        <Col span={24}>
          <Form.Item label="文件标题" name={['sourceNotice', 'title']} rules={[requiredText('请填写文件标题')]}>
            <Input maxLength={100} />
          </Form.Item>
        </Col>
        <Col {...col3}>
          <Form.Item label="文号" name={['sourceNotice', 'documentNumber']} rules={[requiredText('请填写文号')]}>
            <Input maxLength={100} />
          </Form.Item>
        </Col>
        <Col {...col3}>
          <Form.Item label="发文机关" name={['sourceNotice', 'issuer']} rules={[requiredText('请填写发文机关')]}>
            <Input maxLength={100} />
          </Form.Item>
        </Col>
        <Col {...col3}>
          <Form.Item label="发布日期" name={['sourceNotice', 'issuedOn']} {...dateProps}>
            <DateInput allowClear placeholder="未载明" />
          </Form.Item>
        </Col>
      </Row>
      <SectionTitle>年龄计算</SectionTitle>
      <Form.Item label="周岁按哪一天计算" name={['ageReference', 'on']}>
        <Radio.Group
          options={[
            { value: 'apply_date', label: '按申报（办理）之日' },
            { value: 'period_start', label: '按待遇享受期开始之日' },
          ]}
        />
      </Form.Item>
      <SourceFields name={['ageReference']} path={['ageReference']} />
      <OptionalPart name={['identitySnapshot']} path={['identitySnapshot']} title="身份认定日" switchLabel="减免身份按固定日期认定">
        <Row gutter={16}>
          <Col {...col3}>
            <Form.Item label="身份认定日" name={['identitySnapshot', 'date']} rules={[requiredDate]} {...dateProps}>
              <DateInput />
            </Form.Item>
          </Col>
        </Row>
        <SourceFields name={['identitySnapshot']} path={['identitySnapshot']} />
      </OptionalPart>
      <SectionTitle>备注</SectionTitle>
      <Form.List name="notes">
        {(fields, { add, remove }) => (
          <>
            {fields.map((field, i) => (
              <Flex key={field.key} gap={8} align="flex-start">
                <Form.Item name={[field.name]} style={{ flex: 1 }} label={`备注 ${i + 1}`}>
                  <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={1000} />
                </Form.Item>
                <Button type="text" danger icon={<DeleteOutlined />} aria-label={`删除备注 ${i + 1}`} style={{ marginTop: 30 }} onClick={() => remove(field.name)} />
              </Flex>
            ))}
            <Button type="dashed" size="small" icon={<PlusOutlined />} onClick={() => add('')}>
              添加备注
            </Button>
          </>
        )}
      </Form.List>
    </>
  );
}

// ── 办理期限 ──────────────────────────────────────────────────────────────────────────────────────────────────

/** A benefit period: the insurance year's calendar year or stated dates, with optional labelled segments. */
function BenefitPeriodFields({ name, path, labelPrefix }: { name: TName; path: TName; labelPrefix: string }) {
  const kind = useFormValue([...path, 'kind']) as string | undefined;
  const { insuranceYear } = useProfileFormContext();
  return (
    <>
      <Form.Item label={`${labelPrefix}方式`} name={[...name, 'kind']}>
        <Radio.Group
          options={[
            { value: 'calendar_year', label: `参保年度自然年（${insuranceYear}-01-01 至 ${insuranceYear}-12-31）` },
            { value: 'custom', label: '指定起止日期' },
          ]}
        />
      </Form.Item>
      {kind === 'custom' && (
        <>
          <Row gutter={16}>
            <Col {...col4}>
              <Form.Item label={`${labelPrefix}开始日`} name={[...name, 'start']} rules={[requiredDate]} {...dateProps}>
                <DateInput />
              </Form.Item>
            </Col>
            <Col {...col4}>
              <Form.Item label={`${labelPrefix}结束日`} name={[...name, 'end']} rules={[requiredDate]} {...dateProps}>
                <DateInput />
              </Form.Item>
            </Col>
          </Row>
          <Form.List name={[...name, 'segments']}>
            {(fields, { add, remove }, { errors }) => (
              <>
                {fields.map((field, i) => (
                  <Row key={field.key} gutter={12} align="top">
                    <Col xs={24} md={10}>
                      <Form.Item label={`分段 ${i + 1} 名称`} name={[field.name, 'label']} rules={[requiredText('请填写分段名称')]}>
                        <Input maxLength={100} />
                      </Form.Item>
                    </Col>
                    <Col xs={10} md={6}>
                      <Form.Item label="开始日" name={[field.name, 'start']} rules={[requiredDate]} {...dateProps}>
                        <DateInput />
                      </Form.Item>
                    </Col>
                    <Col xs={10} md={6}>
                      <Form.Item label="结束日" name={[field.name, 'end']} rules={[requiredDate]} {...dateProps}>
                        <DateInput />
                      </Form.Item>
                    </Col>
                    <Col xs={4} md={2}>
                      <Button type="text" danger icon={<DeleteOutlined />} aria-label={`删除分段 ${i + 1}`} style={{ marginTop: 30 }} onClick={() => remove(field.name)} />
                    </Col>
                  </Row>
                ))}
                <ListErrors errors={errors} />
                <Button type="dashed" size="small" icon={<PlusOutlined />} style={{ marginBottom: 12 }} onClick={() => add({ label: '', start: '', end: '' })}>
                  添加分段（如过渡期）
                </Button>
              </>
            )}
          </Form.List>
        </>
      )}
      <SourceFields name={name} path={path} />
    </>
  );
}

export function WindowsSection() {
  const lateAllowed = useFormValue(['lateEnrollment', 'allowed']) as boolean | undefined;
  return (
    <>
      <SectionTitle>申报缴费期</SectionTitle>
      <Row gutter={16}>
        <Col {...col4}>
          <Form.Item label="申报缴费期开始日" name={['declarationWindow', 'start']} rules={[requiredDate]} {...dateProps}>
            <DateInput />
          </Form.Item>
        </Col>
        <Col {...col4}>
          <Form.Item label="申报缴费期结束日" name={['declarationWindow', 'end']} rules={[requiredDate]} {...dateProps}>
            <DateInput />
          </Form.Item>
        </Col>
      </Row>
      <SourceFields name={['declarationWindow']} path={['declarationWindow']} />
      <OptionalPart name={['adjustmentWindow']} path={['adjustmentWindow']} title="调整期" switchLabel="设置调整期">
        <Row gutter={16}>
          <Col {...col4}>
            <Form.Item label="调整期开始日" name={['adjustmentWindow', 'start']} rules={[requiredDate]} {...dateProps}>
              <DateInput />
            </Form.Item>
          </Col>
          <Col {...col4}>
            <Form.Item label="调整期结束日" name={['adjustmentWindow', 'end']} rules={[requiredDate]} {...dateProps}>
              <DateInput />
            </Form.Item>
          </Col>
          <Col xs={24} xl={12}>
            <Form.Item label="调整期用途" name={['adjustmentWindow', 'allows']} rules={[requiredText('请填写调整期的用途')]}>
              <Input placeholder="如：仅用于参保人员的调整和补申报" maxLength={500} />
            </Form.Item>
          </Col>
        </Row>
        <SourceFields name={['adjustmentWindow']} path={['adjustmentWindow']} />
      </OptionalPart>
      <SectionTitle>逾期参保</SectionTitle>
      <Row gutter={16}>
        <Col {...col4}>
          <Form.Item label="期后是否受理逾期参保" name={['lateEnrollment', 'allowed']} valuePropName="checked">
            <Switch checkedChildren="受理" unCheckedChildren="不受理" />
          </Form.Item>
        </Col>
        {lateAllowed && (
          <Col {...col4}>
            <Form.Item label="逾期参保截止日" name={['lateEnrollment', 'until']} {...dateProps} extra="不填则至待遇期结束">
              <DateInput allowClear placeholder="不设截止日" />
            </Form.Item>
          </Col>
        )}
        <Col xs={24} xl={lateAllowed ? 12 : 18}>
          <Form.Item label="期后告知家长的话" name={['lateEnrollment', 'message']}>
            <Input placeholder="如：申报缴费工作结束后，不再受理补缴申请" maxLength={200} />
          </Form.Item>
        </Col>
      </Row>
      <SourceFields name={['lateEnrollment']} path={['lateEnrollment']} />
      <SectionTitle>待遇享受期</SectionTitle>
      <BenefitPeriodFields name={['benefitPeriod']} path={['benefitPeriod']} labelPrefix="待遇享受期" />
    </>
  );
}

// ── 缴费标准 ──────────────────────────────────────────────────────────────────────────────────────────────────

/** The live total of one category's parts, or a hint when an amount cannot be read. */
function CategoryTotal({ path, index }: { path: TName; index: number }) {
  const parts = useFormValue([...path, 'parts']) as { amountYuan?: string }[] | undefined;
  const amounts = (parts ?? []).map((p) => parseYuanInput(p?.amountYuan ?? null));
  if (amounts.some((a) => !a.ok)) return <Typography.Text type="secondary">合计：—</Typography.Text>;
  const total = amounts.reduce((sum, a) => sum + (a.ok ? a.fen : 0), 0);
  return (
    <Typography.Text data-testid={`category-total-${index}`}>
      合计 <Typography.Text strong>{formatYuan(total)}</Typography.Text>
    </Typography.Text>
  );
}

function FeeParts({ name, path }: { name: TName; path: TName }) {
  const form = Form.useFormInstance();
  const { notice } = useProfileFormContext();
  return (
    <Form.List name={[...name, 'parts']}>
      {(fields, { add, remove }, { errors }) => (
        <>
          {fields.map((field, i) => (
            <div key={field.key} style={{ borderBottom: '1px dashed rgba(5,5,5,0.08)', marginBottom: 8 }}>
              <Row gutter={12} align="top">
                <Col xs={24} md={6}>
                  <Form.Item label="费用项目" name={[field.name, 'code']} rules={[{ required: true, message: '请选择费用项目' }]}>
                    <Select options={FEE_PART_CODES.map((c) => ({ value: c, label: FEE_PART_NAMES[c] }))} />
                  </Form.Item>
                </Col>
                <Col xs={24} md={10}>
                  <Form.Item label="名称" name={[field.name, 'name']} rules={[requiredText('请填写费用名称')]}>
                    <Input maxLength={100} />
                  </Form.Item>
                </Col>
                <Col xs={20} md={6}>
                  <Form.Item label="金额（元）" name={[field.name, 'amountYuan']} rules={[amountRule]}>
                    <YuanInput />
                  </Form.Item>
                </Col>
                <Col xs={4} md={2}>
                  <Button
                    type="text"
                    danger
                    icon={<DeleteOutlined />}
                    aria-label={`删除费用项目 ${i + 1}`}
                    disabled={fields.length <= 1}
                    style={{ marginTop: 30 }}
                    onClick={() => remove(field.name)}
                  />
                </Col>
              </Row>
              <SourceFields name={[field.name]} path={[...path, 'parts', field.name]} />
            </div>
          ))}
          <ListErrors errors={errors} />
          <Button
            type="dashed"
            size="small"
            icon={<PlusOutlined />}
            disabled={fields.length >= FEE_PART_CODES.length}
            onClick={() => add(newPartValues(codesOf(form.getFieldValue([...path, 'parts'])), notice))}
          >
            添加费用项目
          </Button>
        </>
      )}
    </Form.List>
  );
}

export function CategoriesSection() {
  const form = Form.useFormInstance();
  const { notice } = useProfileFormContext();
  return (
    <>
      <Hint>每人归入第一个符合条件的人员类别（按列表顺序）；合计按各费用项目之和自动计算。</Hint>
      <ItemList
        name={['categories']}
        path={['categories']}
        noun="人员类别"
        ordered
        min={1}
        testId="categories-editor"
        addLabel="添加人员类别"
        newItem={() => newCategoryValues(codesOf(form.getFieldValue('categories')), notice)}
        title={(p, i) => (
          <Flex justify="space-between" gap={12} wrap>
            <Typography.Text strong>
              <WatchedText path={[...p, 'name']} fallback="未命名人员类别" />
            </Typography.Text>
            <CategoryTotal path={p} index={i} />
          </Flex>
        )}
      >
        {(n, p) => (
          <>
            <Form.Item label="类别名称" name={[...n, 'name']} rules={[requiredText('请填写类别名称')]}>
              <Input maxLength={100} />
            </Form.Item>
            <SubTitle>适用条件</SubTitle>
            <SelectorList name={[...n, 'select']} path={[...p, 'select']} hint="符合任一组条件的人员属于本类别。" />
            <SubTitle>缴费标准</SubTitle>
            <FeeParts name={n} path={p} />
            <OptionalPart name={[...n, 'provisional']} path={[...p, 'provisional']} title="暂定标准" switchLabel="本类别为暂收、日后多退少补">
              <Form.Item label="结算办法" name={[...n, 'provisional', 'settlement']} rules={[requiredText('请填写结算办法')]}>
                <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={500} />
              </Form.Item>
              <SourceFields name={[...n, 'provisional']} path={[...p, 'provisional']} />
            </OptionalPart>
            <OptionalPart name={[...n, 'benefitPeriod']} path={[...p, 'benefitPeriod']} title="本类别的待遇享受期" switchLabel="不同于方案的待遇享受期">
              <BenefitPeriodFields name={[...n, 'benefitPeriod']} path={[...p, 'benefitPeriod']} labelPrefix="本类别待遇期" />
            </OptionalPart>
            <SectionTitle>本类别的依据</SectionTitle>
            <SourceFields name={n} path={p} />
          </>
        )}
      </ItemList>
    </>
  );
}

// ── 减免与资助 ────────────────────────────────────────────────────────────────────────────────────────────────

/** '定额资助 95.50 元' from the form's subsidy values, while they can be read. */
function SubsidyTag({ path }: { path: TName }) {
  const s = useFormValue([...path, 'subsidy']) as TSubsidyValues | undefined;
  if (!s?.kind) return null;
  let text: string = SUBSIDY_KIND_NAMES[s.kind];
  if (s.kind === 'fixed') {
    const fen = parseYuanInput(s.amountYuan ?? null);
    text = fen.ok ? subsidyText({ kind: 'fixed', amountFen: fen.fen }) : '定额资助';
  }
  if (s.kind === 'percent') {
    const bp = parsePercentInput(s.percent ?? null);
    text = bp.ok ? subsidyText({ kind: 'percent', basisPoints: bp.basisPoints }) : '按比例资助';
  }
  return <Tag style={{ marginInlineEnd: 0 }}>{text}</Tag>;
}

function SubsidyFields({ name, path }: { name: TName; path: TName }) {
  const kind = useFormValue([...path, 'subsidy', 'kind']) as TSubsidyKind | undefined;
  return (
    <Row gutter={16}>
      <Col {...col3}>
        <Form.Item label="资助方式" name={[...name, 'subsidy', 'kind']}>
          <Select options={SUBSIDY_KINDS.map((k) => ({ value: k, label: SUBSIDY_KIND_NAMES[k] }))} />
        </Form.Item>
      </Col>
      {kind === 'fixed' && (
        <Col {...col3}>
          <Form.Item label="资助金额（元）" name={[...name, 'subsidy', 'amountYuan']} rules={[amountRule]} extra="不超过缴费标准，超出部分不计">
            <YuanInput />
          </Form.Item>
        </Col>
      )}
      {kind === 'percent' && (
        <Col {...col3}>
          <Form.Item label="资助比例（%）" name={[...name, 'subsidy', 'percent']} rules={[percentRule]} extra="按个人缴费标准的比例，四舍五入到分">
            <PercentInput />
          </Form.Item>
        </Col>
      )}
    </Row>
  );
}

export function IdentitiesSection() {
  const form = Form.useFormInstance();
  const { notice } = useProfileFormContext();
  return (
    <>
      <Hint>减免身份由认定部门提供名单或本人出示证件确认；资助从个人缴费中扣减。</Hint>
      <ItemList
        name={['identities']}
        path={['identities']}
        noun="减免身份"
        testId="identities-editor"
        addLabel="添加减免身份"
        empty="本方案无减免身份。"
        newItem={() => newIdentityValues(codesOf(form.getFieldValue('identities')), notice)}
        title={(p) => (
          <Flex justify="space-between" gap={12} wrap>
            <Typography.Text strong>
              <WatchedText path={[...p, 'name']} fallback="未命名减免身份" />
            </Typography.Text>
            <SubsidyTag path={p} />
          </Flex>
        )}
      >
        {(n, p) => (
          <>
            <Row gutter={16}>
              <Col {...col3}>
                <Form.Item label="身份名称" name={[...n, 'name']} rules={[requiredText('请填写身份名称')]}>
                  <Input maxLength={100} />
                </Form.Item>
              </Col>
              <Col {...col3}>
                <Form.Item label="认定部门" name={[...n, 'certifyingDepartment']} rules={[requiredText('请填写认定部门')]}>
                  <Input maxLength={100} placeholder="如：民政部门" />
                </Form.Item>
              </Col>
              <Col {...col3}>
                <Form.Item label="又称（名单中的其他写法）" name={[...n, 'aliases']}>
                  <WordsInput placeholder="如：低保、低保对象，回车确认" />
                </Form.Item>
              </Col>
            </Row>
            <SubsidyFields name={n} path={p} />
            <SubTitle>认定条件</SubTitle>
            <Hint>不填则不限。</Hint>
            <Row gutter={16}>
              <Col {...col3}>
                <Form.Item label="限户籍类型" name={[...n, 'conditions', 'hukouTypes']}>
                  <Select mode="multiple" allowClear placeholder="不限" options={HUKOU_TYPE_OPTIONS} />
                </Form.Item>
              </Col>
              <Col {...col3}>
                <Form.Item label="限户籍地行政区划代码开头" name={[...n, 'conditions', 'hukouRegionPrefixes']} rules={[prefixRule]}>
                  <WordsInput placeholder="不限；如 3205，回车确认" />
                </Form.Item>
              </Col>
              <Col {...col3}>
                <Form.Item label="认定方式" name={[...n, 'conditions', 'acceptedEvidence']} extra="都不选则任一方式均可">
                  <Checkbox.Group options={EVIDENCE_KINDS.map((k) => ({ value: k, label: EVIDENCE_KIND_NAMES[k] }))} />
                </Form.Item>
              </Col>
              <Col xs={24} md={16}>
                <Form.Item label="证件名称" name={[...n, 'conditions', 'certificateName']}>
                  <Input maxLength={100} placeholder="如：低保证" />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item label="须登记证件号码和有效期" name={[...n, 'conditions', 'certificateDetailsRequired']} valuePropName="checked">
                  <Switch checkedChildren="须登记" unCheckedChildren="不要求" />
                </Form.Item>
              </Col>
            </Row>
            <SourceFields name={n} path={p} />
          </>
        )}
      </ItemList>
    </>
  );
}

// ── 参保途径 ──────────────────────────────────────────────────────────────────────────────────────────────────

const PATH_OPTIONS = ENROLLMENT_PATHS.map((p) => ({ value: p, label: ENROLLMENT_PATH_NAMES[p] }));

function PathTitle({ path }: { path: TName }) {
  const kind = useFormValue([...path, 'path']) as TEnrollmentPath | undefined;
  return (
    <Flex gap={8} wrap align="center">
      {kind && <Tag style={{ marginInlineEnd: 0 }}>{ENROLLMENT_PATH_NAMES[kind]}</Tag>}
      <Typography.Text strong>
        <WatchedText path={[...path, 'name']} fallback="未命名参保途径" />
      </Typography.Text>
    </Flex>
  );
}

export function PathsSection() {
  const { notice } = useProfileFormContext();
  return (
    <>
      <Hint>按列表顺序取第一条符合条件的途径；一组不加任何条件的条件组适用于所有人员，宜放在最后。</Hint>
      <ItemList
        name={['paths']}
        path={['paths']}
        noun="参保途径"
        ordered
        min={1}
        testId="paths-editor"
        addLabel="添加参保途径"
        newItem={() => newPathValues(notice)}
        title={(p) => <PathTitle path={p} />}
      >
        {(n, p) => (
          <>
            <Row gutter={16}>
              <Col {...col3}>
                <Form.Item label="途径" name={[...n, 'path']}>
                  <Select options={PATH_OPTIONS} />
                </Form.Item>
              </Col>
              <Col xs={24} xl={16}>
                <Form.Item label="经办单位（按通知的叫法）" name={[...n, 'name']} rules={[requiredText('请填写经办单位')]}>
                  <Input maxLength={100} placeholder="如：户籍所在地社区社保工作机构" />
                </Form.Item>
              </Col>
            </Row>
            <SubTitle>适用条件</SubTitle>
            <SelectorList name={[...n, 'when']} path={[...p, 'when']} hint="符合任一组条件的人员走此途径。" />
            <SourceFields name={n} path={p} />
          </>
        )}
      </ItemList>
    </>
  );
}

// ── 参保资格 ──────────────────────────────────────────────────────────────────────────────────────────────────

function FlagSelect(props: { id?: string }) {
  const { flags } = useProfileChoices();
  return <Select mode="multiple" allowClear placeholder={flags.length ? '无' : '本方案未定义标记'} options={flags} optionFilterProp="label" {...props} />;
}

export function EligibilitySection() {
  const form = Form.useFormInstance();
  const { notice } = useProfileFormContext();
  return (
    <>
      <SectionTitle>特殊人员标记</SectionTitle>
      <Hint>标记用于排除规则的例外、登记渠道和积分入医等条件（如：父母一方为本市户籍的学生）。</Hint>
      <ItemList
        name={['flags']}
        path={['flags']}
        noun="标记"
        addLabel="添加标记"
        empty="本方案未定义标记。"
        testId="flags-editor"
        newItem={() => newFlagValues(codesOf(form.getFieldValue('flags')), notice)}
        title={(p) => (
          <Typography.Text strong>
            <WatchedText path={[...p, 'name']} fallback="未命名标记" />
          </Typography.Text>
        )}
      >
        {(n, p) => (
          <>
            <Form.Item label="标记名称" name={[...n, 'name']} rules={[requiredText('请填写标记名称')]}>
              <Input maxLength={100} />
            </Form.Item>
            <SourceFields name={n} path={p} />
          </>
        )}
      </ItemList>

      <SectionTitle>不在参保范围的人员</SectionTitle>
      <Hint>符合条件的人员不能按本方案参保（持有例外标记的除外），申报时显示提示语。</Hint>
      <ItemList
        name={['eligibility', 'exclusions']}
        path={['eligibility', 'exclusions']}
        noun="排除规则"
        addLabel="添加排除规则"
        empty="本方案没有排除规则。"
        testId="exclusions-editor"
        newItem={() => newExclusionValues(codesOf(form.getFieldValue(['eligibility', 'exclusions'])), notice)}
        title={(p) => <WatchedText path={[...p, 'message']} fallback="未填写提示语" />}
      >
        {(n, p) => (
          <>
            <SelectorFields name={[...n, 'when']} path={[...p, 'when']} label="不在参保范围的人员" />
            <Row gutter={16} style={{ marginTop: 12 }}>
              <Col {...col2}>
                <Form.Item label="例外：持有以下标记的仍可参保" name={[...n, 'exceptFlags']}>
                  <FlagSelect />
                </Form.Item>
              </Col>
              <Col {...col2}>
                <Form.Item label="提示语" name={[...n, 'message']} rules={[requiredText('请填写提示语')]}>
                  <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={500} />
                </Form.Item>
              </Col>
            </Row>
            <SourceFields name={n} path={p} />
          </>
        )}
      </ItemList>

      <OptionalPart
        name={['eligibility', 'coveredElsewhere']}
        path={['eligibility', 'coveredElsewhere']}
        title="重复参保"
        switchLabel="已有其他基本医保的人员不得参保"
      >
        <Form.Item label="提示语" name={['eligibility', 'coveredElsewhere', 'message']} rules={[requiredText('请填写提示语')]}>
          <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={500} />
        </Form.Item>
        <SourceFields name={['eligibility', 'coveredElsewhere']} path={['eligibility', 'coveredElsewhere']} />
      </OptionalPart>

      <OptionalPart name={['eligibility', 'residencePermit']} path={['eligibility', 'residencePermit']} title="居住证条件" switchLabel="部分户籍须持居住证">
        <Row gutter={16}>
          <Col {...col3}>
            <Form.Item label="须持居住证的户籍类型" name={['eligibility', 'residencePermit', 'hukouTypes']} rules={[{ required: true, message: '请选择户籍类型' }]}>
              <Select mode="multiple" options={HUKOU_TYPE_OPTIONS} />
            </Form.Item>
          </Col>
          <Col {...col3}>
            <Form.Item
              label="持证须满"
              name={['eligibility', 'residencePermit', 'minMonths']}
              rules={[requiredNumber('请填写月数')]}
              extra="0 表示持有即可"
            >
              <WholeInput unit="个月" max={120} />
            </Form.Item>
          </Col>
          <Col {...col3}>
            <Form.Item label="认可的证件" name={['eligibility', 'residencePermit', 'acceptedDocuments']} rules={[{ required: true, message: '请填写证件' }]}>
              <WordsInput placeholder="如：居住证、暂住证，回车确认" />
            </Form.Item>
          </Col>
        </Row>
        <SourceFields name={['eligibility', 'residencePermit']} path={['eligibility', 'residencePermit']} />
      </OptionalPart>

      <OptionalPart name={['eligibility', 'pointsEligibility']} path={['eligibility', 'pointsEligibility']} title="积分入医" switchLabel="流动人口子女须取得积分入医资格">
        <Row gutter={16}>
          <Col {...col3}>
            <Form.Item label="名称" name={['eligibility', 'pointsEligibility', 'name']} rules={[requiredText('请填写名称')]}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col {...col3}>
            <Form.Item label="申请期开始日" name={['eligibility', 'pointsEligibility', 'applyWindow', 'start']} rules={[requiredDate]} {...dateProps}>
              <DateInput />
            </Form.Item>
          </Col>
          <Col {...col3}>
            <Form.Item label="申请期结束日" name={['eligibility', 'pointsEligibility', 'applyWindow', 'end']} rules={[requiredDate]} {...dateProps}>
              <DateInput />
            </Form.Item>
          </Col>
          <Col {...col3}>
            <Form.Item label="适用的户籍类型" name={['eligibility', 'pointsEligibility', 'hukouTypes']} rules={[{ required: true, message: '请选择户籍类型' }]}>
              <Select mode="multiple" options={HUKOU_TYPE_OPTIONS} />
            </Form.Item>
          </Col>
          <Col {...col3}>
            <Form.Item label="不适用的学段" name={['eligibility', 'pointsEligibility', 'excludedSchoolLevels']}>
              <Select mode="multiple" allowClear placeholder="无" options={SCHOOL_LEVEL_OPTIONS} />
            </Form.Item>
          </Col>
          <Col {...col3}>
            <Form.Item label="仅首次参保须办理" name={['eligibility', 'pointsEligibility', 'firstEnrollmentOnly']} valuePropName="checked">
              <Switch checkedChildren="是" unCheckedChildren="否" />
            </Form.Item>
          </Col>
          <Col {...col2}>
            <Form.Item
              label="户籍地代码以此开头的无须办理"
              name={['eligibility', 'pointsEligibility', 'notRequiredForHukouRegionPrefixes']}
              rules={[prefixRule]}
            >
              <WordsInput placeholder="如：3205，回车确认" />
            </Form.Item>
          </Col>
          <Col {...col2}>
            <Form.Item label="持有以下标记的无须办理" name={['eligibility', 'pointsEligibility', 'notRequiredForFlags']}>
              <FlagSelect />
            </Form.Item>
          </Col>
        </Row>
        <SourceFields name={['eligibility', 'pointsEligibility']} path={['eligibility', 'pointsEligibility']} />
      </OptionalPart>
    </>
  );
}

// ── 参保登记 ──────────────────────────────────────────────────────────────────────────────────────────────────

export function RegistrationSection() {
  const { notice } = useProfileFormContext();
  return (
    <>
      <OptionalPart name={['registration']} path={['registration']} title="参保登记（基本信息登记）" switchLabel="本方案规定登记办法">
        <Row gutter={16}>
          <Col {...col2}>
            <Form.Item label="首次参保须先办理基本信息登记" name={['registration', 'firstTimeRequired']} valuePropName="checked">
              <Switch checkedChildren="须登记" unCheckedChildren="无须" />
            </Form.Item>
          </Col>
          <Col {...col2}>
            <Form.Item label="续保人员无需重新登记" name={['registration', 'continuingExempt']} valuePropName="checked">
              <Switch checkedChildren="无需" unCheckedChildren="须重新登记" />
            </Form.Item>
          </Col>
        </Row>
        <SourceFields name={['registration']} path={['registration']} />
        <SubTitle>登记渠道</SubTitle>
        <Hint>按列表顺序取第一个符合条件的渠道。</Hint>
        <ItemList
          name={['registration', 'channels']}
          path={['registration', 'channels']}
          noun="登记渠道"
          ordered
          addLabel="添加登记渠道"
          empty="未列出登记渠道。"
          newItem={() => newChannelValues(notice)}
          title={(p) => (
            <Typography.Text strong>
              <WatchedText path={[...p, 'name']} fallback="未命名登记渠道" />
            </Typography.Text>
          )}
        >
          {(n, p) => (
            <>
              <Form.Item label="渠道（按通知的叫法）" name={[...n, 'name']} rules={[requiredText('请填写登记渠道')]}>
                <Input maxLength={100} />
              </Form.Item>
              <SubTitle>适用条件</SubTitle>
              <SelectorList name={[...n, 'when']} path={[...p, 'when']} hint="符合任一组条件的人员在此登记。" />
              <SourceFields name={n} path={p} />
            </>
          )}
        </ItemList>
      </OptionalPart>

      <OptionalPart name={['unitNaming']} path={['unitNaming']} title="代办单位命名" switchLabel="本方案规定单位命名">
        <Row gutter={16}>
          <Col {...col2}>
            <Form.Item label="学校与托幼机构名称后加" name={['unitNaming', 'schoolSuffix']}>
              <Input maxLength={20} placeholder="如：学生儿童医保" />
            </Form.Item>
          </Col>
          <Col {...col2}>
            <Form.Item label="街道（乡镇）社保所命名为“某区县某街道（乡镇）”加" name={['unitNaming', 'streetOfficeSuffix']}>
              <Input maxLength={20} placeholder="如：医疗保险代理处" />
            </Form.Item>
          </Col>
        </Row>
        <SourceFields name={['unitNaming']} path={['unitNaming']} />
      </OptionalPart>

      <SectionTitle>户籍特殊情况</SectionTitle>
      <Hint>登记时可选用的户籍所在区县、街道填写规则（仅限通知有规定的地区）。</Hint>
      <Form.Item name="hukouSpecialCases" label="本方案认可的户籍特殊情况">
        <Checkbox.Group style={{ display: 'flex', flexDirection: 'column', gap: 6 }} options={HUKOU_SPECIAL_CASES.map((c) => ({ value: c.code, label: c.name }))} />
      </Form.Item>
    </>
  );
}

// ── 新生儿与等待期 ────────────────────────────────────────────────────────────────────────────────────────────

export function BenefitsSection() {
  const waitingKind = useFormValue(['waitingPeriod', 'kind']) as string | undefined;
  const { identities } = useProfileChoices();
  return (
    <>
      <OptionalPart name={['newborn']} path={['newborn']} title="新生儿参保" switchLabel="本方案规定新生儿参保">
        <Row gutter={16}>
          <Col {...col4}>
            <Form.Item label="出生后可参保的期限" name={['newborn', 'within', 'amount']} rules={[requiredNumber('请填写期限')]}>
              <WholeInput unit="" min={1} max={366} />
            </Form.Item>
          </Col>
          <Col {...col4}>
            <Form.Item label="期限单位" name={['newborn', 'within', 'unit']}>
              <Radio.Group
                optionType="button"
                options={[
                  { value: 'months', label: '个月' },
                  { value: 'days', label: '天' },
                ]}
              />
            </Form.Item>
          </Col>
          <Col xs={24} xl={12}>
            <Form.Item label="限户籍类型" name={['newborn', 'hukouTypes']}>
              <Select mode="multiple" allowClear placeholder="不限" options={HUKOU_TYPE_OPTIONS} />
            </Form.Item>
          </Col>
          <Col xs={24} xl={12}>
            <Form.Item label="待遇起始" name={['newborn', 'benefitFrom']}>
              <Radio.Group
                options={[
                  { value: 'birth', label: '自出生之日（不早于待遇期开始）' },
                  { value: 'period_start', label: '自待遇享受期开始之日' },
                ]}
              />
            </Form.Item>
          </Col>
          <Col xs={24} xl={12}>
            <Form.Item label="缴费">
              <Typography.Text>缴纳全年费用（不按月折算）</Typography.Text>
            </Form.Item>
          </Col>
        </Row>
        <SourceFields name={['newborn']} path={['newborn']} />
      </OptionalPart>

      <SectionTitle>待遇等待期</SectionTitle>
      <Form.Item name={['waitingPeriod', 'kind']} label="等待期规则">
        <Radio.Group
          options={[
            { value: 'none', label: '不设待遇等待期' },
            { value: 'national_2025', label: '按国办发〔2024〕38号设置固定和变动等待期' },
          ]}
        />
      </Form.Item>
      {waitingKind === 'national_2025' && (
        <Row gutter={16}>
          <Col {...col4}>
            <Form.Item label="固定等待期" name={['waitingPeriod', 'fixedMonths']} rules={[requiredNumber('请填写月数')]} extra="集中参保期外参保或断保后参保">
              <WholeInput unit="个月" max={24} />
            </Form.Item>
          </Col>
          <Col {...col4}>
            <Form.Item label="断保第 2 年起每多断 1 年增加" name={['waitingPeriod', 'variableMonthsPerExtraGapYear']} rules={[requiredNumber('请填写月数')]}>
              <WholeInput unit="个月" max={12} />
            </Form.Item>
          </Col>
          <Col {...col4}>
            <Form.Item label="每补缴 1 年减少变动等待期" name={['waitingPeriod', 'backPayReducesMonthsPerYear']} rules={[requiredNumber('请填写月数')]}>
              <WholeInput unit="个月" max={12} />
            </Form.Item>
          </Col>
          <Col {...col4}>
            <Form.Item label="断保年数起算年份" name={['waitingPeriod', 'countGapsFromYear']} rules={[requiredNumber('请填写年份')]}>
              <WholeInput unit="年" min={1990} max={2100} />
            </Form.Item>
          </Col>
          <Col {...col4}>
            <Form.Item label="最低等待期适用于断保达到" name={['waitingPeriod', 'floor', 'minGapYears']} rules={[requiredNumber('请填写年数')]}>
              <WholeInput unit="年" min={1} />
            </Form.Item>
          </Col>
          <Col {...col4}>
            <Form.Item label="最低等待期" name={['waitingPeriod', 'floor', 'minTotalMonths']} rules={[requiredNumber('请填写月数')]}>
              <WholeInput unit="个月" max={36} />
            </Form.Item>
          </Col>
          <Col {...col4}>
            <Form.Item label="新生儿免等待期" name={['waitingPeriod', 'newbornExempt']} valuePropName="checked">
              <Switch checkedChildren="免" unCheckedChildren="不免" />
            </Form.Item>
          </Col>
          <Col {...col4}>
            <Form.Item label="首次参保且期内缴费的免等待期" name={['waitingPeriod', 'firstTimeEnrolleeInWindowExempt']} valuePropName="checked">
              <Switch checkedChildren="免" unCheckedChildren="不免" />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item label="免等待期的减免身份" name={['waitingPeriod', 'exemptIdentityCodes']}>
              <Select mode="multiple" allowClear placeholder="无" options={identities} optionFilterProp="label" />
            </Form.Item>
          </Col>
        </Row>
      )}
      <SourceFields name={['waitingPeriod']} path={['waitingPeriod']} />

      <OptionalPart name={['continuityIncentive']} path={['continuityIncentive']} title="连续参保激励" switchLabel="设置连续参保激励">
        <Row gutter={16}>
          <Col {...col3}>
            <Form.Item label="连续参保满" name={['continuityIncentive', 'minConsecutiveYears']} rules={[requiredNumber('请填写年数')]}>
              <WholeInput unit="年" min={1} />
            </Form.Item>
          </Col>
          <Col {...col3}>
            <Form.Item label="此后每连续参保 1 年提高大病保险限额（元）" name={['continuityIncentive', 'capIncreasePerExtraYearYuan']} rules={[amountRule]}>
              <YuanInput />
            </Form.Item>
          </Col>
          <Col {...col3}>
            <Form.Item label="当年未报销的再提高（元）" name={['continuityIncentive', 'zeroClaimIncreaseYuan']} rules={[amountRule]}>
              <YuanInput />
            </Form.Item>
          </Col>
          <Col {...col3}>
            <Form.Item label="提高总额不超过基础限额的（%）" name={['continuityIncentive', 'maxIncreasePercent']} rules={[percentRule]}>
              <PercentInput />
            </Form.Item>
          </Col>
          <Col {...col3}>
            <Form.Item
              label="大病保险基础最高支付限额（元）"
              name={['continuityIncentive', 'baseCapYuan']}
              rules={[optionalAmountRule]}
              extra="不填则无法按比例封顶"
            >
              <YuanInput />
            </Form.Item>
          </Col>
        </Row>
        <SourceFields name={['continuityIncentive']} path={['continuityIncentive']} />
      </OptionalPart>
    </>
  );
}

