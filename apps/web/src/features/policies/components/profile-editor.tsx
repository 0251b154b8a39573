import { SaveOutlined } from '@ant-design/icons';
import { ZPolicyProfile, type TPolicyProfile, type TProfileDetail, type TProfileUpdateResult } from '@canbao/domain';
import { Alert, Badge, Button, Card, Divider, Flex, Form, Input, Tabs, Tag, Typography, type FormInstance } from 'antd';
import { createContext, memo, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { errorMessage, isApiError } from '../../../api/client';
import type { TProfileIssueDetail } from '../api';
import { useUpdateProfile } from '../hooks/use-profiles';
import { issuePathLabel } from '../policy-text';
import {
  FormValueError,
  formFieldForIssue,
  formNameOfPath,
  formValuesToProfile,
  ownNotice,
  profileToFormValues,
  type TFormFieldName,
  type TProfileFormValues,
} from '../profile-form';
import { ProfileChoicesProvider, ProfileFormContext, type TProfileFormContext } from './profile-form-fields';
import {
  BasicSection,
  BenefitsSection,
  CategoriesSection,
  EligibilitySection,
  IdentitiesSection,
  PathsSection,
  RegistrationSection,
  WindowsSection,
} from './profile-form-sections';

interface TEditorValues extends TProfileFormValues {
  /** The whole rule document, in the advanced tab. */
  json: string;
}

type FormTab = 'basic' | 'windows' | 'categories' | 'identities' | 'paths' | 'eligibility' | 'registration' | 'benefits';
type EditorTab = FormTab | 'json';

const FORM_TABS: { key: FormTab; label: string; children: ReactNode }[] = [
  { key: 'basic', label: '基本信息', children: <BasicSection /> },
  { key: 'windows', label: '办理期限', children: <WindowsSection /> },
  { key: 'categories', label: '缴费标准', children: <CategoriesSection /> },
  { key: 'identities', label: '减免与资助', children: <IdentitiesSection /> },
  { key: 'paths', label: '参保途径', children: <PathsSection /> },
  { key: 'eligibility', label: '参保资格', children: <EligibilitySection /> },
  { key: 'registration', label: '参保登记', children: <RegistrationSection /> },
  { key: 'benefits', label: '新生儿与等待期', children: <BenefitsSection /> },
];

/** The tab showing a field, by the profile key it starts with. */
const TAB_OF_ROOT: Record<string, FormTab> = {
  declarationWindow: 'windows',
  adjustmentWindow: 'windows',
  lateEnrollment: 'windows',
  benefitPeriod: 'windows',
  categories: 'categories',
  identities: 'identities',
  paths: 'paths',
  flags: 'eligibility',
  eligibility: 'eligibility',
  registration: 'registration',
  unitNaming: 'registration',
  hukouSpecialCases: 'registration',
  newborn: 'benefits',
  waitingPeriod: 'benefits',
  continuityIncentive: 'benefits',
};

const tabOf = (name: TFormFieldName): FormTab => TAB_OF_ROOT[String(name[0])] ?? 'basic';

/** The tab shown and what the tabs' labels say; only the tab bar reads it, so switching tabs rebuilds no field. */
interface TEditorTabs {
  tab: EditorTab;
  changeTab: (key: EditorTab) => void;
  tabIssues: Partial<Record<FormTab, number>>;
  jsonNotice: string | null;
}

const EditorTabsContext = createContext<TEditorTabs>({ tab: 'basic', changeTab: () => undefined, tabIssues: {}, jsonNotice: null });

function JsonNotice() {
  const { jsonNotice } = useContext(EditorTabsContext);
  return jsonNotice ? <Alert type="warning" showIcon title={jsonNotice} style={{ marginBottom: 12 }} /> : null;
}

const JSON_TAB = (
  <>
    <Alert
      type="info"
      showIcon
      title="方案全文（供熟悉规则格式的人员使用）"
      description="这里是各表单内容的全文；在此修改后切回表单，修改即带入表单。在此页签保存时以全文为准。金额为整数“分”（190 元写作 19000），比例为万分比（60% 写作 6000）；方案编号、统筹区和参保年度不可修改。"
      style={{ marginBottom: 12 }}
    />
    <JsonNotice />
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

function tabLabel(label: string, count: number | undefined) {
  return count ? (
    <Flex align="center" gap={6}>
      {label}
      <Badge count={count} size="small" title={`${count} 处需修改`} />
    </Flex>
  ) : (
    label
  );
}

function EditorTabs() {
  const { tab, changeTab, tabIssues } = useContext(EditorTabsContext);
  return (
    <Tabs
      activeKey={tab}
      onChange={(key) => changeTab(key as EditorTab)}
      items={[
        ...FORM_TABS.map((t) => ({ key: t.key, label: tabLabel(t.label, tabIssues[t.key]), children: t.children })),
        { key: 'json', label: '方案全文（JSON）', children: JSON_TAB },
      ]}
    />
  );
}

/**
 * The form itself, apart from the editor's state: AntD hands every field a new context whenever the Form renders,
 * and a profile has hundreds of fields, so the Form renders only when its own props change.
 */
const EditorForm = memo(function EditorForm({
  form,
  initialValues,
  disabled,
}: {
  form: FormInstance<TEditorValues>;
  initialValues: TEditorValues;
  disabled: boolean;
}) {
  return (
    <Form<TEditorValues> form={form} layout="vertical" initialValues={initialValues} disabled={disabled} className="cb-profile-form">
      <ProfileChoicesProvider>
        <EditorTabs />
      </ProfileChoicesProvider>
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
    </Form>
  );
});

function detailsOf(error: unknown): TProfileIssueDetail[] {
  if (!isApiError(error) || !Array.isArray(error.details)) return [];
  return error.details.flatMap((d: unknown) => {
    const { path, message, severity } = (d ?? {}) as { path?: unknown; message?: unknown; severity?: unknown };
    return typeof path === 'string' && typeof message === 'string'
      ? [{ path, message, ...(typeof severity === 'string' ? { severity } : {}) }]
      : [];
  });
}

/** The form's values without the JSON text. */
function formValuesOf(store: TEditorValues): TProfileFormValues {
  const { json: _json, ...values } = store;
  return values;
}

/**
 * The agency's edit of a profile: every part of it as a form (one tab per part, amounts in yuan, dates picked,
 * lists with add and remove, conditions as choices), and the whole rule document as JSON for those who want it.
 * Saving makes a new version; the server validates everything and its Chinese messages land next to the fields
 * they name, in a list above, and as counts on the tabs.
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
  const [form] = Form.useForm<TEditorValues>();
  const update = useUpdateProfile();
  const [tab, setTab] = useState<EditorTab>('basic');
  const [issues, setIssues] = useState<TProfileIssueDetail[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [initialValues, setInitialValues] = useState<TEditorValues>(() => ({ ...profileToFormValues(profile), json: JSON.stringify(profile, null, 2) }));
  const [resetCount, setResetCount] = useState(0);
  const [focus, setFocus] = useState<TProfileFormContext['focus']>({ issues: [], rev: 0 });
  const [tabIssues, setTabIssues] = useState<Partial<Record<FormTab, number>>>({});
  const [jsonNotice, setJsonNotice] = useState<string | null>(null);
  /** Fields the last save put messages on, cleared before the next one. */
  const marked = useRef<TFormFieldName[]>([]);
  /** Issues of the server not yet put on a field: their tab has not been opened (tabs are built when first shown). */
  const pending = useRef<TProfileIssueDetail[]>([]);
  const [placeCount, setPlaceCount] = useState(0);
  /** Tabs built so far (AntD builds a tab when first shown and keeps it). */
  const visited = useRef(new Set<FormTab>());
  /** The JSON text as last shown, so an unchanged text is not read back into the form. */
  const shownJson = useRef<string>(initialValues.json);

  // New initial values (the JSON read back) take effect through a reset once they are rendered.
  useEffect(() => {
    if (resetCount > 0) form.resetFields();
  }, [resetCount, form]);

  // Puts the pending issues of the tabs now built on their fields; runs after the tab's fields have registered.
  useEffect(() => {
    if (tab !== 'json') visited.current.add(tab);
    if (!pending.current.length) return;
    const fields = new Set(form.getFieldsError().map((f) => f.name.join('.')));
    const isField = (name: TFormFieldName) => fields.has(name.join('.'));
    const byField = new Map<string, { name: TFormFieldName; errors: string[]; warnings: string[] }>();
    const later: TProfileIssueDetail[] = [];
    for (const issue of pending.current) {
      const name = formFieldForIssue(issue, isField);
      if (!name) {
        // A tab not built yet may hold the field; a built one has none for it (the issue is only listed).
        if (!visited.current.has(tabOf(formNameOfPath(issue.path)))) later.push(issue);
        continue;
      }
      const key = name.join('.');
      const entry = byField.get(key) ?? { name, errors: [], warnings: [] };
      (issue.severity === 'warning' ? entry.warnings : entry.errors).push(issue.message);
      byField.set(key, entry);
    }
    pending.current = later;
    const entries = [...byField.values()];
    if (!entries.length) return;
    form.setFields(entries.map(({ name, errors, warnings }) => ({ name: name as never, errors, warnings })));
    marked.current.push(...entries.map((e) => e.name));
  }, [tab, placeCount, form]);

  useEffect(() => {
    const first = focus.issues[0]?.name;
    if (!first) return;
    // After the tab and the folded panels holding it have opened.
    const timer = setTimeout(() => form.scrollToField(first as never, { behavior: 'smooth', block: 'center' }), 350);
    return () => clearTimeout(timer);
  }, [focus, form]);

  const context = useMemo<TProfileFormContext>(
    () => ({
      notice: ownNotice(profile),
      documentNumber: profile.sourceNotice.documentNumber,
      regionCode: profile.regionCode,
      insuranceYear: profile.insuranceYear,
      isTemplate: profile.template,
      focus,
    }),
    [profile, focus],
  );

  /** Opens the tab and the folded parts holding the issues, and counts them per tab. */
  const point = (all: { name: TFormFieldName; message: string }[]) => {
    // 修改说明 sits below the tabs.
    const issues = all.filter((i) => i.name[0] !== 'note' && i.name[0] !== 'json');
    const counts: Partial<Record<FormTab, number>> = {};
    for (const { name } of issues) counts[tabOf(name)] = (counts[tabOf(name)] ?? 0) + 1;
    setTabIssues(counts);
    setFocus((f) => ({ issues, rev: f.rev + 1 }));
    if (issues[0] && tab !== 'json') setTab(tabOf(issues[0].name));
  };

  const clearMarks = () => {
    if (marked.current.length) form.setFields(marked.current.map((name) => ({ name: name as never, errors: [], warnings: [] })));
    marked.current = [];
    pending.current = [];
    setTabIssues({});
  };

  const send = (next: TPolicyProfile | Record<string, unknown>, note: string, fromForm: boolean) => {
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
          if (!fromForm) return;
          pending.current = details;
          setPlaceCount((n) => n + 1);
          point(details.filter((d) => d.severity !== 'warning').map((d) => ({ name: formNameOfPath(d.path), message: d.message })));
        },
      },
    );
  };

  const save = async () => {
    clearMarks();
    if (tab !== 'json') {
      try {
        await form.validateFields();
      } catch (error) {
        const refused = (error as { errorFields?: { name: TFormFieldName; errors: string[] }[] }).errorFields ?? [];
        point(refused.map((f) => ({ name: f.name, message: f.errors[0] ?? '' })));
        return;
      }
      const values = formValuesOf(form.getFieldsValue(true) as TEditorValues);
      let next: TPolicyProfile;
      try {
        next = formValuesToProfile(values);
      } catch (error) {
        if (!(error instanceof FormValueError)) throw error;
        setFailure(error.message);
        return;
      }
      send(next, values.note, true);
      return;
    }
    const values = await form.validateFields(['note', 'json']).catch(() => null);
    if (!values) return;
    const parsed = readJson(values.json);
    if (typeof parsed === 'string') {
      form.setFields([{ name: 'json', errors: [parsed] }]);
      return;
    }
    send(parsed, values.note, false);
  };

  /** The JSON text as an object, or why it is not one. */
  const readJson = (text: string): Record<string, unknown> | string => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      return `JSON 格式错误：${error instanceof Error ? error.message : String(error)}`;
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return '方案全文须为一个 JSON 对象（{ … }）';
    return parsed as Record<string, unknown>;
  };

  const changeTab = (key: EditorTab) => {
    if (key === 'json' && tab !== 'json') {
      // The JSON tab shows what the forms hold now.
      try {
        const text = JSON.stringify(formValuesToProfile(formValuesOf(form.getFieldsValue(true) as TEditorValues)), null, 2);
        form.setFields([{ name: 'json', value: text, errors: [] }]);
        shownJson.current = text;
        setJsonNotice(null);
      } catch (error) {
        if (!(error instanceof FormValueError)) throw error;
        setJsonNotice(`表单中有无法读取的金额或比例（${error.message}），全文仍为上次的内容。`);
      }
    }
    if (key !== 'json' && tab === 'json') {
      const text = form.getFieldValue('json') as string;
      if (text !== shownJson.current) {
        // What was changed in the JSON is carried into the forms, if it is a whole, well-formed profile.
        const parsed = readJson(text);
        const checked = typeof parsed === 'string' ? null : ZPolicyProfile.safeParse(parsed);
        if (typeof parsed === 'string' || !checked?.success) {
          const issue = checked && !checked.success ? checked.error.issues[0] : undefined;
          const why = typeof parsed === 'string' ? parsed : `${issuePathLabel(issue?.path.join('.') ?? '', profile)}：${issue?.message ?? ''}`;
          form.setFields([{ name: 'json', errors: [`方案全文有误，无法带入表单：${why}。请改正，或点“取消编辑”放弃修改。`] }]);
          return;
        }
        shownJson.current = text;
        setInitialValues({ ...profileToFormValues(checked.data), note: form.getFieldValue('note') as string, json: text });
        setResetCount((n) => n + 1);
      }
    }
    setTab(key);
  };

  const errors = issues.filter((i) => i.severity !== 'warning');
  const warnings = issues.filter((i) => i.severity === 'warning');

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
      <EditorTabsContext.Provider value={{ tab, changeTab, tabIssues, jsonNotice }}>
        <ProfileFormContext.Provider value={context}>
          <EditorForm form={form} initialValues={initialValues} disabled={update.isPending} />
        </ProfileFormContext.Provider>
      </EditorTabsContext.Provider>
      <Flex gap={8} justify="flex-end">
        <Button onClick={onCancel} disabled={update.isPending}>
          取消
        </Button>
        <Button type="primary" icon={<SaveOutlined />} loading={update.isPending} onClick={() => void save()}>
          保存为新版本
        </Button>
      </Flex>
    </Card>
  );
}
