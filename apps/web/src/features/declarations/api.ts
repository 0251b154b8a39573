import {
  declarationsApi,
  type CallInput,
  type TBatchDeclareInput,
  type TBatchResult,
  type TCampaignProgress,
  type TCampaignYears,
  type TDeclaration,
  type TDeclarationPage,
  type TPersonDeclaration,
} from '@canbao/domain';
import { call, urlOf } from '../../api/client';

type ExportQuery = NonNullable<CallInput<typeof declarationsApi.export>['query']>;
type ListQuery = NonNullable<CallInput<typeof declarationsApi.list>['query']>;

/** The list's filters as a page holds them: the year chosen, "only leavers" as a yes/no (an empty filter is left out). */
export type DeclarationFilters = Omit<ExportQuery, 'year' | 'flagged'> & { year: number; flagged?: boolean };

/** The list's query: the filters, page and page size. */
export type DeclarationListParams = DeclarationFilters & Pick<ListQuery, 'page' | 'pageSize'>;

const toQuery = (f: DeclarationFilters) => ({ ...f, flagged: f.flagged ? ('true' as const) : undefined });

export const getCampaignYears = (signal?: AbortSignal): Promise<TCampaignYears> => call(declarationsApi.campaignYears, {}, { signal });

/** 参保缴费进度: the caller's scope (a unit sees itself; the region's staff every unit). */
export const getCampaignProgress = (year: number, signal?: AbortSignal): Promise<TCampaignProgress> =>
  call(declarationsApi.progress, { query: { year } }, { signal });

export const findDeclarations = (params: DeclarationListParams, signal?: AbortSignal): Promise<TDeclarationPage> =>
  call(declarationsApi.list, { query: { ...toQuery(params), page: params.page, pageSize: params.pageSize } }, { signal });

/** The xlsx of the list under the same filters (masked, audited); a plain link carries the session cookie. */
export const declarationsExportUrl = (filters: DeclarationFilters): string => urlOf(declarationsApi.export, { query: toQuery(filters) });

/** Every declaration under the filters, page by page (the API pages at most 200). */
export async function findAllDeclarations(filters: DeclarationFilters, signal?: AbortSignal): Promise<TDeclaration[]> {
  const out: TDeclaration[] = [];
  for (let page = 1; ; page++) {
    const res = await findDeclarations({ ...filters, page, pageSize: 200 }, signal);
    out.push(...res.items);
    if (res.items.length === 0 || out.length >= res.total) return out;
  }
}

export const getDeclaration = (id: string, signal?: AbortSignal): Promise<TDeclaration> => call(declarationsApi.get, { params: { id } }, { signal });

/** A person's declarations of every year, with what was paid and the receipt. */
export async function findPersonDeclarations(personId: string, signal?: AbortSignal): Promise<TPersonDeclaration[]> {
  return (await call(declarationsApi.ofPerson, { params: { id: personId } }, { signal })).items;
}

export const declareBatch = (input: TBatchDeclareInput): Promise<TBatchResult> => call(declarationsApi.declareBatch, { body: input });

export const removeDeclaration = (id: string, reason: string): Promise<TDeclaration> => call(declarationsApi.remove, { params: { id }, body: { reason } });

/** 参保缴费确认 of the ids given (always explicit: what the dialog showed is what gets confirmed). */
export const confirmDeclarations = (input: { year: number; ids: string[] }): Promise<{ confirmed: number }> =>
  call(declarationsApi.confirm, { body: input });
