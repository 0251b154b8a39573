import { z } from 'zod';
import { validateDocument } from '../identity/documents';
import { SUPPORTED_BANKS, type TBankCode } from '../registry/banks';
import { ZIdParams, ZYearQuery, endpoint } from './contract';

/**
 * 银行卡代扣 (Nantong 004 五, channel 7; issue 16 item 6): a person's deduction agreement — the bank and account the
 * payer (the person, or a parent for a child) signed for — and the agency's deduction file per bank, like the
 * units' bank deduction. The bank's answer comes back through the paid roster import (import kind `paid_roster`,
 * channel 银行卡代扣, column 扣款结果): a deducted line pays the declaration, a failed one records nothing.
 * The account is kept in full for the bank's file and never shown in full anywhere else.
 */

const BANK_CODES = SUPPORTED_BANKS.map((b) => b.code) as [TBankCode, ...TBankCode[]];

/** Account numbers of a person's bank card or passbook: 12–30 digits, spaces allowed while typing. */
export const ZDeductionAccountNumber = z
  .string({ message: '请填写扣款账号' })
  .transform((v) => v.replace(/\s+/g, ''))
  .pipe(z.string().min(1, '请填写扣款账号').regex(/^\d{12,30}$/, '扣款账号应为 12–30 位数字（空格可省略）'));

export const ZDeductionAgreementInput = z.object({
  bankCode: z.enum(BANK_CODES, { message: '请选择代扣银行（须为可划扣医保费的银行）' }),
  accountNumber: ZDeductionAccountNumber,
  /** The name on the account: the person, or a parent paying for a child. */
  accountHolder: z.string({ message: '请填写账户名称' }).trim().min(1, '请填写账户名称（持卡人姓名）').max(40, '账户名称不超过 40 字'),
  /** The holder's resident ID number, when the bank's agreement names it. */
  holderIdNumber: z
    .string()
    .trim()
    .transform((v) => v.toUpperCase())
    .superRefine((v, c) => {
      if (!v) return;
      const r = validateDocument('01', v);
      if (!r.ok) c.addIssue({ code: 'custom', message: `账户持有人身份证号码不正确：${r.message}` });
    })
    .nullish(),
  /** The day the agreement was signed (not in the future). */
  signedOn: z.iso.date('签约日期格式应为 YYYY-MM-DD'),
});
export type TDeductionAgreementInput = z.input<typeof ZDeductionAgreementInput>;

/** A live agreement as every page shows it: the account masked (***************5678). */
export const ZDeductionAgreement = z.object({
  personId: z.string(),
  bankCode: z.string(),
  bankName: z.string(),
  accountNumberMasked: z.string(),
  accountHolder: z.string(),
  holderIdNumberMasked: z.string().nullable(),
  signedOn: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
});
export type TDeductionAgreement = z.infer<typeof ZDeductionAgreement>;

export const ZDeductionAgreementAnswer = z.object({ agreement: ZDeductionAgreement.nullable() });
export type TDeductionAgreementAnswer = z.infer<typeof ZDeductionAgreementAnswer>;

/** Per bank: the live agreements and, of the year, the declarations awaiting their person's payment that its file lists. */
export const ZCardDeductionBank = z.object({
  bankCode: z.string(),
  bankName: z.string(),
  agreements: z.number().int(),
  due: z.number().int(),
  dueFen: z.number().int(),
});
export type TCardDeductionBank = z.infer<typeof ZCardDeductionBank>;

export const ZCardDeductionFileQuery = z.object({
  year: ZYearQuery,
  bankCode: z.enum(BANK_CODES, { message: '请选择代扣银行（须为可划扣医保费的银行）' }),
});

const XLSX = ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'] as const;
const holders = { roles: ['agency_admin', 'unit_operator'], params: { id: 'person' } } as const;
const agency = { roles: ['agency_admin'] } as const;

export const cardDeductionApi = {
  agreement: endpoint({
    method: 'GET',
    path: '/api/v1/persons/:id/deduction-agreement',
    access: holders,
    tags: ['persons'],
    summary: '银行卡代扣协议（银行、脱敏账号、账户名称、签约日期）；未签订时为 null',
    params: ZIdParams,
    responses: { 200: ZDeductionAgreementAnswer },
  }),
  signAgreement: endpoint({
    method: 'PUT',
    path: '/api/v1/persons/:id/deduction-agreement',
    access: holders,
    tags: ['persons'],
    summary: '签订或更换银行卡代扣协议（原协议解除并保留记录；记入审计日志）',
    params: ZIdParams,
    body: ZDeductionAgreementInput,
    responses: { 200: ZDeductionAgreementAnswer },
  }),
  revokeAgreement: endpoint({
    method: 'DELETE',
    path: '/api/v1/persons/:id/deduction-agreement',
    access: holders,
    tags: ['persons'],
    summary: '解除银行卡代扣协议（保留记录，此后不再进入代扣文件；记入审计日志）',
    params: ZIdParams,
    responses: { 204: z.null() },
  }),
  banks: endpoint({
    method: 'GET',
    path: '/api/v1/reconciliation/card-deduction-banks',
    access: agency,
    tags: ['payments'],
    summary: '个人银行卡代扣：各银行的有效协议数和本年度待代扣笔数、金额',
    query: z.object({ year: ZYearQuery }),
    responses: { 200: z.object({ items: z.array(ZCardDeductionBank) }) },
  }),
  file: endpoint({
    method: 'GET',
    path: '/api/v1/reconciliation/card-deduction-file',
    access: agency,
    tags: ['payments'],
    summary: '导出个人银行卡代扣文件（按银行：待个人缴费的申报及其代扣协议账号；含完整证件号码和账号，记入审计日志；银行返回后按已缴费名单导入）',
    query: ZCardDeductionFileQuery,
    responses: {},
    file: XLSX,
  }),
};
