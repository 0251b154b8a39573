import { PersonDeclarationsCard } from '../components/person-declarations';
import { DeductionAgreementCard } from '../../card-deduction/components/deduction-agreement-card';
import { EyeOutlined, UploadOutlined } from '@ant-design/icons';
import {
  CARD_STATUS_NAMES,
  GENDER_NAMES,
  HUKOU_SPECIAL_CASES,
  PERSON_HUKOU_NAMES,
  PERSON_STATUS_NAMES,
  ageOn,
  auditActionName,
  gradeName,
  type TPersonDetail,
} from '@canbao/domain';
import { Alert, App, Button, Card, Col, Descriptions, Empty, Popconfirm, Row, Space, Tag, Timeline, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { errorMessage } from '../../../api/client';
import { EmptyText } from '../../../components/empty-text';
import { FullPageSpin } from '../../../components/full-page-spin';
import { PageHeader } from '../../../components/page-header';
import { QueryErrorAlert } from '../../../components/query-error-alert';
import { cityToday, formatDateTime } from '../../../lib/datetime';
import { useMe } from '../../auth/hooks/use-me';
import { photoUrl } from '../api';
import { EditPersonDrawer, RealDocumentModal, StopPersonModal, TransferPersonModal } from '../components/person-actions';
import { PersonExemptions } from '../components/person-exemptions';
import { RevealModal } from '../components/reveal-modal';
import { usePerson, usePersonMutations, usePersonTimeline } from '../hooks/use-persons';

type Dialog = 'edit' | 'stop' | 'transfer' | 'document' | 'reveal' | null;

const orEmpty = (v: string | number | null | undefined) => (v === null || v === undefined || v === '' ? <EmptyText /> : v);

function PersonPhoto({ person, canEdit, mutations }: { person: TPersonDetail; canEdit: boolean; mutations: ReturnType<typeof usePersonMutations> }) {
  const { message } = App.useApp();
  const input = useRef<HTMLInputElement>(null);
  const upload = (file: File | undefined) => {
    if (!file) return;
    mutations.uploadPhoto.mutate(file, {
      onSuccess: () => void message.success('照片已上传'),
      onError: (e) => void message.error(errorMessage(e, '照片上传失败')),
    });
  };
  return (
    <Card title="制卡照片" style={{ marginBottom: 16 }}>
      {person.needsPhotoForCard && person.status === 'active' && (
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} title="年满 7 周岁且未领社保卡，需采集制卡照片" />
      )}
      {person.photo ? (
        <Space align="start" size={16}>
          <img
            src={photoUrl(person.id, person.photo.uploadedAt)}
            alt={`${person.name}的照片`}
            style={{ width: 130, height: 160, objectFit: 'cover', border: '1px solid #f0f0f0', borderRadius: 4 }}
          />
          <Typography.Text type="secondary">
            {person.photo.width}×{person.photo.height} 像素，{Math.round(person.photo.sizeBytes / 1024)} KB
            <br />
            上传于 {formatDateTime(person.photo.uploadedAt)}
          </Typography.Text>
        </Space>
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="未上传照片" />
      )}
      {canEdit && (
        <Space style={{ marginTop: 12 }}>
          <input
            ref={input}
            type="file"
            accept="image/jpeg,image/png"
            hidden
            aria-label="选择照片文件"
            onChange={(e) => {
              upload(e.target.files?.[0]);
              e.target.value = '';
            }}
          />
          <Button icon={<UploadOutlined />} loading={mutations.uploadPhoto.isPending} onClick={() => input.current?.click()}>
            {person.photo ? '更换照片' : '上传照片'}
          </Button>
          {person.photo && (
            <Popconfirm title="删除照片？" okText="删除" cancelText="取消" onConfirm={() => mutations.deletePhoto.mutateAsync().catch(() => undefined)}>
              <Button danger>删除</Button>
            </Popconfirm>
          )}
        </Space>
      )}
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
        JPEG 或 PNG，不超过 1 MB，至少 260×320 像素的竖幅证件照。
      </Typography.Paragraph>
    </Card>
  );
}

function PersonTimelineCard({ id }: { id: string }) {
  const timeline = usePersonTimeline(id);
  if (timeline.error) return <QueryErrorAlert error={timeline.error} onRetry={() => void timeline.refetch()} />;
  const data = timeline.data;
  return (
    <Card title="单位变动与操作记录" loading={timeline.isPending} style={{ marginBottom: 16 }} data-testid="person-timeline">
      <Row gutter={24}>
        <Col xs={24} md={12}>
          <Typography.Title level={5}>所在单位</Typography.Title>
          <Timeline
            items={(data?.memberships ?? []).map((m) => ({
              key: `${m.unitId}-${m.startedOn}`,
              color: m.endedOn ? 'gray' : 'green',
              title: `${m.startedOn} 至 ${m.endedOn ?? '今'}`,
              content: (
                <>
                  {m.unitName}
                  {m.endReasonName && <Tag style={{ marginLeft: 8 }}>{m.endReasonName}</Tag>}
                </>
              ),
            }))}
          />
        </Col>
        <Col xs={24} md={12}>
          <Typography.Title level={5}>操作记录</Typography.Title>
          <Timeline
            items={(data?.events ?? []).map((e, i) => ({
              key: `${e.at}-${i}`,
              title: formatDateTime(e.at),
              content: `${auditActionName(e.action)}${e.actor ? `（${e.actor}）` : ''}`,
            }))}
          />
        </Col>
      </Row>
    </Card>
  );
}

/** 人员详情: the record with masked numbers, its exemptions, photo and the timeline of its units. */
export function PersonDetailPage() {
  const { id = '' } = useParams();
  const { me } = useMe();
  const { message } = App.useApp();
  const person = usePerson(id);
  const mutations = usePersonMutations(id);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [revealed, setRevealed] = useState<TPersonDetail | null>(null);
  // ?edit=<field>: a refusal elsewhere (a batch declaration) linked here to correct one field of the record.
  const [search, setSearch] = useSearchParams();
  const editField = search.get('edit');
  const editable = person.data?.status === 'active' && (me?.user.role === 'agency_admin' || me?.user.role === 'unit_operator');
  useEffect(() => {
    if (editField && editable) setDialog('edit');
  }, [editField, editable]);

  if (person.isPending) return <FullPageSpin />;
  if (person.error) return <QueryErrorAlert error={person.error} onRetry={() => void person.refetch()} />;
  const p = person.data;
  const role = me?.user.role;
  const canEdit = (role === 'agency_admin' || role === 'unit_operator') && p.status === 'active';
  const shown = revealed ?? p;
  const close = () => {
    setDialog(null);
    if (editField) setSearch({}, { replace: true });
  };
  const special = HUKOU_SPECIAL_CASES.find((c) => c.code === p.hukouSpecialCase);

  return (
    <>
      <PageHeader
        backTo="/persons"
        title={
          <Space>
            {p.name}
            <Tag color={p.status === 'active' ? 'green' : 'default'}>{PERSON_STATUS_NAMES[p.status]}</Tag>
            {p.isTemporaryNumber && <Tag color="orange">临时编号</Tag>}
          </Space>
        }
        description={p.unitName ?? undefined}
        extra={
          <Space wrap>
            {(role === 'agency_admin' || (role === 'unit_operator' && p.status === 'active')) && !revealed && (
              <Button icon={<EyeOutlined />} onClick={() => setDialog('reveal')}>
                查看完整号码
              </Button>
            )}
            {canEdit && <Button onClick={() => setDialog('edit')}>修改信息</Button>}
            {canEdit && p.isTemporaryNumber && <Button onClick={() => setDialog('document')}>换为正式证件号码</Button>}
            {role === 'agency_admin' && <Button onClick={() => setDialog('transfer')}>转移单位</Button>}
            {canEdit && (
              <Button danger onClick={() => setDialog('stop')}>
                减员
              </Button>
            )}
          </Space>
        }
      />
      {revealed && (
        <Alert type="info" showIcon style={{ marginBottom: 16 }} title="正在显示完整证件号码和电话，本次查看已记入审计日志；离开本页后重新脱敏。" />
      )}
      {p.leaving && p.status === 'active' && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={`学籍系统标记为${p.leaving.reasonName}${p.leaving.on ? `（${p.leaving.on}）` : ''}：申报时请核实，确已离校的请办理减员`}
        />
      )}
      {!p.enrollsThroughUnit && (
        <Alert type="info" showIcon style={{ marginBottom: 16 }} title={`未在本单位参保${p.notEnrolledReason ? `：${p.notEnrolledReason}` : ''}`} />
      )}
      {p.status === 'stopped' && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={`该人员已${p.stoppedOn ? `于 ${p.stoppedOn} ` : ''}减员${p.stopReason ? `（${p.stopReason}）` : ''}，信息只读。新单位登记同一证件号码即可转入。`}
        />
      )}
      <Card title="基本信息" style={{ marginBottom: 16 }}>
        <Descriptions
          data-testid="person-details"
          column={{ xs: 1, sm: 2, lg: 3 }}
          items={[
            { key: 'doc', label: p.documentTypeName, children: <span style={{ fontVariantNumeric: 'tabular-nums' }}>{shown.documentNumber}</span> },
            { key: 'gender', label: '性别', children: GENDER_NAMES[p.gender] },
            { key: 'birth', label: '出生日期', children: `${p.birthDate}（${ageOn(p.birthDate, cityToday())} 周岁）` },
            { key: 'ethnicity', label: '民族', children: orEmpty(p.ethnicity) },
            { key: 'phone', label: '联系电话', children: orEmpty(shown.phone) },
            {
              key: 'guardian',
              label: '监护人',
              children: shown.guardian ? `${shown.guardian.name}${shown.guardian.relation ? `（${shown.guardian.relation}）` : ''} ${shown.guardian.phone ?? ''}` : <EmptyText />,
            },
            { key: 'card', label: '社保卡', children: CARD_STATUS_NAMES[p.cardStatus] },
            { key: 'institutions', label: '定点医疗机构', children: p.designatedInstitutions.length ? p.designatedInstitutions.join('、') : <EmptyText /> },
            {
              key: 'points',
              label: '积分入医',
              children: p.pointsEligibility
                ? `${p.pointsEligibility.approved ? '已核准' : '申请中'}（申请 ${p.pointsEligibility.appliedOn}${p.pointsEligibility.decidedOn ? `，核准 ${p.pointsEligibility.decidedOn}` : ''}）`
                : <EmptyText />,
            },
          ]}
        />
      </Card>
      <Row gutter={16}>
        <Col xs={24} lg={12}>
          <Card title="户籍" style={{ marginBottom: 16 }}>
            <Descriptions
              column={1}
              items={[
                { key: 'type', label: '户籍类型', children: PERSON_HUKOU_NAMES[p.hukouType] },
                { key: 'place', label: '户籍所在地', children: orEmpty([p.hukouDistrictName, p.hukouStreetName].filter(Boolean).join(' / ')) },
                { key: 'address', label: '户籍地址', children: orEmpty(p.hukouAddress) },
                ...(special ? [{ key: 'special', label: '特殊情况', children: special.name }] : []),
                ...(p.hukouType === 'nonlocal' ? [{ key: 'permit', label: '居住证起始', children: orEmpty(p.residencePermitSince) }] : []),
                ...(p.inflow ? [{ key: 'inflow', label: '户籍迁入', children: `${p.inflow.on} 由 ${p.inflow.from} 迁入` }] : []),
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title="在校信息" style={{ marginBottom: 16 }}>
            <Descriptions
              column={1}
              items={[
                { key: 'unit', label: '单位', children: orEmpty(p.unitName) },
                { key: 'grade', label: '年级 / 班级', children: orEmpty([gradeName(p.gradeCode), p.className].filter(Boolean).join(' ')) },
                { key: 'student', label: '学号', children: orEmpty(p.studentNumber) },
                { key: 'years', label: '入学 / 预计毕业', children: orEmpty(p.entryYear ? `${p.entryYear} / ${p.expectedGraduationYear ?? '—'}` : null) },
              ]}
            />
          </Card>
        </Col>
      </Row>
      {/* A unit reading a pupil it stopped sees the record and its own history; identities and photo stay with the holder. */}
      {!(role === 'unit_operator' && p.status === 'stopped') && (
        <>
          <PersonExemptions person={p} regionCode={me?.user.regionCode ?? ''} canEdit={canEdit} mutations={mutations} />
          {role !== 'collector' && <PersonPhoto person={p} canEdit={canEdit} mutations={mutations} />}
          {(role === 'agency_admin' || role === 'unit_operator') && <DeductionAgreementCard person={p} canEdit={canEdit} canRevoke={canEdit || role === 'agency_admin'} />}
        </>
      )}
      <PersonDeclarationsCard id={id} />
      <PersonTimelineCard id={id} />
      {dialog === 'edit' && me && <EditPersonDrawer person={p} regionCode={me.user.regionCode} open onClose={close} mutations={mutations} focusField={editField} />}
      <RevealModal
        open={dialog === 'reveal'}
        loading={mutations.reveal.isPending}
        onCancel={close}
        onSubmit={(reason) =>
          mutations.reveal.mutate(reason, {
            onSuccess: (full) => {
              setRevealed(full);
              close();
            },
            onError: (e) => void message.error(errorMessage(e)),
          })
        }
      />
      <StopPersonModal person={p} open={dialog === 'stop'} onClose={close} mutations={mutations} />
      {role === 'agency_admin' && <TransferPersonModal person={p} open={dialog === 'transfer'} onClose={close} mutations={mutations} />}
      {p.isTemporaryNumber && <RealDocumentModal person={p} open={dialog === 'document'} onClose={close} mutations={mutations} />}
    </>
  );
}
