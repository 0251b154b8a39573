import { IMPORT_STATUS_NAMES, type TImportJob, type TImportStatus } from '@canbao/domain';

const tag = (status: TImportStatus, color: string) => ({ label: IMPORT_STATUS_NAMES[status], color });

/** A job's status as a tag: its name and colour. */
export const STATUS_TAGS: Record<TImportStatus, { label: string; color: string }> = {
  created: tag('created', 'default'),
  reading: tag('reading', 'processing'),
  validated: tag('validated', 'warning'),
  committing: tag('committing', 'processing'),
  committed: tag('committed', 'success'),
  failed: tag('failed', 'error'),
  cancelled: tag('cancelled', 'default'),
};

export function hasCounts(job: Pick<TImportJob, 'counts'>): boolean {
  return Object.keys(job.counts).length > 0;
}

/** "1.2 MB" */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** "45 秒" / "3 分 20 秒" / "1 小时 5 分" */
export function formatSeconds(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} 秒`;
  if (s < 3600) return `${Math.floor(s / 60)} 分${s % 60 ? ` ${s % 60} 秒` : ''}`;
  return `${Math.floor(s / 3600)} 小时${Math.floor((s % 3600) / 60) ? ` ${Math.floor((s % 3600) / 60)} 分` : ''}`;
}
