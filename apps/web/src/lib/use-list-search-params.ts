import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';

export const DEFAULT_PAGE_SIZE = 20;
export const PAGE_SIZE_OPTIONS = [10, 20, 50, 100];

export type ListSearchParams<F extends string> = { page: number; pageSize: number } & Record<F, string>;

function positiveInt(value: string | null, fallback: number, max: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 ? Math.min(n, max) : fallback;
}

/**
 * Page, page size and text filters of a list page, kept in the URL so that a reload, a shared link or
 * the back button shows the same list. Changing a filter goes back to page 1.
 */
export function useListSearchParams<F extends string>(filterNames: readonly F[]) {
  const [searchParams, setSearchParams] = useSearchParams();
  const key = searchParams.toString();

  const params = useMemo(() => {
    const sp = new URLSearchParams(key);
    const out: Record<string, string | number> = {
      page: positiveInt(sp.get('page'), 1, 100_000),
      pageSize: positiveInt(sp.get('pageSize'), DEFAULT_PAGE_SIZE, 200),
    };
    for (const name of filterNames) out[name] = sp.get(name) ?? '';
    return out as ListSearchParams<F>;
    // filterNames is a constant list per page.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  const update = useCallback(
    (changes: Partial<Record<F | 'page' | 'pageSize', string | number | null>>) => {
      setSearchParams(
        () => {
          // The address bar, not the router's copy: React Router hands the updater the search params of the last
          // render, so two quick changes (a grade, then a class typed before the page re-rendered) lost the first.
          const sp = new URLSearchParams(window.location.search);
          const touchesFilter = Object.keys(changes).some((k) => k !== 'page' && k !== 'pageSize');
          for (const [k, v] of Object.entries(changes)) {
            if (v === null || v === undefined || v === '') sp.delete(k);
            else sp.set(k, String(v));
          }
          if (touchesFilter && !('page' in changes)) sp.delete('page');
          if (sp.get('page') === '1') sp.delete('page');
          if (sp.get('pageSize') === String(DEFAULT_PAGE_SIZE)) sp.delete('pageSize');
          return sp;
        },
        { replace: true },
      );
    },
    [setSearchParams],
  );

  return [params, update] as const;
}
