import type { TCardStatus } from '../registry/membership';
import { parseCellCode } from './cells';
import { checkIdentityCells } from './person-cells';
import type { TCellError, TImportColumn, TRowCheck } from './enrollment';

/** What the card centre's list says of a person's card, as its sheets word it. */
export const CARD_CENTRE_STATUS_NAMES = { none: '未制卡', in_production: '制卡中', issued: '已制卡' } as const satisfies Partial<Record<TCardStatus, string>>;
export type TCardCentreStatus = keyof typeof CARD_CENTRE_STATUS_NAMES;

/**
 * 制卡状态 from the card centre (Suzhou 000 四.8's 居民医保制卡查询): matched by document number across the region; the
 * person's card status becomes what the centre says. A card newly made (已制卡 for someone who had none) waits for
 * the unit to collect it.
 */
export const CARD_STATUS_COLUMNS = [
  { key: 'name', header: '姓名', required: true, note: '与登记的姓名一致', example: '林晓雨', width: 12 },
  { key: 'documentType', header: '证件类型', note: '默认 01 居民身份证', example: '01', width: 10 },
  { key: 'documentNumber', header: '证件号码', aliases: ['身份证号', '身份证号码', '公民身份号码'], required: true, note: '完整的证件号码', example: '320508201805090247', width: 22 },
  { key: 'status', header: '制卡状态', aliases: ['状态', '卡状态'], required: true, note: '未制卡 / 制卡中 / 已制卡', options: Object.values(CARD_CENTRE_STATUS_NAMES), example: '已制卡', width: 12 },
] as const satisfies readonly TImportColumn[];

export type TCardStatusKey = (typeof CARD_STATUS_COLUMNS)[number]['key'];
export type TCardStatusPayload = { name: string; card_status: TCardCentreStatus };

export function checkCardStatusRow(cells: Partial<Record<TCardStatusKey, string>>, options: { today: string }): TRowCheck<TCardStatusPayload, TCardStatusKey> {
  const errors: TCellError<TCardStatusKey>[] = [];
  const fail = (key: TCardStatusKey, message: string) => errors.push({ key, message });
  const value = (key: TCardStatusKey) => (cells[key] ?? '').trim();
  const person = checkIdentityCells(value, fail, options.today);
  let status: TCardCentreStatus | null = null;
  if (!value('status')) fail('status', '请填写制卡状态');
  else {
    const s = parseCellCode(value('status'), CARD_CENTRE_STATUS_NAMES, '制卡状态', { 未办卡: 'none', 无卡: 'none', 已发卡: 'issued', 已领卡: 'issued', 已有卡: 'issued', 待领卡: 'issued' });
    if (s.ok) status = s.value;
    else fail('status', s.message);
  }
  const ok = errors.length === 0 && person.name && person.documentNumber && status;
  return {
    errors,
    documentType: person.documentType,
    documentNumber: person.documentNumber,
    payload: ok ? { name: person.name!, card_status: status! } : null,
  };
}
