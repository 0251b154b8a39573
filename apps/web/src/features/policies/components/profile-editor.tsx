import { SaveOutlined } from '@ant-design/icons';
import type { TPolicyProfile, TProfileDetail, TProfileUpdateResult } from '@canbao/domain';
import {
  Alert,
  Button,
  Card,
  Col,
  DatePicker,
  Divider,
  Flex,
  Form,
  Input,
  InputNumber,
  Row,
  Switch,
  Tabs,
  Tag,
  Typography,
  type FormRule,
} from 'antd';
import { useState } from 'react';
import { errorMessage, isApiError } from '../../../api/client';
import { DATE_FORMAT, dayjs } from '../../../lib/datetime';
import { formatYuan, parseYuanInput } from '../../../lib/money';
import type { TProfileIssueDetail } from '../api';
import { useUpdateProfile } from '../hooks/use-profiles';
import { issuePathLabel } from '../policy-text';
import { applyFormValues, formFieldForIssue, profileToFormValues, type TProfileFormValues } from '../profile-form';

interface EditorForm extends TProfileFormValues {
  /** The whole rule document, in the advanced tab. */
  json: string;
}

type EditorTab = 'form' | 'json';

/** A DatePicker bound to a 'YYYY-MM-DD' string in the form store. */
const dateProps = {
  getValueProps: (value: unknown) => ({ value: typeof value === 'string' && value ? dayjs(value) : null }),
  normalize: (value: unknown) => (dayjs.isDayjs(value) ? value.format(DATE_FORMAT) : null),
};

const requiredDate: FormRule = { required: true, message: '请选择日期' };

/** Amounts are yuan text; a negative or unreadable amount is refused before the round trip. */
const amountRule: FormRule = {
  validator: async (_rule, value: unknown) => {
    const parsed = parseYuanInput(typeof value === 'number' || typeof value === 'string' ? value : null);
    if (!parsed.ok) throw new Error(parsed.message);
    if (parsed.fen < 0) throw new Error('金额不能为负数');
  },
};

function detailsOf(error: unknown): TProfileIssueDetail[] {
  if (!isApiError(error) || !Array.isArray(error.details)) return [];
  return error.details.flatMap((d: unknown) => {
    const { path, message, severity } = (d ?? {}) as { path?: unknown; message?: unknown; severity?: unknown };
    return typeof path === 'string' && typeof message === 'string'
      ? [{ path, message, ...(typeof severity === 'string' ? { severity } : {}) }]
      : [];
  });
}

/** The live total of one category's parts, or a hint when an amount cannot be read. */
function CategoryTotal({ index }: { index: number }) {
  const parts = Form.useWatch(['categories', index, 'parts']) as { amountYuan?: string }[] | undefined;
  const amounts = (parts ?? []).map((p) => parseYuanInput(p?.amountYuan ?? null));
  if (amounts.some((a) => !a.ok)) return <Typography.Text type="secondary">合计：—</Typography.Text>;
  const total = amounts.reduce((sum, a) => sum + (a.ok ? a.fen : 0), 0);
  return (
    <Typography.Text data-testid={`category-total-${index}`}>
      合计：<Typography.Text strong>{formatYuan(total)}</Typography.Text>
    </Typography.Text>
  );
}

/**
 * The agency's edit of a profile: a structured form for the windows, the benefit period and every fee part, and the
 * whole rule document as JSON for the rest. Saving makes a new version; the server validates everything and its
 * Chinese messages land next to the fields they name and in a list.
 */
export function ProfileEditor({
  detail,
  profile,
  onSaved,
  onCancel,
}: {
  detail: TProfileDetail;
  profile: TPolicyProfile;
  onSaved: (result: TProfileUpdateResult) => void;
  onCancel: () => void;
}) {
  const [form] = Form.useForm<EditorForm>();
  const update = useUpdateProfile();
  const [tab, setTab] = useState<EditorTab>('form');
  const [issues, setIssues] = useState<TProfileIssueDetail[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [initialValues] = useState<EditorForm>(() => ({ ...profileToFormValues(profile), json: JSON.stringify(profile, null, 2) }));

  const send = (next: TPolicyProfile | Record<string, unknown>, note: string, values: TProfileFormValues | null) => {
    setIssues([]);
    setFailure(null);
    update.mutate(
      { id: detail.id, input: { profile: next, note: note.trim() } },
      {
        onSuccess: onSaved,
        onError: (error) => {
          const details = detailsOf(error);
          setIssues(details);
          setFailure(errorMessage(error, '保存失败，请稍后重试'));
          if (!values) return;
          const byField = new Map<string, { name: (string | number)[]; errors: string[] }>();
          for (const d of details) {
            if (d.severity === 'warning') continue;
            const name = formFieldForIssue(d.path, values);
            if (!name) continue;
            const key = name.join('.');
            const entry = byField.get(key) ?? { name, errors: [] };
            entry.errors.push(d.message);
            byField.set(key, entry);
          }
          if (byField.size) form.setFields([...byField.values()].map(({ name, errors }) => ({ name: name as never, errors })));
        },
      },
    );
  };

  const save = async () => {
    if (tab === 'form') {
      const values = await form.validateFields().catch(() => null);
      if (!values) return;
      send(applyFormValues(profile, values), values.note, values);
      return;
    }
    const values = await form.validateFields(['note', 'json']).catch(() => null);
    if (!values) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(values.json);
    } catch (error) {
      form.setFields([{ name: 'json', errors: [`JSON 格式错误：${error instanceof Error ? error.message : String(error)}`] }]);
      return;
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      form.setFields([{ name: 'json', errors: ['方案全文须为一个 JSON 对象（{ … }）'] }]);
      return;
    }
    send(parsed as Record<string, unknown>, values.note, null);
  };

  const errors = issues.filter((i) => i.severity !== 'warning');
  const warnings = issues.filter((i) => i.severity === 'warning');

  const formTab = (
    <>
      <Divider titlePlacement="start" style={{ marginTop: 0 }}>
        办理期限
      </Divider>
      <Row gutter={16}>
        <Col xs={24} md={12} xl={6}>
          <Form.Item label="申报缴费期开始日" name={['declarationWindow', 'start']} rules={[requiredDate]} {...dateProps}>
            <DatePicker style={{ width: '100%' }} allowClear={false} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12} xl={6}>
          <Form.Item label="申报缴费期结束日" name={['declarationWindow', 'end']} rules={[requiredDate]} {...dateProps}>
            <DatePicker style={{ width: '100%' }} allowClear={false} />
          </Form.Item>
        </Col>
        {initialValues.adjustmentWindow && (
          <>
            <Col xs={24} md={12} xl={6}>
              <Form.Item label="调整期开始日" name={['adjustmentWindow', 'start']} rules={[requiredDate]} {...dateProps}>
                <DatePicker style={{ width: '100%' }} allowClear={false} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={6}>
              <Form.Item label="调整期结束日" name={['adjustmentWindow', 'end']} rules={[requiredDate]} {...dateProps}>
                <DatePicker style={{ width: '100%' }} allowClear={false} />
              </Form.Item>
            </Col>
            <Col span={24}>
              <Form.Item
                label="调整期用途"
                name={['adjustmentWindow', 'allows']}
                rules={[{ required: true, whitespace: true, message: '请填写调整期的用途' }]}
              >
                <Input placeholder="如：仅用于参保人员的调整和补申报" />
              </Form.Item>
            </Col>
          </>
        )}
        <Col xs={24} md={12} xl={6}>
          <Form.Item label="期后是否受理逾期参保" name={['lateEnrollment', 'allowed']} valuePropName="checked">
            <Switch checkedChildren="受理" unCheckedChildren="不受理" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12} xl={6}>
          <Form.Item label="逾期参保截止日" name={['lateEnrollment', 'until']} {...dateProps} extra="不填则至待遇期结束">
            <DatePicker style={{ width: '100%' }} placeholder="不设截止日" />
          </Form.Item>
        </Col>
        {initialValues.benefitPeriod && (
          <>
            <Col xs={24} md={12} xl={6}>
              <Form.Item label="待遇享受期开始日" name={['benefitPeriod', 'start']} rules={[requiredDate]} {...dateProps}>
                <DatePicker style={{ width: '100%' }} allowClear={false} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={6}>
              <Form.Item label="待遇享受期结束日" name={['benefitPeriod', 'end']} rules={[requiredDate]} {...dateProps}>
                <DatePicker style={{ width: '100%' }} allowClear={false} />
              </Form.Item>
            </Col>
          </>
        )}
      </Row>
      <Divider titlePlacement="start">缴费标准（元）</Divider>
      <Flex vertical gap={12}>
        {profile.categories.map((category, i) => (
          <Card
            key={category.code}
            size="small"
            type="inner"
            title={category.name}
            extra={<CategoryTotal index={i} />}
          >
            <Row gutter={16}>
              {category.parts.map((part, j) => (
                <Col key={part.code} xs={24} md={12} xl={8}>
                  <Form.Item label={part.name} name={['categories', i, 'parts', j, 'amountYuan']} rules={[amountRule]} style={{ marginBottom: 8 }}>
                    <InputNumber<string> stringMode precision={2} step="1" suffix="元" style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
              ))}
            </Row>
          </Card>
        ))}
      </Flex>
      <Typography.Paragraph type="secondary" style={{ margin: '12px 0 0', fontSize: 12 }}>
        合计按各部分之和自动计算。人员类别的适用条件、减免身份、参保途径等其他规则请在“方案全文（JSON）”中修改。
      </Typography.Paragraph>
    </>
  );

  const jsonTab = (
    <>
      <Alert
        type="info"
        showIcon
        title="直接编辑方案全文"
        description="保存时以此处内容为准，“常用项”中未保存的修改不会带入。方案编号、统筹区和参保年度不可修改；金额为整数“分”（190 元写作 19000）。"
        style={{ marginBottom: 12 }}
      />
      <Form.Item name="json" rules={[{ required: true, whitespace: true, message: '方案全文不能为空' }]}>
        <Input.TextArea
          aria-label="方案全文（JSON）"
          spellCheck={false}
          autoSize={{ minRows: 18, maxRows: 36 }}
          style={{ fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', fontSize: 12 }}
        />
      </Form.Item>
    </>
  );

  return (
    <Card
      title={`编辑政策方案（保存后为第 ${detail.version + 1} 版）`}
      extra={
        <Button onClick={onCancel} disabled={update.isPending}>
          取消编辑
        </Button>
      }
      data-testid="profile-editor"
    >
      {failure && (
        <Alert
          type="error"
          showIcon
          title={failure}
          style={{ marginBottom: 16 }}
          data-testid="profile-issues"
          description={
            errors.length + warnings.length > 0 ? (
              <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                {[...errors, ...warnings].map((i, k) => (
                  <li key={k}>
                    {i.severity === 'warning' && (
                      <Tag color="warning" style={{ fontSize: 11, lineHeight: '16px' }}>
                        提醒
                      </Tag>
                    )}
                    <Typography.Text type="secondary">{issuePathLabel(i.path, profile)}：</Typography.Text>
                    {i.message}
                  </li>
                ))}
              </ul>
            ) : undefined
          }
        />
      )}
      <Form<EditorForm>
        form={form}
        layout="vertical"
        initialValues={initialValues}
        disabled={update.isPending}
      >
        <Tabs
          activeKey={tab}
          onChange={(key) => setTab(key as EditorTab)}
          items={[
            { key: 'form', label: '常用项', children: formTab, forceRender: true },
            { key: 'json', label: '方案全文（JSON）', children: jsonTab, forceRender: true },
          ]}
        />
        <Divider style={{ margin: '8px 0 16px' }} />
        <Form.Item
          label="修改说明"
          name="note"
          rules={[
            { required: true, whitespace: true, message: '请填写修改说明（如依据的新文件、调整原因）' },
            { max: 500, message: '修改说明不能超过 500 字' },
          ]}
        >
          <Input.TextArea rows={2} placeholder="如：依据苏社基〔2019〕X号调整基本医疗保险费为 180 元" />
        </Form.Item>
        <Flex gap={8} justify="flex-end">
          <Button onClick={onCancel} disabled={update.isPending}>
            取消
          </Button>
          <Button type="primary" icon={<SaveOutlined />} loading={update.isPending} onClick={() => void save()}>
            保存为新版本
          </Button>
        </Flex>
      </Form>
    </Card>
  );
}
