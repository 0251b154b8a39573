/**
 * The building blocks of the policy editor's forms: date, yuan and per-cent inputs, yes/no/either choices, the
 * citation of a rule, optional parts with their switch, and lists of items with add, remove and reorder. Every
 * field is named twice: `name` relative to the Form.List it sits in (what AntD wants) and `path` from the form's
 * root (what watches and the server's issues use).
 */
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { READY_PROFILES } from '@canbao/domain';
import {
  Button,
  Col,
  Collapse,
  DatePicker,
  Flex,
  Form,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  Switch,
  Tag,
  Tooltip,
  Typography,
  type FormListFieldData,
  type FormRule,
  type RadioGroupProps,
} from 'antd';
import { createContext, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { DATE_FORMAT, dayjs } from '../../../lib/datetime';
import { parsePercentInput, parseYuanInput } from '../../../lib/money';
import type { TFormFieldName, TTri } from '../profile-form';

export type TName = (string | number)[];

// ── what the whole form shares ────────────────────────────────────────────────────────────────────────────────

export interface TProfileFormContext {
  /** The profile's own seed notice ('000' …) or 'public'. */
  notice: string;
  documentNumber: string;
  regionCode: string;
  insuranceYear: number;
  isTemplate: boolean;
  /**
   * Where the last save found fault (form names of server issues or refused inputs, with their messages), and a
   * counter that changes with each save: the folded parts holding them open by themselves.
   */
  focus: { issues: { name: TFormFieldName; message: string }[]; rev: number };
}

export const ProfileFormContext = createContext<TProfileFormContext>({
  notice: 'public',
  documentNumber: '',
  regionCode: '',
  insuranceYear: 2025,
  isTemplate: false,
  focus: { issues: [], rev: 0 },
});

export const useProfileFormContext = () => useContext(ProfileFormContext);

/**
 * A value of the form store, kept up to date. `preserve`: parts of the form not on screen (a tab not opened yet)
 * are watched too.
 */
export function useFormValue(name: TName | string): unknown {
  const form = Form.useFormInstance();
  return Form.useWatch(name, { form, preserve: true });
}

/** The flags and identities a selector may name, by their names as the form holds them now. */
export interface TProfileChoices {
  flags: { value: string; label: string }[];
  identities: { value: string; label: string }[];
}

const ChoicesContext = createContext<TProfileChoices>({ flags: [], identities: [] });

export const useProfileChoices = () => useContext(ChoicesContext);

/** Watches the profile's flags and identities; only the selects reading them re-render when they change. */
export function ProfileChoicesProvider({ children }: { children: ReactNode }) {
  const flags = useFormValue('flags') as { code?: string; name?: string }[] | undefined;
  const identities = useFormValue('identities') as { code?: string; name?: string }[] | undefined;
  const value = useMemo<TProfileChoices>(
    () => ({
      flags: (flags ?? []).filter((f) => f?.code).map((f) => ({ value: f.code!, label: f.name || '（未命名标记）' })),
      identities: (identities ?? []).filter((i) => i?.code).map((i) => ({ value: i.code!, label: i.name || '（未命名减免身份）' })),
    }),
    [flags, identities],
  );
  return <ChoicesContext.Provider value={value}>{children}</ChoicesContext.Provider>;
}

/** Whether the last save named a field at or under `prefix`; re-evaluated at each save only. */
function startsWith(name: TFormFieldName, prefix: TFormFieldName): boolean {
  return prefix.length <= name.length && prefix.every((p, i) => String(name[i]) === String(p));
}

/**
 * Calls `open` after each save that found fault under one of the prefixes (and when mounted after it), or whose
 * issue `also` accepts.
 */
function useOpenOnIssue(prefixes: TFormFieldName[], open: (index: number) => void, also?: (issue: { name: TFormFieldName; message: string }) => boolean) {
  const { focus } = useProfileFormContext();
  const latest = useRef({ open, prefixes, also });
  useEffect(() => {
    latest.current = { open, prefixes, also };
  });
  useEffect(() => {
    if (!focus.rev) return;
    const { open: openNow, prefixes: now, also: alsoNow } = latest.current;
    now.forEach((prefix, i) => {
      if (focus.issues.some((issue) => startsWith(issue.name, prefix) || (i === 0 && alsoNow?.(issue)))) openNow(i);
    });
  }, [focus]);
}

// ── inputs ────────────────────────────────────────────────────────────────────────────────────────────────────

/** A DatePicker bound to a 'YYYY-MM-DD' string in the form store. */
export const dateProps = {
  getValueProps: (value: unknown) => ({ value: typeof value === 'string' && value ? dayjs(value) : null }),
  normalize: (value: unknown) => (dayjs.isDayjs(value) ? value.format(DATE_FORMAT) : null),
};

export const requiredDate: FormRule = { required: true, message: '请选择日期' };

export const requiredText = (message: string): FormRule => ({ required: true, whitespace: true, message });

export const requiredNumber = (message: string): FormRule => ({ required: true, type: 'number', message });

/** Amounts are yuan text; a negative or unreadable amount is refused before the round trip. */
export const amountRule: FormRule = {
  validator: async (_rule, value: unknown) => {
    const parsed = parseYuanInput(typeof value === 'number' || typeof value === 'string' ? value : null);
    if (!parsed.ok) throw new Error(parsed.message);
    if (parsed.fen < 0) throw new Error('金额不能为负数');
  },
};

/** An amount that may be left empty (a cap that is not known). */
export const optionalAmountRule: FormRule = {
  validator: async (_rule, value: unknown) => {
    if (value === undefined || value === null || value === '') return;
    await (amountRule as { validator: (r: unknown, v: unknown) => Promise<void> }).validator(_rule, value);
  },
};

export const percentRule: FormRule = {
  validator: async (_rule, value: unknown) => {
    const parsed = parsePercentInput(typeof value === 'number' || typeof value === 'string' ? value : null);
    if (!parsed.ok) throw new Error(parsed.message);
  },
};

export function DateInput(props: { allowClear?: boolean; placeholder?: string; id?: string }) {
  return <DatePicker style={{ width: '100%' }} allowClear={props.allowClear ?? false} placeholder={props.placeholder ?? '请选择日期'} {...props} />;
}

export function YuanInput(props: { id?: string; value?: string; onChange?: (v: string | null) => void }) {
  return <InputNumber<string> stringMode precision={2} step="1" suffix="元" style={{ width: '100%' }} {...props} />;
}

export function PercentInput(props: { id?: string; value?: string; onChange?: (v: string | null) => void }) {
  return <InputNumber<string> stringMode precision={2} min="0" max="100" step="1" suffix="%" style={{ width: '100%' }} {...props} />;
}

export function WholeInput({ unit, min = 0, max, ...props }: { unit: string; min?: number; max?: number; id?: string }) {
  return <InputNumber<number> precision={0} min={min} max={max} suffix={unit} style={{ width: '100%' }} {...props} />;
}

/** 不限 / yes / no. */
export function TriChoice({ yes, no, ...props }: { yes: string; no: string; id?: string; value?: TTri; onChange?: RadioGroupProps['onChange'] }) {
  return (
    <Radio.Group
      optionType="button"
      size="small"
      options={[
        { value: 'any', label: '不限' },
        { value: 'yes', label: yes },
        { value: 'no', label: no },
      ]}
      {...props}
    />
  );
}

/** Free words (aliases, documents, region code prefixes) typed one by one. */
export function WordsInput({ placeholder, ...props }: { placeholder: string; id?: string }) {
  return <Select mode="tags" suffixIcon={null} notFoundContent={null} tokenSeparators={[',', '，', '、']} placeholder={placeholder} style={{ width: '100%' }} {...props} />;
}

export const prefixRule: FormRule = {
  validator: async (_rule, value: unknown) => {
    if (!Array.isArray(value)) return;
    const bad = value.find((v) => !/^\d{2,6}$/.test(String(v)));
    if (bad !== undefined) throw new Error(`“${String(bad)}”不是行政区划代码前缀（2–6 位数字）`);
  },
};

// ── citations ─────────────────────────────────────────────────────────────────────────────────────────────────

/** The notices a rule may cite: the profile's own first, then public sources, then the other cities' notices. */
function noticeOptions(own: string, documentNumber: string, current: string | undefined) {
  const options: { value: string; label: string }[] = [];
  if (own !== 'public') options.push({ value: own, label: `本方案依据文件（${documentNumber}）` });
  options.push({ value: 'public', label: '公开资料（非通知原文）' });
  for (const p of READY_PROFILES) {
    const n = /^\d{3}/.exec(p.sourceNotice.fileId)?.[0];
    if (n && n !== own && !options.some((o) => o.value === n)) options.push({ value: n, label: `${p.sourceNotice.documentNumber}（${p.regionName.split('（')[0]}）` });
  }
  if (current && !options.some((o) => o.value === current)) options.push({ value: current, label: `其他通知（${current}）` });
  return options;
}

function SourceSummary({ path }: { path: TName }) {
  const source = useFormValue([...path, 'source']) as { notice?: string; section?: string } | undefined;
  const unsure = useFormValue([...path, 'unsure']) as boolean | undefined;
  const { notice, documentNumber } = useProfileFormContext();
  const doc = source?.notice === 'public' ? '公开资料' : source?.notice === notice ? documentNumber : '其他通知';
  return (
    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
      依据与说明：{source?.section ? `${doc} ${source.section}` : <Typography.Text type="danger" style={{ fontSize: 12 }}>未注明条款</Typography.Text>}
      {unsure && (
        <Tag color="orange" variant="outlined" style={{ marginInlineStart: 6, fontSize: 11, lineHeight: '16px' }}>
          推定
        </Tag>
      )}
    </Typography.Text>
  );
}

/** The notice document options of a rule's citation. */
function NoticeSelect(props: { id?: string; value?: string; onChange?: (v: string) => void }) {
  const { notice, documentNumber } = useProfileFormContext();
  const options = useMemo(() => noticeOptions(notice, documentNumber, props.value), [notice, documentNumber, props.value]);
  return <Select options={options} {...props} />;
}

/**
 * Where a rule comes from (document, section, quoted words, reference for public sources), whether it is 推定, and
 * the agency's note: folded under one line, opened by the person or by an issue of the last save.
 */
export function SourceFields({ name, path }: { name: TName; path: TName }) {
  const [open, setOpen] = useState<string[]>([]);
  useOpenOnIssue(
    [
      [...path, 'source'],
      [...path, 'unsure'],
      [...path, 'note'],
    ],
    () => setOpen(['source']),
    // 须标记 unsure is said of the rule itself.
    (issue) => issue.name.length === path.length && startsWith(issue.name, path) && /unsure/.test(issue.message),
  );
  return (
    <Collapse
      ghost
      size="small"
      activeKey={open}
      onChange={(keys) => setOpen(keys as string[])}
      style={{ marginTop: -4 }}
      items={[
        {
          key: 'source',
          forceRender: true,
          label: <SourceSummary path={path} />,
          children: (
            <Row gutter={12}>
              <Col xs={24} md={10}>
                <Form.Item label="依据文件" name={[...name, 'source', 'notice']} rules={[{ required: true, message: '请选择依据文件' }]}>
                  <NoticeSelect />
                </Form.Item>
              </Col>
              <Col xs={24} md={14}>
                <Form.Item label="条款" name={[...name, 'source', 'section']} rules={[requiredText('须注明条款')]}>
                  <Input placeholder="如：三、申报缴费标准" maxLength={200} />
                </Form.Item>
              </Col>
              <Col span={24}>
                <Form.Item label="原文摘录" name={[...name, 'source', 'quote']}>
                  <Input placeholder="通知中的原话（可不填）" maxLength={200} />
                </Form.Item>
              </Col>
              <Col span={24}>
                <Form.Item label="资料出处" name={[...name, 'source', 'reference']} extra="依据为公开资料时必填：文件名称、文号或网址">
                  <Input maxLength={500} />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item label="推定（通知未明确规定）" name={[...name, 'unsure']} valuePropName="checked">
                  <Switch checkedChildren="是" unCheckedChildren="否" />
                </Form.Item>
              </Col>
              <Col xs={24} md={16}>
                <Form.Item label="经办说明" name={[...name, 'note']}>
                  <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={1000} placeholder="如何理解本条规定（仅经办机构可见）" />
                </Form.Item>
              </Col>
            </Row>
          ),
        },
      ]}
    />
  );
}

// ── sections, optional parts, lists ───────────────────────────────────────────────────────────────────────────

export function SectionTitle({ children, extra }: { children: ReactNode; extra?: ReactNode }) {
  return (
    <Flex align="center" justify="space-between" gap={8} style={{ margin: '20px 0 10px' }} className="cb-editor-section">
      <Typography.Title level={5} style={{ margin: 0 }}>
        {children}
      </Typography.Title>
      {extra}
    </Flex>
  );
}

/** What the last save said about a whole list (a coverage gap, an empty list), under the list. */
export function ListErrors({ errors }: { errors: ReactNode[] }) {
  if (!errors.length) return null;
  return (
    <div role="alert" style={{ margin: '6px 0' }}>
      {errors.map((e, i) => (
        <Typography.Paragraph key={i} type="danger" style={{ margin: 0 }}>
          {e}
        </Typography.Paragraph>
      ))}
    </div>
  );
}

/** A heading inside an item (适用条件, 缴费标准). */
export function SubTitle({ children }: { children: ReactNode }) {
  return (
    <Typography.Text strong style={{ display: 'block', margin: '12px 0 6px' }}>
      {children}
    </Typography.Text>
  );
}

export function Hint({ children }: { children: ReactNode }) {
  return (
    <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '-4px 0 10px' }}>
      {children}
    </Typography.Paragraph>
  );
}

/**
 * A part of the profile it may or may not have (an adjustment window, a newborn rule …): a switch, and its fields
 * while switched on. Switched off, the part is left out of the saved profile; its values stay until the editor closes.
 */
export function OptionalPart({
  name,
  path,
  title,
  switchLabel,
  children,
}: {
  name: TName;
  path: TName;
  title: ReactNode;
  switchLabel: string;
  children: ReactNode;
}) {
  const isSet = useFormValue([...path, 'isSet']) as boolean | undefined;
  return (
    <>
      <SectionTitle
        extra={
          <Flex align="center" gap={8}>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {switchLabel}
            </Typography.Text>
            <Form.Item name={[...name, 'isSet']} valuePropName="checked" noStyle>
              <Switch size="small" aria-label={switchLabel} checkedChildren="有" unCheckedChildren="无" />
            </Form.Item>
          </Flex>
        }
      >
        {title}
      </SectionTitle>
      {isSet ? children : <Hint>本方案未设置此项。</Hint>}
    </>
  );
}

/** The live name of an item, or a fallback while it has none. */
export function WatchedText({ path, fallback }: { path: TName; fallback: string }) {
  const value = useFormValue(path) as string | undefined;
  return value ? <>{value}</> : <Typography.Text type="secondary">{fallback}</Typography.Text>;
}

interface ItemListProps {
  /** The Form.List's name, relative to its parent list (or from the root). */
  name: TName;
  /** The same, from the root. */
  path: TName;
  /** What the panel header shows for the item at `itemPath`. */
  title: (itemPath: TName, index: number) => ReactNode;
  /** The fields of one item: `itemName` relative for Form.Item, `itemPath` from the root. */
  children: (itemName: TName, itemPath: TName, index: number) => ReactNode;
  /** A new item, when the person adds one. */
  newItem: () => unknown;
  addLabel: string;
  /** What an item is called in the buttons' labels (人员类别). */
  noun: string;
  /** Whether order decides (first matching rule wins): offers 上移 / 下移. */
  ordered?: boolean;
  /** The fewest items the profile may have. */
  min?: number;
  empty?: string;
  testId?: string;
}

/**
 * A list of the profile's items (categories, identities, paths …) as folded panels: each shows its name and opens
 * to its fields; items are added at the end, removed, and moved where order matters. A new item opens at once, and
 * an item the last save found fault with opens by itself.
 */
export function ItemList(props: ItemListProps) {
  return (
    <Form.List name={props.name}>
      {(fields, { add, remove, move }, { errors }) => (
        <ItemPanels {...props} fields={fields} add={add} remove={remove} move={move} errors={errors} />
      )}
    </Form.List>
  );
}

function ItemPanels({
  fields,
  add,
  remove,
  move,
  errors,
  path,
  title,
  children,
  newItem,
  addLabel,
  noun,
  ordered,
  min = 0,
  empty,
  testId,
}: ItemListProps & {
  fields: FormListFieldData[];
  add: (value?: unknown) => void;
  remove: (index: number) => void;
  move: (from: number, to: number) => void;
  errors: ReactNode[];
}) {
  // A single item is open from the start: there is nothing to choose between.
  const [open, setOpen] = useState<string[]>(() => (fields.length === 1 ? [String(fields[0]!.key)] : []));
  const added = useRef(false);
  const last = fields.at(-1);
  useEffect(() => {
    if (added.current && last) {
      added.current = false;
      setOpen((keys) => [...keys, String(last.key)]);
    }
  }, [last]);
  useOpenOnIssue(
    fields.map((f) => [...path, f.name]),
    (i) => {
      const key = String(fields[i]!.key);
      setOpen((keys) => (keys.includes(key) ? keys : [...keys, key]));
    },
  );
  const stop = (fn: () => void) => (e: { stopPropagation: () => void }) => {
    e.stopPropagation();
    fn();
  };
  return (
    <div data-testid={testId}>
      {fields.length === 0 && empty && <Hint>{empty}</Hint>}
      {fields.length > 0 && (
        <Collapse
          size="small"
          activeKey={open}
          onChange={(keys) => setOpen(keys as string[])}
          items={fields.map((field, index) => ({
            key: String(field.key),
            forceRender: true,
            label: title([...path, field.name], index),
            extra: (
              <Flex gap={2} onClick={(e) => e.stopPropagation()}>
                {ordered && (
                  <>
                    <Tooltip title="上移">
                      <Button size="small" type="text" icon={<ArrowUpOutlined />} aria-label={`上移此${noun}`} disabled={index === 0} onClick={stop(() => move(index, index - 1))} />
                    </Tooltip>
                    <Tooltip title="下移">
                      <Button
                        size="small"
                        type="text"
                        icon={<ArrowDownOutlined />}
                        aria-label={`下移此${noun}`}
                        disabled={index === fields.length - 1}
                        onClick={stop(() => move(index, index + 1))}
                      />
                    </Tooltip>
                  </>
                )}
                <Tooltip title={fields.length <= min ? `至少保留 ${min} 项` : '删除'}>
                  <Button
                    size="small"
                    type="text"
                    danger
                    icon={<DeleteOutlined />}
                    aria-label={`删除此${noun}`}
                    disabled={fields.length <= min}
                    onClick={stop(() => remove(field.name))}
                  />
                </Tooltip>
              </Flex>
            ),
            children: children([field.name], [...path, field.name], index),
          }))}
        />
      )}
      <ListErrors errors={errors} />
      <Button
        type="dashed"
        icon={<PlusOutlined />}
        style={{ marginTop: 8 }}
        onClick={() => {
          added.current = true;
          add(newItem());
        }}
      >
        {addLabel}
      </Button>
    </div>
  );
}
