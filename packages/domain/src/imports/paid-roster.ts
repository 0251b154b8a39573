import { MoneyError, yuanToFen } from '../money';
import { parseCellDate, parseCellYear } from './cells';
import type { TCellError, TImportColumn, TRowCheck } from './enrollment';
import { checkIdentityCells } from './person-cells';

/**
 * Channels that have no online interface: their payments arrive only through the paid rosters of the tax bureau
 * or the bank (Nanchong 001, Nantong 004). The roster's own wording is accepted, mapped to these codes.
 */
export const OFFLINE_CHANNELS = {
  tax: '税务（电子税务局）',
  bank_counter: '银行柜面',
  pos: 'POS 机',
  kiosk: '自助终端',
  app: '手机 APP',
  wechat: '微信',
  alipay: '支付宝',
  // Nantong 004 五 channel 7: the bank deducts from the account of a person's agreement (银行卡代扣协议).
  card_deduction: '银行卡代扣',
} as const;
export type TOfflineChannel = keyof typeof OFFLINE_CHANNELS;
const CHANNEL_WORDS: ReadonlyArray<[RegExp, TOfflineChannel]> = [
  // First: "银行卡代扣" names a bank and a card, which the words below would read as a counter or a POS.
  [/代扣/, 'card_deduction'],
  [/柜面|柜台|银行网点/, 'bank_counter'],
  [/POS|刷卡/i, 'pos'],
  [/自助|终端/, 'kiosk'],
  [/微信/, 'wechat'],
  [/支付宝/, 'alipay'],
  [/APP|手机|掌上|云闪付|i.?税务/i, 'app'],
  [/税务|电子税务局|社保费|办税/, 'tax'],
];

/** 已缴费名单 from the tax bureau or a bank: one line per paid ticket (e-tax ticket number = the transaction id). */
export const PAID_ROSTER_COLUMNS = [
  { key: 'ticket', header: '电子税票号码', aliases: ['税票号码', '票证号码', '缴费流水号', '交易流水号'], required: true, note: '每笔缴费唯一；重复导入同一税票不会重复记账', example: '332026110100012345', width: 22 },
  { key: 'name', header: '姓名', aliases: ['缴费人姓名', '参保人姓名'], required: true, note: '与登记的姓名一致', example: '林晓雨', width: 12 },
  { key: 'documentType', header: '证件类型', note: '默认 01 居民身份证', example: '01', width: 10 },
  { key: 'documentNumber', header: '证件号码', aliases: ['身份证号', '身份证号码', '缴费人证件号码'], required: true, note: '参保人的证件号码', example: '320508201805090247', width: 22 },
  { key: 'period', header: '费款所属期', aliases: ['所属期', '参保年度', '缴费年度'], required: true, note: '参保年度，如 2027，或 2027-01-01至2027-12-31', example: '2027', width: 14 },
  { key: 'amount', header: '个人缴费金额', aliases: ['个人缴费', '实缴金额', '缴费金额'], required: true, note: '单位：元，两位小数', example: '400.00', width: 12 },
  { key: 'subsidy', header: '财政补助金额', aliases: ['补助金额', '资助金额', '减免金额'], note: '单位：元（无则留空）', example: '0', width: 12 },
  { key: 'total', header: '合计金额', aliases: ['合计', '应缴合计'], note: '单位：元；填写时须等于个人缴费加补助', example: '400.00', width: 12 },
  { key: 'paidAt', header: '缴费时间', aliases: ['入库时间', '缴款时间', '交易时间'], required: true, note: '如 2026-11-20 10:30:00', example: '2026-11-20 10:30:00', width: 20 },
  { key: 'channel', header: '缴费渠道', aliases: ['缴费方式', '渠道'], note: '银行柜面 / POS 机 / 自助终端 / 电子税务局 / 手机 APP / 银行卡代扣 …（默认电子税务局）', example: '银行柜面', width: 14 },
  {
    key: 'result',
    header: '扣款结果',
    aliases: ['交易结果', '处理结果'],
    note: '银行卡代扣文件返回时填写：成功，或失败及原因（如 余额不足）；失败的行不记账，无需税票号码和缴费时间；留空即成功',
    example: '',
    width: 14,
  },
] as const satisfies readonly TImportColumn[];

export type TPaidRosterKey = (typeof PAID_ROSTER_COLUMNS)[number]['key'];
export type TPaidRosterPayload = {
  name: string;
  ticket: string;
  year: number;
  amount_fen: number;
  subsidy_fen: number;
  /** ISO instant, Asia/Shanghai when the cell has no zone. */
  paid_at: string;
  channel: TOfflineChannel;
};

/**
 * A line the bank could not deduct (扣款结果 says so): no money, nothing recorded; listed in the preview as 扣款失败
 * with the bank's words, the person's declaration still due. Its ticket and time are whatever the bank left.
 */
export type TPaidRosterFailedPayload = {
  name: string;
  year: number;
  amount_fen: number | null;
  channel: TOfflineChannel;
  failed: true;
  failure: string;
};

/**
 * 扣款结果 of a card deduction file as banks write it. Failure words are checked first: 不成功 and 未成功 contain 成功.
 * A blank cell is a success, so rosters without the column read as before.
 */
const RESULT_FAILED = /失败|不成功|未成功|余额不足|不足|冻结|止付|挂失|销户|未扣|拒绝|无效|错误|不符|不存在|超限|退回|^fail(ed|ure)?$|^f$|^n$|^0$/i;
const RESULT_OK = /^(成功|扣款成功|交易成功|处理成功|已扣款|已扣|已缴费|正常|success|ok|s|y|1)$/i;

/** The result cell: 'ok' (blank or a success word), 'failed' (a failure word: the bank's words are the reason), or unreadable. */
export function parseDeductionOutcome(text: string): 'ok' | 'failed' | null {
  const t = text.replace(/\s+/g, '');
  if (!t) return 'ok';
  if (RESULT_FAILED.test(t)) return 'failed';
  if (RESULT_OK.test(t)) return 'ok';
  return null;
}

function parseFen(text: string, what: string): { ok: true; value: number } | { ok: false; message: string } {
  try {
    const v = yuanToFen(text.replace(/[元¥￥\s]/g, ''));
    if (v < 0) return { ok: false, message: `${what}不能为负数` };
    return { ok: true, value: v };
  } catch (e) {
    return { ok: false, message: e instanceof MoneyError ? `${what}：${e.message}` : `${what}格式不正确` };
  }
}

/** 2026-11-20 10:30:00, 2026/11/20 10:30, 20261120103000 or a date alone (noon then); Asia/Shanghai. */
export function parsePaidAt(text: string): { ok: true; value: string } | { ok: false; message: string } {
  const t = text.trim();
  const compact = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(t);
  const m = compact ? null : /^(.+?)[\sT]+(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(t);
  const datePart = compact ? `${compact[1]}-${compact[2]}-${compact[3]}` : m ? m[1]! : t;
  const d = parseCellDate(datePart);
  if (!d.ok) return { ok: false, message: `缴费时间“${text}”无法识别，请写成 2026-11-20 10:30:00` };
  const [hh, mm, ss] = compact ? [compact[4], compact[5], compact[6]] : m ? [m[2], m[3], m[4] ?? '00'] : ['12', '00', '00'];
  if (Number(hh) > 23 || Number(mm) > 59 || Number(ss) > 59) return { ok: false, message: `缴费时间“${text}”不是有效时刻` };
  return { ok: true, value: `${d.value}T${hh!.padStart(2, '0')}:${mm}:${ss}+08:00` };
}

/** The insurance year of a fee period: 2027, 2027年, 2027-01-01至2027-12-31, 202701-202712. */
export function parseFeePeriod(text: string): { ok: true; value: number } | { ok: false; message: string } {
  const t = text.trim();
  const plain = parseCellYear(t);
  if (plain.ok) return plain;
  const years = [...t.matchAll(/(\d{4})(?:[-/.年]?\d{2})?/g)].map((x) => Number(x[1]));
  if (years.length && years.every((y) => y === years[0]) && years[0]! >= 1990 && years[0]! <= 2100) return { ok: true, value: years[0]! };
  return { ok: false, message: `费款所属期“${text}”应为一个参保年度，如 2027 或 2027-01-01至2027-12-31` };
}

export function checkPaidRosterRow(
  cells: Partial<Record<TPaidRosterKey, string>>,
  options: { today: string },
): TRowCheck<TPaidRosterPayload | TPaidRosterFailedPayload, TPaidRosterKey> {
  const errors: TCellError<TPaidRosterKey>[] = [];
  const fail = (key: TPaidRosterKey, message: string) => errors.push({ key, message });
  const value = (key: TPaidRosterKey) => (cells[key] ?? '').trim();
  const person = checkIdentityCells(value, fail, options.today);
  const outcome = parseDeductionOutcome(value('result'));
  if (outcome === null) fail('result', `扣款结果“${value('result')}”无法识别：请写 成功，或 失败 及原因（如 余额不足）`);
  if (outcome === 'failed') return checkFailedRow(value, errors, fail, person);
  const ticket = value('ticket').replace(/\s+/g, '');
  if (!ticket) fail('ticket', '请填写电子税票号码');
  else if (!/^[0-9A-Za-z-]{6,40}$/.test(ticket)) fail('ticket', `电子税票号码“${value('ticket')}”格式不正确`);
  const year = readYear(value, fail);
  let amount: number | null = null;
  if (!value('amount')) fail('amount', '请填写个人缴费金额');
  else {
    const a = parseFen(value('amount'), '个人缴费金额');
    if (!a.ok) fail('amount', a.message);
    else if (a.value === 0) fail('amount', '个人缴费金额为 0 的行不是缴费记录');
    else amount = a.value;
  }
  let subsidy = 0;
  if (value('subsidy')) {
    const s = parseFen(value('subsidy'), '财政补助金额');
    if (s.ok) subsidy = s.value;
    else fail('subsidy', s.message);
  }
  if (value('total') && amount !== null) {
    const t = parseFen(value('total'), '合计金额');
    if (!t.ok) fail('total', t.message);
    else if (t.value !== amount + subsidy) fail('total', `合计金额 ${value('total')} 不等于个人缴费加财政补助（${((amount + subsidy) / 100).toFixed(2)}）`);
  }
  let paidAt: string | null = null;
  if (!value('paidAt')) fail('paidAt', '请填写缴费时间');
  else {
    const p = parsePaidAt(value('paidAt'));
    if (!p.ok) fail('paidAt', p.message);
    else if (p.value.slice(0, 10) > options.today) fail('paidAt', `缴费时间 ${p.value.slice(0, 10)} 晚于今天`);
    else paidAt = p.value;
  }
  const channel = readChannel(value, fail, 'tax');
  const ok = errors.length === 0 && person.name && person.documentNumber && ticket && year && amount && paidAt;
  return {
    errors,
    documentType: person.documentType,
    documentNumber: person.documentNumber,
    payload: ok ? { name: person.name!, ticket, year: year!, amount_fen: amount!, subsidy_fen: subsidy, paid_at: paidAt!, channel } : null,
  };
}

type CellValue = (key: TPaidRosterKey) => string;
type CellFail = (key: TPaidRosterKey, message: string) => void;

function readYear(value: CellValue, fail: CellFail): number | null {
  if (!value('period')) {
    fail('period', '请填写费款所属期');
    return null;
  }
  const p = parseFeePeriod(value('period'));
  if (p.ok) return p.value;
  fail('period', p.message);
  return null;
}

function readChannel(value: CellValue, fail: CellFail, fallback: TOfflineChannel): TOfflineChannel {
  if (!value('channel')) return fallback;
  const hit = CHANNEL_WORDS.find(([re]) => re.test(value('channel')));
  if (hit) return hit[1];
  fail('channel', `缴费渠道“${value('channel')}”无法识别（${Object.values(OFFLINE_CHANNELS).join('、')}）`);
  return fallback;
}

/** A failed deduction: the person and the year still matter (the preview names them); the money cells do not. */
function checkFailedRow(
  value: CellValue,
  errors: TCellError<TPaidRosterKey>[],
  fail: CellFail,
  person: ReturnType<typeof checkIdentityCells>,
): TRowCheck<TPaidRosterFailedPayload, TPaidRosterKey> {
  const year = readYear(value, fail);
  let amount: number | null = null;
  if (value('amount')) {
    const a = parseFen(value('amount'), '个人缴费金额');
    if (a.ok) amount = a.value;
    else fail('amount', a.message);
  }
  // Only a deduction fails: a failed line without a channel is the bank's answer to a card deduction file.
  const channel = readChannel(value, fail, 'card_deduction');
  const ok = errors.length === 0 && person.name && person.documentNumber && year;
  return {
    errors,
    documentType: person.documentType,
    documentNumber: person.documentNumber,
    payload: ok ? { name: person.name!, year: year!, amount_fen: amount, channel, failed: true, failure: value('result').slice(0, 100) } : null,
  };
}
