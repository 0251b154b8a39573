import { CalculatorOutlined } from '@ant-design/icons';
import {
  ageOn,
  GENDER_NAMES,
  HUKOU_TYPE_NAMES,
  HUKOU_TYPES,
  SCHOOL_LEVEL_NAMES,
  SCHOOL_LEVELS,
  ZPolicyProfile,
  subsidyKindName,
  type TFeeQuoteAnswer,
  type TFeeQuoteInput,
  type THukouType,
  type TProfileSummary,
  type TSchoolLevel,
} from '@canbao/domain';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Empty,
  Form,
  Radio,
  Row,
  Segmented,
  Select,
  Skeleton,
  Typography,
} from 'antd';
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { errorMessage, fieldErrorsOf, isApiError } from '../../../api/client';
import { PageHeader } from '../../../components/page-header';
import { QueryErrorAlert } from '../../../components/query-error-alert';
import { cityToday, DATE_FORMAT, dayjs } from '../../../lib/datetime';
import { FeeQuoteResult } from '../components/fee-quote-result';
import { defaultProfile } from '../default-profile';
import { useFeeQuote, useProfile, useProfiles } from '../hooks/use-profiles';
import { IdNumberFormItem } from '../components/id-number-form-item';
import { checkIdNumberInput, type TIdNumberState } from '../id-number-check';
import type { TCitedNotice } from '../policy-text';

interface FeeQuoteForm {
  profile?: string;
  by: 'id' | 'birth';
  idNumber?: string;
  birthDate?: string | null;
  inSchool: boolean;
  schoolLevel?: TSchoolLevel;
  hukouType: THukouType;
  exemptions: string[];
  applyDate: string;
}

const SCHOOL_LEVEL_OPTIONS = SCHOOL_LEVELS.map((l) => ({ value: l, label: SCHOOL_LEVEL_NAMES[l] }));
const HUKOU_OPTIONS = HUKOU_TYPES.map((h) => ({ value: h, label: HUKOU_TYPE_NAMES[h] }));

/** A DatePicker bound to a 'YYYY-MM-DD' string in the form store. */
const dateProps = {
  getValueProps: (value: unknown) => ({ value: typeof value === 'string' && value ? dayjs(value) : null }),
  normalize: (value: unknown) => (dayjs.isDayjs(value) ? value.format(DATE_FORMAT) : null),
};

/** Regular profiles first (by region, newest year first), templates last. */
function sortProfiles(items: TProfileSummary[]): TProfileSummary[] {
  return [...items].sort(
    (a, b) => Number(a.template) - Number(b.template) || a.regionCode.localeCompare(b.regionCode) || b.insuranceYear - a.insuranceYear,
  );
}

function windowsText(p: TProfileSummary): string {
  const parts: string[] = [];
  if (p.declarationWindow) parts.push(`申报缴费期 ${p.declarationWindow.start} 至 ${p.declarationWindow.end}`);
  if (p.adjustmentWindow) parts.push(`调整期 ${p.adjustmentWindow.start} 至 ${p.adjustmentWindow.end}`);
  return parts.join('；');
}

function ageText(birthDate: string, applyDate: string | undefined): string {
  if (!applyDate) return '';
  if (applyDate < birthDate) return '办理日期早于出生日期';
  return `办理日 ${ageOn(birthDate, applyDate)} 周岁`;
}

/** What the ID number field shows under itself: progress, the derived facts, or the Chinese error. */
function idHelp(state: TIdNumberState, applyDate: string | undefined): { help?: ReactNode; status?: 'success' | 'warning' | 'error' } {
  switch (state.kind) {
    case 'empty':
      return {};
    case 'typing':
      return { help: <span data-testid="id-number-help">已输入 {state.length} / 18 位</span> };
    case 'error':
      return { help: <span data-testid="id-number-help">{state.message}</span>, status: 'error' };
    case 'ok':
      return {
        // Born after the chosen date: the number is fine, the date is not.
        status: applyDate && applyDate < state.birthDate ? 'warning' : 'success',
        help: (
          <span data-testid="id-number-help">
            出生日期 <span data-testid="id-birth-date">{state.birthDate}</span> · {GENDER_NAMES[state.gender]} · {ageText(state.birthDate, applyDate)}
            {state.wasLegacy15 && `（15 位旧号码，已换算为 ${state.normalized}）`}
          </span>
        ),
      };
  }
}

/** The public 缴费标准查询: a parent picks the city and year, types the child's ID number and sees the fee and why. */
export function FeeQuotePage() {
  const [searchParams, setSearchParams] = useSearchParams();
  const [form] = Form.useForm<FeeQuoteForm>();
  const profiles = useProfiles();
  const feeQuote = useFeeQuote();
  const [isIdFocused, setIdFocused] = useState(false);
  const [result, setResult] = useState<{ quote: TFeeQuoteAnswer; profileId: string } | null>(null);
  const [isStale, setStale] = useState(false);
  const [today] = useState(cityToday);
  const resultRef = useRef<HTMLDivElement>(null);

  const profileId = Form.useWatch('profile', form);
  const by = Form.useWatch('by', form) ?? 'id';
  const idNumber = Form.useWatch('idNumber', form);
  const inSchool = Form.useWatch('inSchool', form) ?? true;
  const applyDate = Form.useWatch('applyDate', form) ?? today;

  const sorted = useMemo(() => sortProfiles(profiles.data ?? []), [profiles.data]);
  const selected = sorted.find((p) => p.id === profileId);
  const initialProfile = searchParams.get('profile') ?? undefined;
  // Other cities' plans only on request (or when a link names one).
  const [showOthers, setShowOthers] = useState(false);
  const othersShown = showOthers || (selected !== undefined && !selected.served);
  const hasOwn = sorted.some((p) => p.served && !p.template);
  const choices = othersShown || !hasOwn ? sorted : sorted.filter((p) => p.served && !p.template);
  // Once the profiles are in: the region's current year, unless a link chose one.
  useEffect(() => {
    if (initialProfile || form.getFieldValue('profile') || !profiles.data) return;
    const fallback = defaultProfile(profiles.data, today);
    if (fallback) form.setFieldValue('profile', fallback.id);
  }, [profiles.data, initialProfile, form, today]);
  // The whole rule document of the chosen profile: the notice its rules cite and the exemption details.
  const detail = useProfile(profileId);
  const parsedProfile = useMemo(() => {
    const parsed = detail.data ? ZPolicyProfile.safeParse(detail.data.profile) : null;
    return parsed?.success ? parsed.data : null;
  }, [detail.data]);
  const notice: TCitedNotice | null = parsedProfile
    ? { fileId: parsedProfile.sourceNotice.fileId, documentNumber: parsedProfile.sourceNotice.documentNumber }
    : selected
      ? { documentNumber: selected.source.documentNumber }
      : null;

  const idState = checkIdNumberInput(idNumber, { isFocused: isIdFocused, today });
  const { help: idHelpNode, status: idStatus } = idHelp(idState, applyDate);

  const onValuesChange = (changed: Partial<FeeQuoteForm>) => {
    if ('profile' in changed) {
      form.setFieldValue('exemptions', []);
      setSearchParams(
        (prev) => {
          const sp = new URLSearchParams(prev);
          if (changed.profile) sp.set('profile', changed.profile);
          else sp.delete('profile');
          return sp;
        },
        { replace: true },
      );
    }
    if ('inSchool' in changed && !changed.inSchool) form.setFieldValue('schoolLevel', undefined);
    if (result) setStale(true);
  };

  // On a phone the result card sits below the form: bring it into view once the answer is there.
  const revealResult = () =>
    requestAnimationFrame(() => {
      const top = resultRef.current?.getBoundingClientRect().top;
      if (top !== undefined && (top > window.innerHeight * 0.6 || top < 0)) {
        resultRef.current?.scrollIntoView({ behavior: 'smooth', block: 'start' });
      }
    });

  const onFinish = (values: FeeQuoteForm) => {
    if (!values.profile) return;
    const id = values.by === 'id' ? checkIdNumberInput(values.idNumber, { isFocused: false, today }) : null;
    const input: TFeeQuoteInput = {
      profile: values.profile,
      ...(id?.kind === 'ok' ? { idNumber: id.normalized } : {}),
      ...(values.by === 'birth' && values.birthDate ? { birthDate: values.birthDate } : {}),
      inSchool: values.inSchool,
      ...(values.inSchool && values.schoolLevel ? { schoolLevel: values.schoolLevel } : {}),
      hukouType: values.hukouType,
      exemptions: values.exemptions ?? [],
      applyDate: values.applyDate,
    };
    const quotedProfileId = values.profile;
    feeQuote.mutate(input, {
      onSuccess: (quote) => {
        setResult({ quote, profileId: quotedProfileId });
        setStale(false);
        revealResult();
      },
      onError: (error) => {
        setResult(null);
        revealResult();
        const fields = fieldErrorsOf(error).filter((d) => d.path === 'idNumber' || d.path === 'birthDate');
        if (fields.length) form.setFields(fields.map((d) => ({ name: d.path as 'idNumber' | 'birthDate', errors: [d.message] })));
      },
    });
  };

  const exemptionOptions = (selected?.exemptions ?? []).map((e) => ({
    value: e.code,
    label: (
      <span title={subsidyKindName(e.kind)}>
        {e.name}
        <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 4 }}>
          {subsidyKindName(e.kind, { short: true })}
        </Typography.Text>
      </span>
    ),
  }));

  return (
    <>
      <PageHeader
        title="缴费标准查询"
        description="无需登录。按所选城市和参保年度的政策，计算城乡居民医保的个人缴费、减免、办理期限和待遇享受期，并列出每条依据。"
      />
      {profiles.error && <QueryErrorAlert error={profiles.error} onRetry={() => void profiles.refetch()} title="政策方案加载失败" />}
      <Row gutter={[16, 16]} align="top">
        <Col xs={24} lg={10}>
          <Card title="填写信息">
            <Form<FeeQuoteForm>
              form={form}
              layout="vertical"
              requiredMark={false}
              initialValues={{
                profile: initialProfile,
                by: 'id',
                inSchool: true,
                schoolLevel: 'primary',
                hukouType: 'local_urban',
                exemptions: [],
                applyDate: today,
              }}
              onValuesChange={onValuesChange}
              onFinish={onFinish}
              disabled={feeQuote.isPending}
            >
              <Form.Item
                label="城市与参保年度"
                name="profile"
                rules={[{ required: true, message: '请选择城市与参保年度' }]}
                extra={selected ? `${windowsText(selected)}。依据：${selected.source.documentNumber}` : undefined}
              >
                <Select
                  placeholder="请选择政策方案"
                  loading={profiles.isPending}
                  showSearch={{ optionFilterProp: 'label' }}
                  options={choices.map((p) => ({ value: p.id, label: p.template ? `${p.name}（模板）` : p.name }))}
                  data-testid="quote-profile"
                />
              </Form.Item>
              {hasOwn && (
                <Form.Item style={{ marginTop: -12 }}>
                  <Checkbox checked={othersShown} disabled={selected !== undefined && !selected.served} onChange={(e) => setShowOthers(e.target.checked)}>
                    查看其他城市的政策（仅供参考）
                  </Checkbox>
                </Form.Item>
              )}
              <Form.Item name="by" style={{ marginBottom: 12 }}>
                <Segmented
                  aria-label="查询方式"
                  options={[
                    { value: 'id', label: '按身份证号码' },
                    { value: 'birth', label: '按出生日期（尚无身份证）' },
                  ]}
                />
              </Form.Item>
              {by === 'id' ? (
                <IdNumberFormItem
                  help={idHelpNode}
                  status={idStatus}
                  today={today}
                  requiredMessage="请填写身份证号码"
                  placeholder="18 位，末位可为 X；出生日期和性别由号码得出"
                  onFocusChange={setIdFocused}
                />
              ) : (
                <Form.Item
                  label="出生日期"
                  name="birthDate"
                  {...dateProps}
                  rules={[{ required: true, message: '请选择出生日期' }]}
                  extra="新生儿尚未办理身份证时使用；已有身份证的请按号码查询。"
                >
                  <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.format(DATE_FORMAT) > today} />
                </Form.Item>
              )}
              <Row gutter={12}>
                <Col xs={24} sm={12}>
                  <Form.Item label="是否在校" name="inSchool">
                    <Radio.Group
                      optionType="button"
                      options={[
                        { value: true, label: '在校学生' },
                        { value: false, label: '不在校' },
                      ]}
                    />
                  </Form.Item>
                </Col>
                <Col xs={24} sm={12}>
                  {inSchool && (
                    <Form.Item label="学段" name="schoolLevel" extra="不确定可清空，将列出各学段的标准">
                      <Select options={SCHOOL_LEVEL_OPTIONS} placeholder="不填则列出各学段" allowClear data-testid="quote-school-level" />
                    </Form.Item>
                  )}
                </Col>
              </Row>
              <Form.Item label="户籍类型" name="hukouType">
                <Select options={HUKOU_OPTIONS} />
              </Form.Item>
              <Form.Item
                label="减免身份"
                name="exemptions"
                extra={
                  selected
                    ? selected.exemptions.length
                      ? '由民政、残联等部门认定；未经认定的请勿勾选。'
                      : '本方案没有减免类别。'
                    : '选择城市与参保年度后显示可选的减免身份。'
                }
              >
                <Checkbox.Group style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(200px, 1fr))', gap: 6 }} options={exemptionOptions} />
              </Form.Item>
              <Form.Item
                label="办理日期"
                name="applyDate"
                {...dateProps}
                rules={[{ required: true, message: '请选择办理日期' }]}
                extra="默认今天（北京时间），可改为计划办理的日期；年龄、办理时段按此日期计算。"
              >
                <DatePicker style={{ width: '100%' }} allowClear={false} />
              </Form.Item>
              <Button type="primary" htmlType="submit" icon={<CalculatorOutlined />} block size="large" loading={feeQuote.isPending}>
                查询缴费标准
              </Button>
            </Form>
          </Card>
        </Col>
        <Col xs={24} lg={14} ref={resultRef}>
          <Card title="查询结果">
            {feeQuote.error ? (
              <QuoteErrorAlert error={feeQuote.error} />
            ) : result ? (
              <>
                {isStale && (
                  <Alert
                    type="info"
                    showIcon
                    title="查询条件已修改，请重新点击“查询缴费标准”更新结果"
                    style={{ marginBottom: 16 }}
                  />
                )}
                <div style={{ opacity: isStale ? 0.55 : 1, transition: 'opacity .2s' }}>
                  <FeeQuoteResult quote={result.quote} notice={result.profileId === profileId ? notice : null} />
                </div>
              </>
            ) : feeQuote.isPending ? (
              <Skeleton active paragraph={{ rows: 8 }} />
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="填写信息后，点击“查询缴费标准”" />
            )}
          </Card>
        </Col>
      </Row>
    </>
  );
}

/** 400 (e.g. an invalid ID number) and 429 (too many quotes from one address) in words a parent understands. */
function QuoteErrorAlert({ error }: { error: unknown }) {
  if (isApiError(error) && error.status === 429) {
    return (
      <Alert
        type="warning"
        showIcon
        title="查询过于频繁"
        description="同一网络每分钟最多查询 60 次，请稍等一分钟后再试。"
        data-testid="quote-error"
      />
    );
  }
  const title = isApiError(error) && error.status === 400 ? '无法计算，请核对填写的信息' : '查询失败';
  return <Alert type="error" showIcon title={title} description={errorMessage(error, '查询失败，请稍后重试')} data-testid="quote-error" />;
}
