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
  // 已缴费名单 (paid_roster): what each paid line turned out to be.
  paid: '已匹配缴费',
  duplicate: '重复缴费',
  not_declared: '已缴费未申报',
  not_settled: '已缴费未结算',
  amount_mismatch: '金额不符',
  // 银行代扣结果 (deduction_result): what each line of the bank's file did to its settlement.
  failed: '扣款失败',
  cancelled: '结算单已作废',
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
  unit: '人' | '行' | '笔';
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
  /** Only the agency imports it (units may not). */
  agencyOnly: boolean;
  /** The collector (税务、银行) may import it too; a collector sees only these kinds. */
  collectorsMay?: boolean;
  figures: readonly TCountFigure[];
  /** What the commit will do, under its button: "将写入 7 人（新增 5、更新 2）". */
  commitText: (writes: number, parts: string) => string;
  /** Why rows without a registered person are listed, not errors (kinds that match by document number). */
  unmatchedNote?: string;
  /** Where the outcome of a committed job is seen (the persons by default). */
  resultLink?: (jobId: string) => { label: string; path: string };
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

/**
 * 税务/银行已缴费名单 (对账): every line not recorded before becomes a payment; the matched ones pay their settled
 * declaration, the others are recorded too and open a reconciliation item. A roster imported again is 已入账.
 */
export const PAID_ROSTER: TImportKindInfo = {
  code: 'paid_roster',
  name: '税务/银行已缴费名单',
  needsUnit: false,
  agencyOnly: true,
  collectorsMay: true,
  figures: [
    figure('paid', { unit: '笔', writes: true, tone: 'success' }),
    figure('amount_mismatch', { unit: '笔', writes: true, tone: 'warning' }),
    figure('duplicate', { unit: '笔', writes: true, tone: 'warning' }),
    figure('not_declared', { unit: '笔', writes: true, tone: 'warning' }),
    figure('not_settled', { unit: '笔', writes: true, tone: 'warning' }),
    figure('unmatched', { label: '无对应人员', unit: '笔', writes: true, tone: 'warning' }),
    figure('unchanged', { label: '已入账（重复导入）', unit: '笔' }),
    errorFigure(),
  ],
  commitText: (writes, parts) =>
    `将记入 ${formatCount(writes)} 笔缴费（${parts}）；除已匹配缴费外，其余列入对账异常待处理；全部写入或全部不写入。`,
  unmatchedNote: '这些证件号码在本统筹区没有登记的参保人员。款项照样入账，并列入对账异常“无对应人员”，在对账页面处理（确认、退费或搁置）。',
  resultLink: (jobId) => ({ label: '查看对账结果', path: `/reconciliation?importJobId=${encodeURIComponent(jobId)}` }),
};

/**
 * 银行代扣结果: the bank's answer to a deduction file (结算单 → 扣款成功/失败). A successful line pays its settlement;
 * a wrong amount, a second deduction or a cancelled settlement is recorded and opens a reconciliation item.
 */
export const DEDUCTION_RESULT: TImportKindInfo = {
  code: 'deduction_result',
  name: '银行代扣结果',
  needsUnit: false,
  agencyOnly: true,
  collectorsMay: true,
  figures: [
    figure('paid', { label: '扣款成功', unit: '笔', writes: true, tone: 'success' }),
    figure('failed', { unit: '笔' }),
    figure('amount_mismatch', { unit: '笔', writes: true, tone: 'warning' }),
    figure('duplicate', { unit: '笔', writes: true, tone: 'warning' }),
    figure('cancelled', { unit: '笔', writes: true, tone: 'warning' }),
    figure('unmatched', { label: '无此结算单', unit: '笔', tone: 'warning' }),
    figure('unchanged', { label: '已入账（重复导入）', unit: '笔' }),
    errorFigure(),
  ],
  commitText: (writes, parts) =>
    `将记入 ${formatCount(writes)} 笔代扣到账（${parts}）；金额不符、重复扣款和已作废结算单的款项列入对账异常；全部写入或全部不写入。`,
  unmatchedNote: '这些结算单号在本统筹区不存在，不会导入。请核对银行返回文件是否对应本统筹区导出的代扣文件。',
  resultLink: (jobId) => ({ label: '查看对账结果', path: `/reconciliation?importJobId=${encodeURIComponent(jobId)}` }),
};

export const IMPORT_KINDS: readonly TImportKindInfo[] = [ENROLLMENT, EXEMPTIONS, LEAVERS, PAID_ROSTER, DEDUCTION_RESULT];

/**
 * The kinds a role may import: the agency every kind, a unit operator only those of its own unit, a collector only
 * the paid rosters.
 */
export function kindsFor(role: string): TImportKindInfo[] {
  if (role === 'agency_admin') return [...IMPORT_KINDS];
  if (role === 'collector') return IMPORT_KINDS.filter((k) => k.collectorsMay);
  if (role === 'unit_operator') return IMPORT_KINDS.filter((k) => !k.agencyOnly);
  return [];
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
