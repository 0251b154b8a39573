import { useEffect, useMemo, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { PageHeader } from '../../../components/page-header';
import { useSession } from '../../auth/hooks/use-me';
import { useUnitOptions } from '../../units/hooks/use-units';
import { ImportJobPanel } from '../components/import-job-panel';
import { ImportJobsTable } from '../components/import-jobs-table';
import { ImportUploadCard } from '../components/import-upload-card';
import { useStartImport } from '../hooks/use-imports';
import { ENROLLMENT, kindsFor } from '../kinds';

/**
 * 批量导入: the upload card, the open job's panel (/imports/:id, so a reload or a shared link shows the same job)
 * and the earlier imports. One route for both, so the page stays mounted while a new job's file is still sending.
 */
export function ImportsPage() {
  const { id } = useParams();
  const navigate = useNavigate();
  const { user } = useSession();
  const isAgency = user.role === 'agency_admin';
  const units = useUnitOptions(isAgency);
  const [unitId, setUnitId] = useState<string>();
  const kinds = useMemo(() => kindsFor(user.role), [user.role]);
  // ?kind=paid_roster (the 对账 page's 导入已缴费名单) opens on that kind.
  const [searchParams] = useSearchParams();
  const [kindCode, setKindCode] = useState(() => searchParams.get('kind') ?? ENROLLMENT.code);
  const kind = kinds.find((k) => k.code === kindCode) ?? kinds[0] ?? ENROLLMENT;
  const { upload, mutation } = useStartImport((job) => void navigate(`/imports/${job.id}`));

  const unitNames = useMemo(() => (isAgency ? new Map((units.data ?? []).map((u) => [u.id, u.name])) : null), [isAgency, units.data]);
  const unitNameOf = (jobUnitId: string | null) =>
    jobUnitId === null ? `全统筹区（${user.regionName}）` : isAgency ? (unitNames?.get(jobUnitId) ?? null) : user.unitName;

  // Leaving or reloading the page ends the upload (moving inside the app does not): ask first.
  const isSending = upload?.isSending ?? false;
  useEffect(() => {
    if (!isSending) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [isSending]);

  // A failure before the job existed belongs to the upload card; after, to the job's panel.
  const failedJobId = mutation.isError ? (upload?.jobId ?? null) : null;

  return (
    <>
      <PageHeader
        title="批量导入"
        description="下载模板、填写名单后上传：先核对、预览，确认后一次写入。每次导入都有记录，错误可下载报告逐格修正。"
      />
      <ImportUploadCard
        kinds={kinds}
        kind={kind}
        onKindChange={(code) => {
          setKindCode(code);
          // An error of creating a job of one kind does not belong under another.
          if (mutation.isError && failedJobId === null) mutation.reset();
        }}
        chooseUnit={isAgency}
        units={units.data}
        unitsLoading={units.isPending && isAgency}
        unitId={unitId}
        onUnitChange={setUnitId}
        ownUnitName={user.unitName}
        regionName={user.regionName}
        isUploading={mutation.isPending}
        error={mutation.isError && failedJobId === null ? mutation.error : null}
        onFile={(file, contentType) => {
          mutation.reset();
          mutation.mutate({ kind: kind.code, file, contentType, unitId: isAgency && kind.needsUnit ? unitId : undefined });
        }}
      />
      {id && (
        <ImportJobPanel
          key={id}
          id={id}
          upload={upload && upload.jobId === id && upload.isSending ? { progress: upload.progress } : null}
          uploadError={failedJobId === id ? mutation.error : null}
          unitNameOf={unitNameOf}
        />
      )}
      <ImportJobsTable selectedId={id} unitNames={unitNames} />
    </>
  );
}
