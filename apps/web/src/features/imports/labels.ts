import type { TImportJob, TImportStatus } from './api';

export const STATUS_TAGS: Record<TImportStatus, { label: string; color: string }> = {
  created: { label: '待上传', color: 'default' },
  reading: { label: '核对中', color: 'processing' },
  validated: { label: '待确认', color: 'warning' },
  committing: { label: '导入中', color: 'processing' },
  committed: { label: '已完成', color: 'success' },
  failed: { label: '失败', color: 'error' },
  cancelled: { label: '已取消', color: 'default' },
};

/** What a running job is doing, by its phase. */
export const PHASE_LABELS: Record<string, string> = {
  reading: '正在读取并逐行核对',
  validating: '正在核对重复和已登记人员',
  committing: '正在写入',
  auditing: '正在记录操作日志',
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
