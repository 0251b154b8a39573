import {
  HUKOU_SPECIAL_CASES,
  HUKOU_TYPE_NAMES,
  SCHOOL_LEVEL_NAMES,
  resolveBenefitPeriod,
  type TFeeCategory,
  type TIdentityCategory,
  type TPolicyProfile,
  type TProfileDetail,
  type TProfileVersion,
  type TRuleSource,
} from '@canbao/domain';
import { Card, Descriptions, Empty, Space, Table, Tag, Typography, type DescriptionsProps, type TableColumnsType } from 'antd';
import type { ReactNode } from 'react';
import { EmptyText } from '../../../components/empty-text';
import { formatDateTime } from '../../../lib/datetime';
import { formatYuan } from '../../../lib/money';
import { describeSelectors, subsidyText, type TCitedNotice } from '../policy-text';
import { SourceCite } from './source-cite';

/** A rule's text with its citation under it. */
function Ruled({ children, source, unsure, notice, note }: { children: ReactNode; source: TRuleSource; unsure?: boolean | undefined; notice: TCitedNotice; note?: string | undefined }) {
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 2 }}>
      <div>{children}</div>
      {note && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          说明：{note}
        </Typography.Text>
      )}
      <SourceCite source={source} notice={notice} unsure={unsure} />
    </div>
  );
}

function days(start: string, end: string): number {
  return Math.round((Date.parse(`${end}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / 86_400_000) + 1;
}

const hukouNames = (types: readonly (keyof typeof HUKOU_TYPE_NAMES)[]) => types.map((h) => HUKOU_TYPE_NAMES[h]).join('、');

function basicItems(detail: TProfileDetail, p: TPolicyProfile, notice: TCitedNotice): DescriptionsProps['items'] {
  const sn = p.sourceNotice;
  return [
    { key: 'id', label: '方案编号', children: <Typography.Text code>{p.id}</Typography.Text> },
    { key: 'region', label: '统筹区', children: `${p.regionName}（${p.regionCode}）` },
    { key: 'year', label: '参保年度', children: `${p.insuranceYear} 年度${p.template ? '（模板）' : ''}` },
    {
      key: 'version',
      label: '当前版本',
      children: (
        <span data-testid="profile-version">
          第 {detail.version} 版
          <Typography.Text type="secondary">（{formatDateTime(detail.updatedAt)} 生效）</Typography.Text>
        </span>
      ),
    },
    { key: 'population', label: '覆盖人群', children: p.coveredPopulation, span: 2 },
    {
      key: 'notice',
      label: '依据文件',
      span: 2,
      children: (
        <span>
          《{sn.title}》（{sn.documentNumber}），{sn.issuer}
          {sn.issuedOn && `，${sn.issuedOn} 发布`}
        </span>
      ),
    },
    {
      key: 'age',
      label: '年龄计算',
      span: 2,
      children: (
        <Ruled source={p.ageReference.source} unsure={p.ageReference.unsure} note={p.ageReference.note} notice={notice}>
          {p.ageReference.on === 'apply_date' ? '按申报（办理）之日计算周岁' : '按待遇享受期开始之日计算周岁'}
        </Ruled>
      ),
    },
    ...(p.identitySnapshot
      ? [
          {
            key: 'snapshot',
            label: '身份认定日',
            span: 2,
            children: (
              <Ruled source={p.identitySnapshot.source} unsure={p.identitySnapshot.unsure} notice={notice}>
                减免身份按 {p.identitySnapshot.date} 的认定结果计算
              </Ruled>
            ),
          },
        ]
      : []),
    ...(p.notes?.length
      ? [{ key: 'notes', label: '备注', span: 2, children: <div style={{ whiteSpace: 'pre-line' }}>{p.notes.join('\n')}</div> }]
      : []),
  ];
}

function windowItems(p: TPolicyProfile, notice: TCitedNotice): DescriptionsProps['items'] {
  const dw = p.declarationWindow;
  const aw = p.adjustmentWindow;
  const late = p.lateEnrollment;
  const period = resolveBenefitPeriod(p);
  const bp = p.benefitPeriod;
  return [
    {
      key: 'declaration',
      label: '申报缴费期',
      children: (
        <Ruled source={dw.source} unsure={dw.unsure} note={dw.note} notice={notice}>
          <span data-testid="declaration-window">
            {dw.start} 至 {dw.end}
          </span>
          <Typography.Text type="secondary">（共 {days(dw.start, dw.end)} 天，含首尾）</Typography.Text>
        </Ruled>
      ),
    },
    {
      key: 'adjustment',
      label: '调整期',
      children: aw ? (
        <Ruled source={aw.source} unsure={aw.unsure} note={aw.note} notice={notice}>
          <span data-testid="adjustment-window">
            {aw.start} 至 {aw.end}
          </span>
          ：{aw.allows}
        </Ruled>
      ) : (
        <EmptyText>不设调整期</EmptyText>
      ),
    },
    {
      key: 'late',
      label: '逾期参保',
      children: (
        <Ruled source={late.source} unsure={late.unsure} note={late.note} notice={notice}>
          {late.allowed ? `办理期后仍可参保缴费${late.until ? `，截至 ${late.until}` : ''}（适用待遇等待期）` : '办理期结束后不再受理'}
          {late.message && `：${late.message}`}
        </Ruled>
      ),
    },
    {
      key: 'benefit',
      label: '待遇享受期',
      children: (
        <Ruled source={bp.source} unsure={bp.unsure} note={bp.note} notice={notice}>
          {period.start} 至 {period.end}
          {bp.kind === 'calendar_year' && <Typography.Text type="secondary">（参保年度自然年）</Typography.Text>}
          {bp.kind === 'custom' &&
            bp.segments?.map((s) => (
              <div key={s.start}>
                <Typography.Text type="secondary">
                  {s.label}：{s.start} 至 {s.end}
                </Typography.Text>
              </div>
            ))}
        </Ruled>
      ),
    },
    // The region's registration rules, where its notice sets any (Beijing's): shown to units as advice and options.
    ...(p.unitNaming
      ? [
          {
            key: 'unit-naming',
            label: '单位命名',
            children: (
              <Ruled source={p.unitNaming.source} unsure={p.unitNaming.unsure} note={p.unitNaming.note} notice={notice}>
                {[
                  p.unitNaming.schoolSuffix && `学校与托幼机构名称后加“${p.unitNaming.schoolSuffix}”`,
                  p.unitNaming.streetOfficeSuffix && `街道社保所命名为“某区县某街道（乡镇）${p.unitNaming.streetOfficeSuffix}”`,
                ]
                  .filter(Boolean)
                  .join('；')}
              </Ruled>
            ),
          },
        ]
      : []),
    ...(p.hukouSpecialCases?.length
      ? [
          {
            key: 'hukou-special-cases',
            label: '户籍特殊情况',
            children: HUKOU_SPECIAL_CASES.filter((c) => p.hukouSpecialCases?.includes(c.code))
              .map((c) => c.name)
              .join('；'),
          },
        ]
      : []),
  ];
}

function categoryColumns(p: TPolicyProfile, notice: TCitedNotice): TableColumnsType<TFeeCategory> {
  return [
    {
      title: '人员类别',
      dataIndex: 'name',
      width: 150,
      render: (name: string, c) => (
        <Space orientation="vertical" size={2}>
          <Typography.Text strong>{name}</Typography.Text>
          {c.provisional && (
            <Tag color="orange" style={{ marginInlineEnd: 0 }}>
              暂定标准
            </Tag>
          )}
          {c.benefitPeriod && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              待遇期 {resolveBenefitPeriod(p, c).start} 起
            </Typography.Text>
          )}
        </Space>
      ),
    },
    { title: '适用人员', key: 'select', render: (_: unknown, c) => describeSelectors(c.select, p) },
    {
      title: '费用构成',
      key: 'parts',
      width: 280,
      render: (_: unknown, c) => (
        <Space orientation="vertical" size={2} style={{ width: '100%' }}>
          {c.parts.map((part) => (
            <div key={part.code} style={{ display: 'flex', justifyContent: 'space-between', gap: 12 }}>
              <span>
                {part.name}
                {part.unsure && (
                  <Typography.Text type="warning" style={{ whiteSpace: 'nowrap' }}>
                    （推定）
                  </Typography.Text>
                )}
              </span>
              <span style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>{formatYuan(part.amountFen)}</span>
            </div>
          ))}
        </Space>
      ),
    },
    {
      title: '合计',
      dataIndex: 'totalFen',
      width: 120,
      align: 'right',
      render: (fen: number) => (
        <Typography.Text strong style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
          {formatYuan(fen)}
        </Typography.Text>
      ),
    },
    {
      title: '依据',
      key: 'source',
      width: 240,
      render: (_: unknown, c) => (
        <Space orientation="vertical" size={2}>
          <SourceCite source={c.source} notice={notice} unsure={c.unsure} />
          {c.provisional && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {c.provisional.settlement}
            </Typography.Text>
          )}
          {c.note && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {c.note}
            </Typography.Text>
          )}
        </Space>
      ),
    },
  ];
}

function identityConditions(i: TIdentityCategory): string {
  const c = i.conditions;
  if (!c) return '—';
  const parts: string[] = [];
  if (c.hukouTypes) parts.push(`限${hukouNames(c.hukouTypes)}`);
  if (c.hukouRegionPrefixes) parts.push(`户籍地代码以 ${c.hukouRegionPrefixes.join('、')} 开头`);
  if (c.acceptedEvidence) {
    parts.push(c.acceptedEvidence.map((e) => (e === 'department_list' ? '部门名单' : '证件')).join('或') + '认定');
  }
  if (c.certificateName) parts.push(`凭${c.certificateName}${c.certificateDetailsRequired ? '（须登记证号与有效期）' : ''}`);
  return parts.join('；') || '—';
}

function identityColumns(notice: TCitedNotice): TableColumnsType<TIdentityCategory> {
  return [
    {
      title: '减免身份',
      dataIndex: 'name',
      width: 180,
      render: (name: string, i) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text strong>{name}</Typography.Text>
          {i.aliases?.length ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              又称：{i.aliases.join('、')}
            </Typography.Text>
          ) : null}
        </Space>
      ),
    },
    { title: '认定部门', dataIndex: 'certifyingDepartment', width: 150 },
    { title: '资助方式', key: 'subsidy', width: 170, render: (_: unknown, i) => subsidyText(i.subsidy) },
    { title: '条件', key: 'conditions', render: (_: unknown, i) => identityConditions(i) },
    { title: '依据', key: 'source', width: 240, render: (_: unknown, i) => <SourceCite source={i.source} notice={notice} unsure={i.unsure} /> },
  ];
}

function eligibilityItems(p: TPolicyProfile, notice: TCitedNotice): DescriptionsProps['items'] {
  const e = p.eligibility;
  const items: NonNullable<DescriptionsProps['items']> = [
    {
      key: 'paths',
      label: '参保途径',
      children: (
        <ol style={{ margin: 0, paddingInlineStart: 18, display: 'flex', flexDirection: 'column', gap: 6 }}>
          {p.paths.map((r, i) => (
            <li key={`${r.path}-${i}`}>
              <Ruled source={r.source} unsure={r.unsure} note={r.note} notice={notice}>
                <Typography.Text strong>{r.name}</Typography.Text>：{describeSelectors(r.when, p)}
              </Ruled>
            </li>
          ))}
        </ol>
      ),
    },
    {
      key: 'exclusions',
      label: '不在参保范围',
      children: e.exclusions.length ? (
        <ul style={{ margin: 0, paddingInlineStart: 18, display: 'flex', flexDirection: 'column', gap: 6 }}>
          {e.exclusions.map((x) => (
            <li key={x.code}>
              <Ruled source={x.source} unsure={x.unsure} note={x.note} notice={notice}>
                {x.message}
                {x.exceptFlags && (
                  <Typography.Text type="secondary">
                    （{x.exceptFlags.map((f) => p.flags.find((fl) => fl.code === f)?.name ?? f).join('、')}除外）
                  </Typography.Text>
                )}
              </Ruled>
            </li>
          ))}
        </ul>
      ) : (
        <EmptyText>无</EmptyText>
      ),
    },
  ];
  if (e.coveredElsewhere) {
    items.push({
      key: 'covered',
      label: '重复参保',
      children: (
        <Ruled source={e.coveredElsewhere.source} unsure={e.coveredElsewhere.unsure} notice={notice}>
          {e.coveredElsewhere.message}
        </Ruled>
      ),
    });
  }
  if (e.residencePermit) {
    const r = e.residencePermit;
    items.push({
      key: 'permit',
      label: '居住证条件',
      children: (
        <Ruled source={r.source} unsure={r.unsure} note={r.note} notice={notice}>
          {hukouNames(r.hukouTypes)}须持{r.acceptedDocuments.join('或')}
          {r.minMonths > 0 ? `满 ${r.minMonths} 个月` : ''}
        </Ruled>
      ),
    });
  }
  if (e.pointsEligibility) {
    const pe = e.pointsEligibility;
    items.push({
      key: 'points',
      label: pe.name,
      children: (
        <Ruled source={pe.source} unsure={pe.unsure} note={pe.note} notice={notice}>
          {hukouNames(pe.hukouTypes)}在校学生须于 {pe.applyWindow.start} 至 {pe.applyWindow.end} 申请
          {pe.firstEnrollmentOnly ? '（仅首次参保）' : ''}
          {pe.excludedSchoolLevels.length > 0 && `；${pe.excludedSchoolLevels.map((l) => SCHOOL_LEVEL_NAMES[l]).join('、')}不适用`}
        </Ruled>
      ),
    });
  }
  if (p.registration) {
    const reg = p.registration;
    items.push({
      key: 'registration',
      label: '参保登记',
      children: (
        <Ruled source={reg.source} unsure={reg.unsure} note={reg.note} notice={notice}>
          {reg.firstTimeRequired ? '首次参保须先办理基本信息登记' : '首次参保无需单独登记'}
          {reg.continuingExempt ? '；续保人员无需重新登记' : ''}
          {reg.channels.length > 0 && (
            <ul style={{ margin: '4px 0 0', paddingInlineStart: 18 }}>
              {reg.channels.map((ch, i) => (
                <li key={i}>
                  {ch.name}：{describeSelectors(ch.when, p)}
                </li>
              ))}
            </ul>
          )}
        </Ruled>
      ),
    });
  }
  return items;
}

function NewbornRule({ p, notice }: { p: TPolicyProfile; notice: TCitedNotice }) {
  const nb = p.newborn;
  if (!nb) return <EmptyText>本方案未规定新生儿参保</EmptyText>;
  return (
    <Ruled source={nb.source} unsure={nb.unsure} note={nb.note} notice={notice}>
      出生后 {nb.within.amount} {nb.within.unit === 'months' ? '个月' : '天'}内可办理参保
      {nb.hukouTypes && `（限${hukouNames(nb.hukouTypes)}）`}，缴纳全年费用，
      {nb.benefitFrom === 'birth' ? '自出生之日起享受待遇（不早于待遇期开始）' : '自待遇享受期开始之日起享受待遇'}
    </Ruled>
  );
}

function WaitingPeriodRule({ p, notice }: { p: TPolicyProfile; notice: TCitedNotice }) {
  const wp = p.waitingPeriod;
  const ci = p.continuityIncentive;
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      {wp.kind === 'none' ? (
        <Ruled source={wp.source} unsure={wp.unsure} note={wp.note} notice={notice}>
          不设待遇等待期
        </Ruled>
      ) : (
        <Ruled source={wp.source} unsure={wp.unsure} note={wp.note} notice={notice}>
          <ul style={{ margin: 0, paddingInlineStart: 18 }}>
            <li>集中参保期外参保或断保后参保：固定等待期 {wp.fixedMonths} 个月</li>
            <li>自 {wp.countGapsFromYear} 年起，断保第 2 年起每多断保 1 年，增加 {wp.variableMonthsPerExtraGapYear} 个月</li>
            <li>每补缴 1 年，减少变动等待期 {wp.backPayReducesMonthsPerYear} 个月（固定部分不减）</li>
            <li>
              断保 {wp.floor.minGapYears} 年及以上的，等待期不少于 {wp.floor.minTotalMonths} 个月
            </li>
            {wp.newbornExempt && <li>新生儿不设等待期</li>}
            {wp.firstTimeEnrolleeInWindowExempt && <li>首次参保且在集中参保期内缴费的不设等待期</li>}
            {wp.exemptIdentityCodes.length > 0 && (
              <li>
                免等待期：{wp.exemptIdentityCodes.map((c) => p.identities.find((i) => i.code === c)?.name ?? c).join('、')}
              </li>
            )}
          </ul>
        </Ruled>
      )}
      {ci && (
        <Ruled source={ci.source} unsure={ci.unsure} note={ci.note} notice={notice}>
          <Typography.Text strong>连续参保激励：</Typography.Text>连续参保满 {ci.minConsecutiveYears} 年后，每再连续参保 1 年，大病保险最高支付限额提高{' '}
          {formatYuan(ci.capIncreasePerExtraYearFen)}；当年未报销的再提高 {formatYuan(ci.zeroClaimIncreaseFen)}；提高总额不超过基础限额的{' '}
          {ci.maxIncreaseBasisPoints / 100}%
          {ci.baseCapFen !== undefined && `（基础限额 ${formatYuan(ci.baseCapFen)}）`}
        </Ruled>
      )}
    </Space>
  );
}

const versionColumns: TableColumnsType<TProfileVersion> = [
  { title: '版本', dataIndex: 'version', width: 90, render: (v: number) => `第 ${v} 版` },
  { title: '修改说明', dataIndex: 'note', render: (note: string | null) => note ?? <EmptyText /> },
  { title: '修改人', dataIndex: 'createdBy', width: 140, render: (v: string | null) => v ?? <EmptyText>系统</EmptyText> },
  {
    title: '生效时间',
    dataIndex: 'createdAt',
    width: 180,
    render: (at: string) => <span style={{ fontVariantNumeric: 'tabular-nums' }}>{formatDateTime(at)}</span>,
  },
];

/** A profile, readably: every rule in Chinese with the notice section it comes from. */
export function ProfileView({ detail, profile: p }: { detail: TProfileDetail; profile: TPolicyProfile }) {
  const notice: TCitedNotice = { fileId: p.sourceNotice.fileId, documentNumber: p.sourceNotice.documentNumber };
  const labelStyle = { styles: { label: { width: 120, whiteSpace: 'nowrap' as const } } };
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 16 }} data-testid="profile-view">
      <Card title="基本信息">
        <Descriptions bordered size="small" column={{ xs: 1, lg: 2 }} items={basicItems(detail, p, notice)} {...labelStyle} />
      </Card>
      <Card title="办理期限与待遇享受期">
        <Descriptions bordered size="small" column={1} items={windowItems(p, notice)} {...labelStyle} />
      </Card>
      <Card title="人员类别与缴费标准">
        <Table<TFeeCategory>
          data-testid="categories-table"
          rowKey="code"
          size="small"
          bordered
          pagination={false}
          columns={categoryColumns(p, notice)}
          dataSource={p.categories}
          scroll={{ x: 960 }}
        />
      </Card>
      <Card title="减免与资助">
        <Table<TIdentityCategory>
          rowKey="code"
          size="small"
          bordered
          pagination={false}
          columns={identityColumns(notice)}
          dataSource={p.identities}
          scroll={{ x: 900 }}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="本方案无减免类别" /> }}
        />
      </Card>
      <Card title="参保途径与参保资格">
        <Descriptions bordered size="small" column={1} items={eligibilityItems(p, notice)} {...labelStyle} />
      </Card>
      <Card title="新生儿参保">
        <NewbornRule p={p} notice={notice} />
      </Card>
      <Card title="待遇等待期与连续参保激励">
        <WaitingPeriodRule p={p} notice={notice} />
      </Card>
      <Card title="版本记录">
        <Table<TProfileVersion>
          data-testid="versions-table"
          rowKey="version"
          size="small"
          pagination={false}
          columns={versionColumns}
          dataSource={detail.versions}
        />
      </Card>
    </div>
  );
}
