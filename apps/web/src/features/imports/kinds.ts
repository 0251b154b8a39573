import type { TImportJob } from './api';

/**
 * The kinds of import the web offers, as data: who may import them, whether they go into one unit, and the figures
 * a job shows before and after its commit. The server names a job's kind (`kindName`) and counts its rows by
 * outcome (`counts`); this table says which outcomes make which figure and how to label it.
 */

/** Chinese names of the row outcomes the server counts (before and after the commit, every kind). */
export const OUTCOME_LABELS: Record<string, string> = {
  new: '新增',
  created: '新增',
  changed: '更新',
  transfer_in: '转入',
  transferred_in: '转入',
  matched: '匹配',
  added: '已新增减免',
  marked: '已标记离校',
  unmatched: '未匹配',
  unchanged: '无变化',
  conflict: '已被其他单位登记',
  error: '错误',
};

export const outcomeLabel = (outcome: string) => OUTCOME_LABELS[outcome] ?? outcome;

/** "12,000" */
export const formatCount = (value: number) => value.toLocaleString('zh-CN');

/** One figure of a job (a card in the panel, an item in the list): the sum of some outcomes. */
export interface TCountFigure {
  /** Stable name of the figure (data-testid `import-count-<key>`); 'error' is the figure of the rows with errors. */
  key: string;
  label: string;
  /** `job.counts` keys summed. */
  outcomes: readonly string[];
  unit: '人' | '行';
  /** The rows the commit writes (before it) or wrote (after it). */
  writes?: boolean;
  /** Colour of a figure above zero. */
  tone?: 'success' | 'warning' | 'danger';
  /** Shown only before the commit or only after it; both when absent. */
  stage?: 'preview' | 'committed';
}

export interface TImportKindInfo {
  code: string;
  /** As the server names it (`kindName`). */
  name: string;
  /** Imports into one unit (a unit operator's own, or the unit the agency chooses); otherwise region-wide. */
  needsUnit: boolean;
  /** Only the agency imports it. */
  agencyOnly: boolean;
  figures: readonly TCountFigure[];
  /** What the commit will do, under its button: "将写入 7 人（新增 5、更新 2）". */
  commitText: (writes: number, parts: string) => string;
  /** Why rows without a registered person are listed, not errors (kinds that match by document number). */
  unmatchedNote?: string;
}

type FigureOptions = Partial<Omit<TCountFigure, 'outcomes'>> & { outcomes?: readonly string[] };

/** A figure named and labelled after its first outcome unless told otherwise. */
function figure(outcome: string, options: FigureOptions = {}): TCountFigure {
  return { key: outcome, label: outcomeLabel(outcome), outcomes: [outcome], unit: '人', ...options };
}

const errorFigure = (outcomes: readonly string[] = ['error']) => figure('error', { outcomes, unit: '行', tone: 'danger' });

export const ENROLLMENT: TImportKindInfo = {
  code: 'enrollment',
  name: '批量参保登记',
  needsUnit: true,
  agencyOnly: false,
  figures: [
    figure('new', { stage: 'preview', writes: true, tone: 'success' }),
    figure('new', { outcomes: ['created'], stage: 'committed', writes: true, tone: 'success' }),
    figure('changed', { writes: true }),
    figure('transfer', { label: '转入', outcomes: ['transfer_in'], stage: 'preview', writes: true }),
    figure('transfer', { label: '转入', outcomes: ['transferred_in'], stage: 'committed', writes: true }),
    figure('unchanged'),
    // After the commit, rows another unit registered in between count as errors too.
    errorFigure(['error', 'conflict']),
  ],
  commitText: (writes, parts) => `将写入 ${formatCount(writes)} 人（${parts}）；全部写入或全部不写入。`,
};

export const EXEMPTIONS: TImportKindInfo = {
  code: 'exemptions',
  name: '减免人员名单',
  needsUnit: false,
  agencyOnly: true,
  figures: [
    figure('matched', { stage: 'preview', writes: true, tone: 'success' }),
    figure('added', { stage: 'committed', writes: true, tone: 'success' }),
    figure('unmatched', { tone: 'warning' }),
    figure('unchanged'),
    errorFigure(),
  ],
  commitText: (writes) => `将为 ${formatCount(writes)} 名已登记人员新增减免身份（来源：部门名单）；全部写入或全部不写入。`,
  unmatchedNote: '这些证件号码在本统筹区还没有登记的参保人员，不会导入。这不是错误：单位登记这些人员后，可再次导入同一份名单，已导入的身份不会重复。',
};

export const LEAVERS: TImportKindInfo = {
  code: 'leavers',
  name: '毕业及离校学生名单',
  needsUnit: false,
  agencyOnly: true,
  figures: [
    figure('matched', { stage: 'preview', writes: true, tone: 'success' }),
    figure('marked', { stage: 'committed', writes: true, tone: 'success' }),
    figure('unmatched', { tone: 'warning' }),
    figure('unchanged'),
    errorFigure(),
  ],
  commitText: (writes) => `将把 ${formatCount(writes)} 名学生标记为离校（仍在原单位，由单位在申报确认时核对）；全部写入或全部不写入。`,
  unmatchedNote: '这些证件号码在本统筹区没有登记的参保人员，不会导入，无需处理。',
};

export const IMPORT_KINDS: readonly TImportKindInfo[] = [ENROLLMENT, EXEMPTIONS, LEAVERS];

/** The kinds a role may import: the agency every kind, a unit operator only those of its own unit. */
export function kindsFor(role: string): TImportKindInfo[] {
  return IMPORT_KINDS.filter((k) => role === 'agency_admin' || !k.agencyOnly);
}

/**
 * The kind of a job. A kind this page does not know yet (a newer server) still shows every outcome the server
 * counted, labelled by OUTCOME_LABELS or by its code.
 */
export function kindOf(job: Pick<TImportJob, 'kind' | 'kindName' | 'counts'>): TImportKindInfo {
  const known = IMPORT_KINDS.find((k) => k.code === job.kind);
  if (known) return known;
  const keys = Object.keys(job.counts).filter((k) => k !== 'error');
  return {
    code: job.kind,
    name: job.kindName,
    needsUnit: false,
    agencyOnly: true,
    figures: [...keys.map((k) => figure(k, { writes: !['unchanged', 'unmatched', 'conflict'].includes(k) })), errorFigure()],
    commitText: (writes) => `将写入 ${formatCount(writes)} 行；全部写入或全部不写入。`,
  };
}

export interface TFigureValue extends TCountFigure {
  value: number;
}

/** The figures of a job where it stands: the preview before the commit, what was written after it. */
export function jobFigures(job: Pick<TImportJob, 'kind' | 'kindName' | 'status' | 'counts'>): TFigureValue[] {
  const stage = job.status === 'committed' ? 'committed' : 'preview';
  return kindOf(job)
    .figures.filter((f) => !f.stage || f.stage === stage)
    .map((f) => ({ ...f, value: f.outcomes.reduce((sum, o) => sum + (job.counts[o] ?? 0), 0) }));
}

/** Rows with errors, and rows the commit writes (or wrote). */
export function jobTotals(figures: readonly TFigureValue[]): { errors: number; writes: number } {
  const sum = (list: readonly TFigureValue[]) => list.reduce((s, f) => s + f.value, 0);
  return { errors: sum(figures.filter((f) => f.key === 'error')), writes: sum(figures.filter((f) => f.writes)) };
}

/** "新增 5、更新 2" — the writing figures, for the commit's summary. */
export function writeParts(figures: readonly TFigureValue[]): string {
  return figures
    .filter((f) => f.writes)
    .map((f) => `${f.label} ${formatCount(f.value)}`)
    .join('、');
}

/** "新增 5 人，更新 0 人，无变化 1 人；跳过有错误的 2 行" — the outcome of a committed job. */
export function resultText(figures: readonly TFigureValue[]): string {
  const { errors } = jobTotals(figures);
  const parts = figures.filter((f) => f.key !== 'error').map((f) => `${f.label} ${formatCount(f.value)} ${f.unit}`);
  return parts.join('，') + (errors ? `；跳过有错误的 ${formatCount(errors)} 行` : '');
}
