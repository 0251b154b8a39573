import { IMPORT_OUTCOME_NAMES, PHOTO_LIMITS, type TImportJob, type TImportKindCode, type TImportOutcome } from '@canbao/domain';

/**
 * The kinds of import the web offers, as data: who may import them, whether they go into one unit, and the figures
 * a job shows before and after its commit. The server names a job's kind (`kindName`) and counts its rows by
 * outcome (`counts`); this table says which outcomes make which figure and how to label it.
 */

/** Chinese names of the row outcomes the server counts (before and after the commit, every kind): the contract's. */
export const OUTCOME_LABELS: Readonly<Record<string, string>> = IMPORT_OUTCOME_NAMES;

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
  /** 张 and 个 count the files of a photo zip. */
  unit: '人' | '行' | '笔' | '张' | '个';
  /** The rows the commit writes (before it) or wrote (after it). */
  writes?: boolean;
  /** Colour of a figure above zero. */
  tone?: 'success' | 'warning' | 'danger';
  /** Shown only before the commit or only after it; both when absent. */
  stage?: 'preview' | 'committed';
  /** What the commit does to these rows, for its confirmation: "为 3 人新增减免身份". Default: "新增 3 人". */
  confirm?: (n: string) => string;
}

/** `Code` is the contract's code for the kinds below; a kind this page does not know yet (kindOf) keeps the server's. */
export interface TImportKindInfo<Code extends string = TImportKindCode> {
  code: Code;
  /** As the server names it (`kindName`). */
  name: string;
  /** Imports into one unit (a unit operator's own, or the unit the agency chooses); otherwise region-wide. */
  needsUnit: boolean;
  /**
   * Only the agency imports it (units may not). A region-wide kind units may import (the photos) covers the whole
   * region for the agency and the unit's own persons for a unit operator.
   */
  agencyOnly: boolean;
  /** The collector (税务、银行) may import it too; a collector sees only these kinds. */
  collectorsMay?: boolean;
  /** The file is a .zip of photos named by ID number, not a sheet: no template, .zip only. */
  isZip?: boolean;
  /** Its rows carry what the commit changes in the register, shown beside each row (「班级 1班 → 3班」). */
  listsChanges?: boolean;
  figures: readonly TCountFigure[];
  /** What the commit will do, under its button: "将写入 7 人（新增 5、更新 2）". */
  commitText: (writes: number, parts: string) => string;
  /** Why rows without a registered person are listed, not errors (kinds that match by document number). */
  unmatchedNote?: string;
  /** Where the outcome of a committed job is seen (the persons by default). */
  resultLink?: (jobId: string) => { label: string; path: string };
  /** The rows are not persons (a bank's lines per settlement): no name or document number to show. */
  noPersons?: boolean;
  /** Put before the writing figures in the confirmation: "将记入已匹配缴费 3 笔、金额不符 1 笔". */
  confirmVerb?: string;
  /** A last sentence of the confirmation. */
  confirmNote?: string;
  /** What the rows of an outcome are, above their list (before the commit or after it). */
  notes?: (outcome: string, committed: boolean) => string | undefined;
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
  listsChanges: true,
  notes: (outcome) =>
    ({
      new: '这些人员在本统筹区还没有登记，确认导入后登记为本单位的参保人员。',
      changed: '本单位已登记这些人员，确认导入后按文件更新下列不同之处；文件中空白的单元格不会清除已有信息。',
      unchanged: '本单位已登记这些人员，文件与登记一致，不会写入。',
      transfer_in: '这些人员的原单位已办理减员，确认导入后转入本单位。',
      created: '已登记为本单位的参保人员。',
      transferred_in: '已转入本单位。',
      conflict: '核对之后这些证件号码已被其他单位登记，未导入。',
    })[outcome],
};

export const EXEMPTIONS: TImportKindInfo = {
  code: 'exemptions',
  name: '减免人员名单',
  needsUnit: false,
  agencyOnly: true,
  figures: [
    figure('matched', { stage: 'preview', writes: true, tone: 'success', confirm: (n) => `为 ${n} 名已登记人员新增减免身份` }),
    figure('added', { stage: 'committed', writes: true, tone: 'success' }),
    figure('unmatched', { tone: 'warning' }),
    figure('unchanged'),
    errorFigure(),
  ],
  commitText: (writes) => `将为 ${formatCount(writes)} 名已登记人员新增减免身份（来源：部门名单）；全部写入或全部不写入。`,
  notes: (outcome) =>
    ({
      matched: '确认导入后为这些已登记人员新增减免身份（来源：部门名单）。',
      added: '已为这些人员新增减免身份。',
      unchanged: '这些人员已有相同的减免身份，不会重复导入。',
    })[outcome],
  unmatchedNote: '这些证件号码在本统筹区还没有登记的参保人员，不会导入。这不是错误：单位登记这些人员后，可再次导入同一份名单，已导入的身份不会重复。',
};

export const LEAVERS: TImportKindInfo = {
  code: 'leavers',
  name: '毕业及离校学生名单',
  needsUnit: false,
  agencyOnly: true,
  figures: [
    figure('matched', { stage: 'preview', writes: true, tone: 'success', confirm: (n) => `把 ${n} 名学生标记为离校` }),
    figure('marked', { stage: 'committed', writes: true, tone: 'success' }),
    figure('unmatched', { tone: 'warning' }),
    figure('unchanged'),
    errorFigure(),
  ],
  commitText: (writes) => `将把 ${formatCount(writes)} 名学生标记为离校（仍在原单位，由单位在申报确认时核对）；全部写入或全部不写入。`,
  notes: (outcome) =>
    ({
      matched: '确认导入后标记为离校：仍在原单位，由单位在申报确认时核对。',
      marked: '已标记为离校。',
      unchanged: '已标记过或已减员，无需处理。',
    })[outcome],
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
  confirmVerb: '记入',
  confirmNote: '除已匹配缴费外，其余列入对账异常待处理',
  notes: (outcome) =>
    ({
      paid: '与已结算申报的应缴金额一致：记入缴费，申报成为已缴费。',
      amount_mismatch: '金额与应缴不符：款项照样入账，列入对账异常。',
      duplicate: '申报已缴费或名单中同一申报有多笔：款项照样入账，列入对账异常（应退费）。',
      not_declared: '该年度没有这些人员的申报：款项照样入账，列入对账异常。',
      not_settled: '申报尚未确认结算：款项照样入账，列入对账异常。',
      unchanged: '这些税票已经入账（重复导入），不会重复记账。',
      failed: '银行卡代扣未成功（余额不足、账户冻结等），不是到账款项，不会写入；这些人员仍待缴费，可列入下一次代扣文件或改用其他方式缴费。',
    })[outcome],
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
  noPersons: true,
  confirmVerb: '记入',
  confirmNote: '金额不符、重复扣款和已作废结算单的款项列入对账异常',
  notes: (outcome) =>
    ({
      paid: '扣款金额与结算单一致：结算单及其人员成为已缴费。',
      failed: '银行扣款失败，不会写入：请单位改用其他方式缴费。',
      amount_mismatch: '扣款金额与结算单不符：款项照样入账，列入对账异常。',
      duplicate: '结算单已缴清或文件中扣款两次：款项照样入账，列入对账异常（应退费）。',
      cancelled: '结算单已作废，银行仍扣了款：款项照样入账，列入对账异常（应退费）。',
      unchanged: '这些扣款已经入账（重复导入），不会重复记账。',
    })[outcome],
  unmatchedNote: '这些结算单号在本统筹区不存在，不会导入。请核对银行返回文件是否对应本统筹区导出的代扣文件。',
  resultLink: (jobId) => ({ label: '查看对账结果', path: `/reconciliation?importJobId=${encodeURIComponent(jobId)}` }),
};

/**
 * 教育部门在校学生信息 (Beijing 002): the education department's roster of continuing students, matched by document
 * number; the grade, class and student number that differ are listed per row before the commit, which takes the
 * department's values. A different school is only noted (moving a pupil between units is a transfer).
 */
export const PREFILL: TImportKindInfo = {
  code: 'prefill',
  name: '教育部门在校学生信息',
  needsUnit: false,
  agencyOnly: true,
  listsChanges: true,
  figures: [
    figure('changed', { label: '有差异', stage: 'preview', writes: true, tone: 'success', confirm: (n) => `更新 ${n} 名学生的年级、班级或学籍号` }),
    figure('updated', { stage: 'committed', writes: true, tone: 'success' }),
    figure('unmatched', { tone: 'warning' }),
    figure('unchanged'),
    errorFigure(),
  ],
  commitText: (writes) =>
    `将按教育部门的数据更新 ${formatCount(writes)} 名学生的年级、班级或学籍号（学校不同只作提示，不调整单位）；全部写入或全部不写入。`,
  confirmNote: '学校不同只作提示，不调整单位',
  notes: (outcome) =>
    ({
      changed: '这些学生的年级、班级或学籍号与登记不同，确认导入后按教育部门的数据更新；学校不同只作提示，不调整单位。',
      updated: '这些学生的登记已按教育部门的数据更新。',
      unchanged: '与登记一致，不会写入。',
    })[outcome],
  unmatchedNote: '这些证件号码在本统筹区还没有登记的参保人员，不会导入。这不是错误：学生由学校办理参保登记后，可再次导入同一份名单。',
};

/** The checks of a card photo, as the server makes them (PHOTO_LIMITS in @canbao/domain). */
export const PHOTO_RULES = { ...PHOTO_LIMITS, maxMb: PHOTO_LIMITS.maxBytes / 1024 / 1024 } as const;

/**
 * 制卡照片: a .zip of JPEG/PNG files named by ID number, each checked like a single upload; the agency sends photos for
 * the whole region, a unit operator for its own pupils. A file identical to the photo on record is unchanged.
 */
export const PHOTOS: TImportKindInfo = {
  code: 'photos',
  name: '制卡照片',
  needsUnit: false,
  agencyOnly: false,
  isZip: true,
  figures: [
    figure('matched', { unit: '张', stage: 'preview', writes: true, tone: 'success', confirm: (n) => `保存 ${n} 张制卡照片` }),
    figure('saved', { unit: '张', stage: 'committed', writes: true, tone: 'success' }),
    figure('unmatched', { unit: '张', tone: 'warning' }),
    figure('unchanged', { label: '与已有照片相同', unit: '张' }),
    figure('error', { unit: '个', tone: 'danger' }),
  ],
  commitText: (writes) => `将保存 ${formatCount(writes)} 张制卡照片（已有照片的人员将换成新照片）；全部写入或全部不写入。`,
  confirmNote: '已有照片的人员将换成新照片',
  notes: (outcome) =>
    ({
      matched: '确认导入后保存为这些人员的制卡照片；已有照片的换成新照片。',
      saved: '已保存为这些人员的制卡照片。',
      unchanged: '与已有照片相同，不会保存。',
    })[outcome],
  unmatchedNote: '这些照片的文件名（证件号码）在本统筹区没有登记的参保人员，不会保存。请核对文件名是否为证件号码；人员登记后可再次导入同一个压缩包。',
};

/**
 * 未参保原因: the class teachers' sheets, a reason per unpaid pupil of the unit (recorded again, replaced). Every row
 * that is not the unit's own active unpaid pupil is an error of the sheet.
 */
export const UNINSURED_REASONS: TImportKindInfo = {
  code: 'uninsured_reasons',
  name: '未参保原因',
  needsUnit: true,
  agencyOnly: false,
  figures: [
    figure('matched', { label: '待登记', stage: 'preview', writes: true, tone: 'success', confirm: (n) => `为 ${n} 名学生登记未参保原因` }),
    figure('recorded', { stage: 'committed', writes: true, tone: 'success' }),
    figure('unchanged'),
    errorFigure(),
  ],
  commitText: (writes) => `将为 ${formatCount(writes)} 名学生登记未参保原因（已登记的以新原因替换）；全部写入或全部不写入。`,
  confirmNote: '已登记的以新原因替换',
  notes: (outcome) =>
    ({
      matched: '确认导入后登记为这些学生的未参保原因；已登记过的以新原因替换。',
      recorded: '已登记未参保原因。',
      unchanged: '与已登记的原因相同，不会写入。',
    })[outcome],
  resultLink: () => ({ label: '查看未参保人员', path: '/uninsured' }),
};

/**
 * 制卡状态 from the card centre: each matched person's card status becomes the centre's; a card newly made waits for
 * the unit to collect it (制卡 page). The agency imports it for the region.
 */
export const CARD_STATUS: TImportKindInfo = {
  code: 'card_status',
  name: '制卡状态',
  needsUnit: false,
  agencyOnly: true,
  figures: [
    figure('matched', { label: '状态有变', stage: 'preview', writes: true, tone: 'success', confirm: (n) => `更新 ${n} 人的制卡状态` }),
    figure('updated', { stage: 'committed', writes: true, tone: 'success' }),
    figure('unmatched', { tone: 'warning' }),
    figure('unchanged'),
    errorFigure(),
  ],
  commitText: (writes) => `将按市民卡中心的名单更新 ${formatCount(writes)} 人的制卡状态（新制好的卡列入各单位待领取）；全部写入或全部不写入。`,
  notes: (outcome) =>
    ({
      matched: '确认导入后按市民卡中心的名单更新制卡状态；新制好的卡列入单位的待领取名单。',
      updated: '制卡状态已更新。',
      unchanged: '与登记的制卡状态相同，不会写入。',
    })[outcome],
  unmatchedNote: '这些证件号码在本统筹区没有登记的参保人员，不会导入，无需处理。',
  resultLink: () => ({ label: '查看制卡情况', path: '/closing/cards' }),
};

/**
 * 职工医保参保人员名单: the agency's list of persons covered by employee insurance; none of them is declared for
 * resident insurance. Every row joins the list, registered here or not.
 */
export const EMPLOYEE_INSURED: TImportKindInfo = {
  code: 'employee_insured',
  name: '职工医保参保人员名单',
  needsUnit: false,
  agencyOnly: true,
  figures: [
    figure('new', { label: '新列入', stage: 'preview', writes: true, tone: 'success', confirm: (n) => `将 ${n} 人列入职工医保参保人员名单` }),
    figure('listed', { stage: 'committed', writes: true, tone: 'success' }),
    figure('unchanged'),
    errorFigure(),
  ],
  commitText: (writes) => `将把 ${formatCount(writes)} 人列入职工医保参保人员名单（名单内人员不能申报城乡居民医保）；全部写入或全部不写入。`,
  notes: (outcome) =>
    ({
      new: '确认导入后列入名单：这些人员申报城乡居民医保时将被拒绝。',
      listed: '已列入职工医保参保人员名单。',
      unchanged: '已在名单中，不会重复写入。',
    })[outcome],
};

/** What a job's rows are called: a zip's rows are its files. */
export const rowNoun = (kind: Pick<TImportKindInfo<string>, 'isZip'>) => (kind.isZip ? '个文件' : '行');

export const IMPORT_KINDS: readonly TImportKindInfo[] = [ENROLLMENT, UNINSURED_REASONS, EXEMPTIONS, LEAVERS, PREFILL, PHOTOS, CARD_STATUS, EMPLOYEE_INSURED, PAID_ROSTER, DEDUCTION_RESULT];

/**
 * The kinds a role may import: the agency every kind, a unit operator those of its own unit (enrollment) and the
 * photos of its own pupils, a collector only the paid rosters and bank results.
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
export function kindOf(job: Pick<TImportJob, 'kind' | 'kindName' | 'counts'>): TImportKindInfo<string> {
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

/** One tab of a job's rows: an outcome with rows, labelled as the kind's figure names it. */
export interface TOutcomeTab {
  outcome: TImportOutcome;
  label: string;
  count: number;
  unit: TCountFigure['unit'];
  tone?: TCountFigure['tone'];
  isError: boolean;
}

/**
 * The outcomes of a job that have rows, in the order of the kind's figures (errors last), each named by its figure
 * (a figure of several outcomes — errors and conflicts after the commit — names each by its own name). Outcomes no
 * figure knows come after, by their contract names.
 */
export function outcomeTabs(job: Pick<TImportJob, 'kind' | 'kindName' | 'status' | 'counts'>): TOutcomeTab[] {
  const tabs: TOutcomeTab[] = [];
  const seen = new Set<string>();
  const add = (outcome: string, label: string, unit: TCountFigure['unit'], tone: TCountFigure['tone'], isError: boolean) => {
    const count = job.counts[outcome] ?? 0;
    if (seen.has(outcome) || !(outcome in OUTCOME_LABELS) || count <= 0) return;
    seen.add(outcome);
    tabs.push({ outcome: outcome as TImportOutcome, label, count, unit, tone, isError });
  };
  for (const f of jobFigures(job)) {
    for (const outcome of f.outcomes) add(outcome, f.outcomes.length > 1 ? outcomeLabel(outcome) : f.label, f.unit, f.tone, f.key === 'error');
  }
  for (const outcome of Object.keys(job.counts)) add(outcome, outcomeLabel(outcome), '行', undefined, false);
  return tabs;
}

/**
 * What the commit will write, for its confirmation, from the job's own counts: "将新增 5 人、转入 1 人；2 行有误，不会
 * 导入；无变化 1 人，不会写入。"
 */
export function confirmSummary(job: Pick<TImportJob, 'kind' | 'kindName' | 'status' | 'counts'>): string {
  const kind = kindOf(job);
  const figures = jobFigures(job);
  const writes = figures
    .filter((f) => f.writes && f.value > 0)
    .map((f) => (f.confirm ? f.confirm(formatCount(f.value)) : `${f.label} ${formatCount(f.value)} ${f.unit}`));
  const { errors } = jobTotals(figures);
  const kept = figures.filter((f) => !f.writes && f.key !== 'error' && f.value > 0).map((f) => `${f.label} ${formatCount(f.value)} ${f.unit}`);
  const parts = [`将${kind.confirmVerb ?? ''}${writes.join('、')}`];
  if (kind.confirmNote) parts.push(kind.confirmNote);
  if (errors > 0) parts.push(`${formatCount(errors)} ${rowNoun(kind)}有误，不会导入`);
  if (kept.length) parts.push(`${kept.join('、')}，不会写入`);
  return `${parts.join('；')}。`;
}
