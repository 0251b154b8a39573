import type { TImportJob, TImportKindCode, TImportStatus } from '@canbao/domain';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { UploadProgress } from '../../../api/client';
import { queryKeys } from '../../../api/query-keys';
import {
  cancelImport,
  commitImport,
  createImport,
  findImportRows,
  findImports,
  getImport,
  uploadImportFile,
  type ImportListParams,
  type ImportRowParams,
} from '../api';

/** How often a running job is asked for its progress. */
export const POLL_MS = 700;

export const isRunning = (status: TImportStatus | undefined) => status === 'reading' || status === 'committing';

export function useImports(params: ImportListParams) {
  return useQuery({
    queryKey: queryKeys.imports.list(params),
    queryFn: ({ signal }) => findImports(params, signal),
    placeholderData: keepPreviousData,
    // A job running in another tab (or after a reload) shows its status moving here too.
    refetchInterval: (query) => (query.state.data?.items.some((j) => isRunning(j.status)) ? 3000 : false),
  });
}

/**
 * One job, polled every POLL_MS while the server reads or commits it — and while this tab is still sending its file,
 * when the job may not have left 'created' yet. After a reload the polling resumes from the server's state.
 */
export function useImportJob(id: string | undefined, isUploading = false) {
  return useQuery({
    queryKey: queryKeys.imports.detail(id ?? ''),
    queryFn: ({ signal }) => getImport(id ?? '', signal),
    enabled: Boolean(id),
    refetchInterval: (query) => (isUploading || isRunning(query.state.data?.status) ? POLL_MS : false),
  });
}

export function useImportRows(id: string, params: ImportRowParams, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.imports.rows(id, params),
    queryFn: ({ signal }) => findImportRows(id, params, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export interface UploadState {
  jobId: string;
  /** Still sending the file (or waiting for the server's verdict on it). */
  isSending: boolean;
  progress: UploadProgress | null;
}

/**
 * The upload of a new file: create the job, hand its id to `onCreated` (the page navigates to the job's panel),
 * then send the file with its progress. The server's answer — the validated job, or a 400 whose message the
 * failed job also carries — lands in the job's cache entry.
 */
export function useStartImport(onCreated: (job: TImportJob) => void) {
  const queryClient = useQueryClient();
  const [upload, setUpload] = useState<UploadState | null>(null);
  const mutation = useMutation({
    mutationFn: async (input: { kind: TImportKindCode; file: File; contentType: string; unitId?: string }) => {
      setUpload(null);
      const job = await createImport({ kind: input.kind, fileName: input.file.name, unitId: input.unitId });
      queryClient.setQueryData(queryKeys.imports.detail(job.id), job);
      setUpload({ jobId: job.id, isSending: true, progress: null });
      onCreated(job);
      void queryClient.invalidateQueries({ queryKey: queryKeys.imports.all });
      try {
        const validated = await uploadImportFile(job.id, input.file, input.contentType, (progress) =>
          setUpload((u) => (u && u.jobId === job.id ? { ...u, progress } : u)),
        );
        queryClient.setQueryData(queryKeys.imports.detail(job.id), validated);
        return validated;
      } finally {
        setUpload((u) => (u && u.jobId === job.id ? { ...u, isSending: false } : u));
        // Lists, and the job itself after a 400 (it failed, with the message).
        await queryClient.invalidateQueries({ queryKey: queryKeys.imports.all });
      }
    },
  });
  return { upload, mutation };
}

/** Commit and cancel of one job; the answer replaces the cached job, which then polls until the commit ends. */
export function useImportJobMutations(id: string) {
  const queryClient = useQueryClient();
  const settle = async (job?: TImportJob) => {
    if (job) queryClient.setQueryData(queryKeys.imports.detail(id), job);
    await queryClient.invalidateQueries({ queryKey: queryKeys.imports.all });
  };
  return {
    commit: useMutation({ mutationFn: (allowErrors: boolean) => commitImport(id, allowErrors), onSuccess: settle }),
    cancel: useMutation({ mutationFn: () => cancelImport(id), onSuccess: () => settle() }),
  };
}
