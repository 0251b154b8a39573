import { gradeName, type TNotice } from '@canbao/domain';

/** Notices per A4 sheet: three strips of about 95 mm, cut along the dashed lines. */
export const NOTICES_PER_SHEET = 3;

/** The address the notice's QR code holds: this site's pay page of the token (码上缴社保). */
export function noticePayUrl(origin: string, token: string): string {
  return `${origin.replace(/\/+$/, '')}/pay/${encodeURIComponent(token)}`;
}

/** Items cut into sheets of `perSheet` (the last one may be shorter). */
export function toSheets<T>(items: readonly T[], perSheet = NOTICES_PER_SHEET): T[][] {
  if (perSheet < 1) throw new RangeError('perSheet must be at least 1');
  const sheets: T[][] = [];
  for (let i = 0; i < items.length; i += perSheet) sheets.push(items.slice(i, i + perSheet));
  return sheets;
}

export interface NoticeClassGroup {
  gradeCode: string | null;
  className: string | null;
  /** “小学一年级 1班”, or “未分班”. */
  label: string;
  count: number;
  open: number;
  paid: number;
}

/** The classes of a settlement's notices, in grade and class order, with how many are still open: one print each. */
export function noticeClasses(notices: readonly TNotice[]): NoticeClassGroup[] {
  const groups = new Map<string, NoticeClassGroup>();
  for (const n of notices) {
    const key = `${n.gradeCode ?? ''}\u0000${n.className ?? ''}`;
    let g = groups.get(key);
    if (!g) {
      const label = [n.gradeCode ? gradeName(n.gradeCode) : '', n.className ?? ''].filter(Boolean).join(' ') || '未分班';
      g = { gradeCode: n.gradeCode, className: n.className, label, count: 0, open: 0, paid: 0 };
      groups.set(key, g);
    }
    g.count++;
    if (n.status === 'open') g.open++;
    if (n.status === 'paid') g.paid++;
  }
  return [...groups.values()].sort(
    (a, b) => (a.gradeCode ?? '').localeCompare(b.gradeCode ?? '') || (a.className ?? '').localeCompare(b.className ?? '', 'zh-CN', { numeric: true }),
  );
}

/** The print page's address for one class (or all notices without a class). */
export function noticePrintPath(settlementId: string, group?: Pick<NoticeClassGroup, 'gradeCode' | 'className'>): string {
  const params = new URLSearchParams();
  if (group?.className) params.set('className', group.className);
  if (group?.gradeCode) params.set('gradeCode', group.gradeCode);
  const qs = params.toString();
  return `/settlements/${encodeURIComponent(settlementId)}/notices/print${qs ? `?${qs}` : ''}`;
}

/** Share of the payable collected, 0–100, for the progress bar (whole percent, never 100 before it is all paid). */
export function paidPercent(paidFen: number, payableFen: number): number {
  if (payableFen <= 0) return 100;
  if (paidFen >= payableFen) return 100;
  return Math.min(99, Math.floor((paidFen * 100) / payableFen));
}
