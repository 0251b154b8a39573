import { CalculatorOutlined, EditOutlined, SyncOutlined } from '@ant-design/icons';
import { ZPolicyProfile, type TProfileUpdateResult } from '@canbao/domain';
import { Alert, Button, Card, Result, Skeleton, Space, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { isApiError } from '../../../api/client';
import { PageHeader } from '../../../components/page-header';
import { QueryErrorAlert } from '../../../components/query-error-alert';
import { useSession } from '../../auth/hooks/use-me';
import { ProfileEditor } from '../components/profile-editor';
import { ProfileStatusTag } from '../components/profile-status-tag';
import { YearStateTag } from '../../declarations/components/year-state';
import { useCampaignYears } from '../../declarations/hooks/use-declarations';
import { RecomputeModal } from '../components/recompute-modal';
import { ProfileView } from '../components/profile-view';
import { useProfile } from '../hooks/use-profiles';
import { issuePathLabel } from '../policy-text';

/** One profile, readable by every agency role; its own region's agency admin may edit it into a new version. */
export function PolicyDetailPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const { user } = useSession();
  const { data: detail, error, isPending, refetch } = useProfile(id);
  const [isEditing, setEditing] = useState(false);
  const [saved, setSaved] = useState<TProfileUpdateResult | null>(null);
  const [isRecomputeOpen, setRecomputeOpen] = useState(false);
  const years = useCampaignYears();
  // The campaign year this profile prices (the region's own, non-template): its state, closed or not.
  const yearItem = years.data?.items.find((i) => i.profileKey === id);

  const parsed = useMemo(() => (detail ? ZPolicyProfile.safeParse(detail.profile) : null), [detail]);
  const profile = parsed?.success ? parsed.data : null;
  // The server refuses other regions' profiles (403); the button is not offered for them.
  const canEdit = user.role === 'agency_admin' && detail?.regionCode === user.regionCode;
  // Declarations are priced by the region's own (non-template) profiles: those can be recomputed.
  const canRecompute = canEdit && detail?.template === false;

  if (isPending) {
    return (
      <>
        <PageHeader title="政策方案" backTo="/policies" />
        <Card>
          <Skeleton active paragraph={{ rows: 8 }} />
        </Card>
      </>
    );
  }
  if (error || !detail) {
    const isMissing = isApiError(error) && error.status === 404;
    return (
      <>
        <PageHeader title="政策方案" backTo="/policies" />
        {isMissing ? (
          <Card>
            <Result
              status="404"
              title="政策方案不存在"
              subTitle={`没有编号为“${id}”的政策方案。`}
              extra={<Button onClick={() => void navigate('/policies')}>返回方案列表</Button>}
            />
          </Card>
        ) : (
          <QueryErrorAlert error={error} onRetry={() => void refetch()} />
        )}
      </>
    );
  }

  return (
    <>
      <PageHeader
        title={detail.name}
        backTo="/policies"
        description={
          <Space size={8} wrap>
            <span>
              {detail.regionName} · {detail.insuranceYear} 年度 · 第 {detail.version} 版
            </span>
            <ProfileStatusTag profile={detail} />
            <YearStateTag item={yearItem} />
            {detail.regionCode !== user.regionCode && <Tag style={{ marginInlineEnd: 0 }}>其他统筹区（只读）</Tag>}
          </Space>
        }
        extra={
          <Space wrap>
            <Button icon={<CalculatorOutlined />} href={`/fee-quote?profile=${encodeURIComponent(detail.id)}`} target="_blank">
              按此方案试算
            </Button>
            {canRecompute && !isEditing && (
              <Button icon={<SyncOutlined />} onClick={() => setRecomputeOpen(true)}>
                重算预览
              </Button>
            )}
            {canEdit && !isEditing && profile && (
              <Button
                type="primary"
                icon={<EditOutlined />}
                onClick={() => {
                  setSaved(null);
                  setEditing(true);
                }}
              >
                编辑
              </Button>
            )}
          </Space>
        }
      />
      {saved && (
        <Alert
          type="success"
          showIcon
          closable={{ onClose: () => setSaved(null) }}
          title={<span data-testid="profile-saved">已保存为第 {saved.version} 版，新版本立即生效</span>}
          description={
            saved.warnings.length > 0 ? (
              <>
                <Typography.Text>请留意以下提醒：</Typography.Text>
                <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                  {saved.warnings.map((w, i) => (
                    <li key={i}>
                      <Typography.Text type="secondary">{issuePathLabel(w.path, profile ?? undefined)}：</Typography.Text>
                      {w.message}
                    </li>
                  ))}
                </ul>
              </>
            ) : undefined
          }
          style={{ marginBottom: 16 }}
        />
      )}
      {saved && saved.outdatedDeclarations > 0 && (
        <Alert
          type="warning"
          showIcon
          data-testid="profile-outdated"
          title={`${saved.outdatedDeclarations} 条申报按旧版本计费`}
          description="保存新版本不会改动已有申报的金额。请预览受影响的申报，确认后按新版本重算（已结算的申报不变）。"
          action={
            <Button type="primary" onClick={() => setRecomputeOpen(true)}>
              预览重算
            </Button>
          }
          style={{ marginBottom: 16 }}
        />
      )}
      {canRecompute && (
        <RecomputeModal
          profileId={detail.id}
          open={isRecomputeOpen}
          onClose={() => setRecomputeOpen(false)}
          onApplied={() => setSaved((s) => (s ? { ...s, outdatedDeclarations: 0 } : s))}
        />
      )}
      {!profile ? (
        <Alert
          type="warning"
          showIcon
          title="方案内容无法按当前格式解读"
          description={<pre style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{JSON.stringify(detail.profile, null, 2)}</pre>}
        />
      ) : isEditing && canEdit ? (
        <ProfileEditor
          key={detail.version}
          detail={detail}
          profile={profile}
          onCancel={() => setEditing(false)}
          onSaved={(result) => {
            setSaved(result);
            setEditing(false);
            window.scrollTo({ top: 0 });
          }}
        />
      ) : (
        <ProfileView detail={detail} profile={profile} />
      )}
    </>
  );
}
