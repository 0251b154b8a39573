import { LoadingOutlined } from '@ant-design/icons';
import type { TImportJob } from '@canbao/domain';
import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Descriptions,
  Modal,
  Popconfirm,
  Result,
  Row,
  Space,
  Statistic,
  Steps,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { errorMessage, type UploadProgress } from '../../../api/client';
import { queryKeys } from '../../../api/query-keys';
import { QueryErrorAlert } from '../../../components/query-error-alert';
import { formatDateTime } from '../../../lib/datetime';
import { isRunning, useImportJob, useImportJobMutations } from '../hooks/use-imports';
import { confirmSummary, formatCount as n, jobFigures, jobTotals, kindOf, resultText, rowNoun, writeParts, type TFigureValue } from '../kinds';
import { STATUS_TAGS, formatBytes, hasCounts } from '../labels';
import { ImportPreview } from './import-preview';
import { ImportProgress } from './import-progress';

export interface ImportJobPanelProps {
  id: string;
  /** This tab is sending the job's file (null after a reload: the server's figures carry on). */
  upload: { progress: UploadProgress | null } | null;
  /** The upload's own failure (a 400 is also the failed job's message, shown once). */
  uploadError: unknown;
  unitNameOf: (unitId: string | null) => string | null;
}

type StepState = { current: number; status: 'wait' | 'process' | 'finish' | 'error' };

/** 上传 → 核对 → 提交 → 完成: where a job stands. */
function stepState(job: TImportJob, sending: boolean): StepState {
  switch (job.status) {
    case 'created':
      return { current: 0, status: 'process' };
    case 'reading':
      return { current: sending ? 0 : 1, status: 'process' };
    case 'validated':
    case 'committing':
      return { current: 2, status: 'process' };
    case 'committed':
      return { current: 3, status: 'finish' };
    case 'failed':
      return { current: 1, status: 'error' };
    case 'cancelled':
      return { current: 2, status: 'error' };
  }
}

function stepItems(job: TImportJob, state: StepState) {
  const noun = rowNoun(kindOf(job));
  const rows = job.rowsTotal ? `共 ${n(job.rowsTotal)} ${noun}` : job.rowsDone ? `已读取 ${n(job.rowsDone)} ${noun}` : undefined;
  const commitText: Partial<Record<TImportJob['status'], string>> = {
    validated: '待确认',
    committing: '正在写入',
    committed: '已写入',
    cancelled: '已取消',
  };
  return [
    { title: '上传', content: job.fileBytes !== null ? formatBytes(job.fileBytes) : undefined },
    { title: '核对', content: job.status === 'failed' ? '未通过' : rows },
    { title: '提交', content: commitText[job.status], icon: job.status === 'committing' ? <LoadingOutlined /> : undefined },
    { title: '完成', content: job.finishedAt && job.status === 'committed' ? formatDateTime(job.finishedAt, 'MM-DD HH:mm') : undefined },
  ].map((item, i) => ({ ...item, status: i < state.current ? ('finish' as const) : i === state.current ? state.status : ('wait' as const) }));
}

const TONE_COLORS = { success: '#389e0d', warning: '#d46b08', danger: '#cf1322' } as const;

/** The job's figures as the kind defines them (新增 / 更新 …, 匹配 / 未匹配 …), one card each. */
function CountStatistics({ figures }: { figures: TFigureValue[] }) {
  return (
    <Row gutter={[16, 16]} style={{ marginBottom: 16 }} data-testid="import-counts">
      {figures.map((f) => (
        <Col key={f.key} flex="1 1 140px">
          <Card size="small" data-testid={`import-count-${f.key}`}>
            <Statistic
              title={f.label}
              value={f.value}
              suffix={f.unit}
              styles={{ content: { color: f.tone && f.value > 0 ? TONE_COLORS[f.tone] : undefined } }}
            />
          </Card>
        </Col>
      ))}
    </Row>
  );
}

/**
 * One import job: its steps, progress while it runs, the preview of what the file would change, the rows with
 * errors, the decision (import, or import the valid rows only) and the outcome. Everything comes from the server,
 * so the panel looks the same after a reload.
 */
export function ImportJobPanel({ id, upload, uploadError, unitNameOf }: ImportJobPanelProps) {
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { data: job, error, refetch } = useImportJob(id, upload !== null);
  const mutations = useImportJobMutations(id);
  const [allowErrors, setAllowErrors] = useState(false);
  const [confirming, setConfirming] = useState(false);

  // A job just started in this tab opens below the upload card: bring it into view.
  const panel = useRef<HTMLDivElement>(null);
  const startedHere = useRef(upload !== null);
  const hasJob = job !== undefined;
  useEffect(() => {
    if (!hasJob || !startedHere.current) return;
    startedHere.current = false;
    panel.current?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  }, [hasJob]);

  // A job that stops running changes the list, its rows and — once committed — the persons, and for the money
  // kinds (paid rosters, bank results) the declarations, settlements, reconciliation and receipts.
  const status = job?.status;
  const previous = useRef(status);
  useEffect(() => {
    const was = previous.current;
    previous.current = status;
    if (!status || was === status || !(isRunning(was) || was === 'created')) return;
    void queryClient.invalidateQueries({ queryKey: queryKeys.imports.all });
    if (status === 'committed') {
      for (const queryKey of [queryKeys.persons.all, queryKeys.declarations.all, queryKeys.settlements.all, queryKeys.reconciliation.all, queryKeys.receipts.all]) {
        void queryClient.invalidateQueries({ queryKey });
      }
    }
  }, [status, queryClient]);

  if (error) return <QueryErrorAlert error={error} onRetry={() => void refetch()} title="导入任务加载失败" />;
  if (!job) return <Card loading style={{ marginBottom: 16 }} />;

  const progress = upload?.progress ?? null;
  const sending = upload !== null && (progress === null || progress.loaded < progress.total);
  const kind = kindOf(job);
  const figures = jobFigures(job);
  const { errors, writes: importable } = jobTotals(figures);
  const tag = STATUS_TAGS[job.status];
  const canCancel = job.status === 'validated' || (job.status === 'created' && upload === null);
  const commitBlocked =
    errors > 0 && !allowErrors
      ? kind.isZip
        ? `有 ${n(errors)} 个文件存在错误：修正后重新打包上传，或勾选“仅导入无误的文件”`
        : `有 ${n(errors)} 行存在错误：请下载错误报告修正后重新上传，或勾选“仅导入无误的行”`
      : importable === 0
        ? `没有需要写入的行（全部${kind.unmatchedNote ? '未匹配、' : ''}无变化或有错误）`
        : null;
  const uploadErrorText = uploadError ? errorMessage(uploadError) : null;

  // Only the dialog's own button writes: it says first what will be written and what will not.
  const commit = () =>
    mutations.commit.mutate(allowErrors, {
      onSuccess: () => void message.info('已开始导入，正在写入'),
      onSettled: () => setConfirming(false),
    });

  return (
    <Card
      ref={panel}
      data-testid="import-job-panel"
      // Clear of the sticky header when scrolled into view.
      style={{ marginBottom: 16, scrollMarginTop: 72 }}
      title={
        <Space size={8} wrap>
          <span>{job.kindName}</span>
          <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
            {job.fileName}
          </Typography.Text>
          <Tag color={tag.color} data-testid="import-status">
            {tag.label}
          </Tag>
        </Space>
      }
      extra={
        canCancel && (
          <Popconfirm
            title="取消这次导入？"
            description="已上传的文件和核对结果将被删除，不会写入任何数据。"
            okText="取消导入"
            cancelText="不取消"
            onConfirm={() =>
              mutations.cancel.mutateAsync().then(
                () => void message.success('已取消导入'),
                (e: unknown) => void message.error(errorMessage(e, '取消失败')),
              )
            }
          >
            <Button danger>取消导入</Button>
          </Popconfirm>
        )
      }
    >
      <Steps size="small" items={stepItems(job, stepState(job, sending))} style={{ marginBottom: 20 }} />

      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2, md: 4 }}
        style={{ marginBottom: 12 }}
        items={[
          { key: 'unit', label: '导入到', children: unitNameOf(job.unitId) ?? '—' },
          { key: 'by', label: '上传人', children: job.createdBy ?? '—' },
          { key: 'at', label: '上传时间', children: formatDateTime(job.createdAt) },
          { key: 'format', label: '文件', children: [job.fileFormat?.toUpperCase(), job.fileEncoding?.toUpperCase()].filter(Boolean).join(' · ') || '—' },
        ]}
      />

      {job.status === 'failed' && (
        <Alert type="error" showIcon title="文件未通过核对，没有写入任何数据" description={job.message ?? uploadErrorText ?? '读取文件失败'} style={{ marginBottom: 16 }} />
      )}
      {job.status !== 'failed' && uploadErrorText && uploadErrorText !== job.message && (
        <Alert type="error" showIcon title="上传失败" description={uploadErrorText} style={{ marginBottom: 16 }} />
      )}
      {job.status === 'validated' && job.message && (
        <Alert type="warning" showIcon title={job.message} style={{ marginBottom: 16 }} data-testid="import-message" />
      )}
      {job.status === 'created' && upload === null && (
        <Alert
          type="info"
          showIcon
          title="这个导入任务还没有收到文件"
          description="上传可能因刷新页面或网络中断而没有完成。请取消它，然后重新选择文件上传。"
          style={{ marginBottom: 16 }}
        />
      )}

      {(isRunning(job.status) || sending) && <ImportProgress job={job} upload={upload} />}

      {job.status === 'committed' && (
        <Result
          data-testid="import-result"
          status="success"
          title="导入完成"
          subTitle={resultText(figures)}
          extra={
            kind.resultLink ? (
              <Button type="primary" onClick={() => void navigate(kind.resultLink!(job.id).path)}>
                {kind.resultLink(job.id).label}
              </Button>
            ) : (
              <Button onClick={() => void navigate('/persons')}>查看参保人员</Button>
            )
          }
          style={{ padding: '8px 0 24px' }}
        />
      )}

      {hasCounts(job) && <CountStatistics figures={figures} />}
      {job.status === 'committed' && (job.counts.conflict ?? 0) > 0 && (
        <Alert
          type="warning"
          showIcon
          title={`${job.counts.conflict} 行在核对之后已被其他单位登记，未导入；详见错误报告`}
          style={{ marginBottom: 16 }}
        />
      )}

      {hasCounts(job) && <ImportPreview job={job} kind={kind} />}

      {job.status === 'validated' && (
        <div data-testid="import-commit">
          {mutations.commit.error && (
            <Alert type="error" showIcon title="未能开始导入" description={errorMessage(mutations.commit.error)} style={{ marginBottom: 12 }} />
          )}
          <Space orientation="vertical" size={8}>
            {errors > 0 && (
              <Checkbox checked={allowErrors} onChange={(e) => setAllowErrors(e.target.checked)}>
                {kind.isZip ? '仅导入无误的文件（跳过有错误的文件）' : '仅导入无误的行（跳过有错误的行）'}
              </Checkbox>
            )}
            <Space wrap>
              <Button type="primary" disabled={commitBlocked !== null} loading={mutations.commit.isPending} onClick={() => setConfirming(true)}>
                确认导入
              </Button>
              {commitBlocked ? (
                <Typography.Text type="secondary" data-testid="import-commit-blocked">
                  {commitBlocked}
                </Typography.Text>
              ) : (
                <Typography.Text type="secondary">
                  {kind.commitText(importable, writeParts(figures))}
                </Typography.Text>
              )}
            </Space>
          </Space>
          <Modal
            open={confirming}
            title="确认导入"
            okText="确认导入"
            cancelText="取消"
            confirmLoading={mutations.commit.isPending}
            onOk={commit}
            onCancel={() => setConfirming(false)}
            destroyOnHidden
          >
            <Typography.Paragraph strong data-testid="import-confirm-summary">
              {confirmSummary(job)}
            </Typography.Paragraph>
            <Descriptions
              size="small"
              column={1}
              items={[
                { key: 'file', label: '文件', children: job.fileName },
                { key: 'unit', label: '导入到', children: unitNameOf(job.unitId) ?? '—' },
              ]}
            />
            <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
              全部写入或全部不写入；写入后不能撤销。点“取消”不会写入任何数据。
            </Typography.Paragraph>
          </Modal>
        </div>
      )}
    </Card>
  );
}
