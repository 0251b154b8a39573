import { IMPORT_PHASE_NAMES, type TImportJob } from '@canbao/domain';
import { Progress, Space, Typography } from 'antd';
import type { UploadProgress } from '../../../api/client';
import { formatBytes, formatSeconds } from '../labels';
import { kindOf, rowNoun } from '../kinds';

function percentOf(done: number, total: number): number {
  return total > 0 ? Math.min(100, Math.floor((done / total) * 100)) : 0;
}

/**
 * Progress of a running job from what the server reports (rows done, rows per second, time left) and, while this
 * tab sends the file, the bytes sent: the server reads as the file streams in, so the bytes are the best measure
 * of the reading. After a reload only the server's figures remain, and the bar goes on from them.
 */
export function ImportProgress({ job, upload }: { job: TImportJob; upload: { progress: UploadProgress | null } | null }) {
  // Another tab (or this one before a reload) sends the file: only the server's figures are known here.
  const sentElsewhere = upload === null && (job.status === 'created' || job.phase === 'reading');
  const progress = upload?.progress ?? null;
  const sending = upload !== null && (progress === null || progress.loaded < progress.total);
  const phase = job.phase ?? (job.status === 'committing' ? 'committing' : 'reading');
  let percent: number | null = null;
  // The commit writes in one transaction: until it reports rows, a moving bar says more than 0 %.
  if (job.status === 'committing' && job.rowsTotal && job.rowsDone > 0) percent = percentOf(job.rowsDone, job.rowsTotal);
  else if (sending) percent = progress ? percentOf(progress.loaded, progress.total) : 0;

  const kind = kindOf(job);
  const noun = rowNoun(kind);
  const figures: string[] = [];
  if (job.status === 'committing' && job.rowsTotal) {
    figures.push(job.rowsDone > 0 ? `${job.rowsDone.toLocaleString('zh-CN')} / ${job.rowsTotal.toLocaleString('zh-CN')} ${noun}` : `共 ${job.rowsTotal.toLocaleString('zh-CN')} ${noun}`);
  }
  else if (job.rowsDone > 0) figures.push(`已读取 ${job.rowsDone.toLocaleString('zh-CN')} ${noun}`);
  if (job.rowsPerSec) figures.push(`${job.rowsPerSec.toLocaleString('zh-CN')} ${kind.isZip ? '个' : '行'}/秒`);
  if (job.secondsLeft !== null && job.secondsLeft > 0) figures.push(`预计剩余 ${formatSeconds(job.secondsLeft)}`);

  const title =
    job.status === 'created' || sending
      ? '正在上传文件，边上传边核对'
      : (IMPORT_PHASE_NAMES[phase] ?? '正在处理');

  return (
    <div data-testid="import-progress" style={{ marginBottom: 16 }}>
      <Space size={12} wrap style={{ marginBottom: 4 }}>
        <Typography.Text strong>{title}…</Typography.Text>
        {sending && progress && (
          <Typography.Text type="secondary">
            已上传 {formatBytes(progress.loaded)} / {formatBytes(progress.total)}
          </Typography.Text>
        )}
        {figures.length > 0 && <Typography.Text type="secondary">{figures.join(' · ')}</Typography.Text>}
      </Space>
      {percent === null ? (
        // Rows still to come are unknown until the whole file is read: a moving bar, not a made-up percentage.
        <Progress percent={100} status="active" showInfo={false} strokeColor="#91caff" />
      ) : (
        <Progress percent={percent} status="active" />
      )}
      {sentElsewhere && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          文件由选择它的页面发送。若那个页面已刷新或关闭，上传会中断，任务将在约 2 分钟后自动结束，届时请重新上传。
        </Typography.Text>
      )}
    </div>
  );
}
