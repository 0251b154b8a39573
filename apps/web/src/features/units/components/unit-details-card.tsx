import { EditOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Result, Skeleton, Typography, type DescriptionsProps } from 'antd';
import { useState, type ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { isApiError } from '../../../api/client';
import type { TUnit } from '@canbao/domain';
import { EmptyText } from '../../../components/empty-text';
import { QueryErrorAlert } from '../../../components/query-error-alert';
import { formatDateTime } from '../../../lib/datetime';
import { useSession } from '../../auth/hooks/use-me';
import { useUnit } from '../hooks/use-units';
import { isSchoolKind, unitAccess } from '../unit-access';
import { UnitContactModal } from './unit-contact-modal';
import { UnitFormDrawer } from './unit-form-drawer';
import { UnitKindTag } from './unit-kind-tag';
import { UnitNameChecks } from './unit-name-checks';

/** Codes and numbers in even-width digits, so that they line up and read well. */
function Code({ value }: { value: string | null }): ReactNode {
  return value ? <span style={{ fontVariantNumeric: 'tabular-nums', letterSpacing: 0.3 }}>{value}</span> : <EmptyText />;
}

function unitItems(unit: TUnit, showNameChecks: boolean): DescriptionsProps['items'] {
  const items: DescriptionsProps['items'] = [
    {
      key: 'name',
      label: '单位名称',
      span: 2,
      children: (
        <>
          {unit.name}
          {showNameChecks && unit.nameChecks && <UnitNameChecks checks={unit.nameChecks} showPassed={false} />}
        </>
      ),
    },
    { key: 'kind', label: '类别', children: <UnitKindTag kind={unit.kind} /> },
    { key: 'region', label: '统筹区代码', children: <Code value={unit.regionCode} /> },
    { key: 'district', label: '所属区县', children: unit.districtName ? `${unit.districtName}（${unit.districtCode}）` : unit.districtCode },
    {
      key: 'street',
      label: '街道（乡镇）',
      children: unit.streetCode ? `${unit.streetName ?? ''}（${unit.streetCode}）` : <EmptyText />,
    },
    { key: 'uscc', label: '统一社会信用代码', children: <Code value={unit.uscc} /> },
    { key: 'organisationCode', label: '组织机构代码', children: <Code value={unit.organisationCode} /> },
    { key: 'socialInsuranceCode', label: '社会保险登记证编码', children: <Code value={unit.socialInsuranceCode} /> },
  ];
  if (isSchoolKind(unit.kind) || unit.schoolCode) {
    items.push({ key: 'schoolCode', label: '学校标识码', children: <Code value={unit.schoolCode} /> });
  }
  items.push(
    { key: 'contactName', label: '联系人', children: unit.contactName || <EmptyText /> },
    { key: 'contactPhone', label: '联系电话', children: <Code value={unit.contactPhone} /> },
    { key: 'address', label: '地址', children: unit.address || <EmptyText />, span: 2 },
    {
      key: 'bank',
      label: '银行划扣账户',
      span: 2,
      children: unit.bank ? (
        <span data-testid="unit-bank">
          {unit.bank.name}
          <Typography.Text type="secondary"> · </Typography.Text>
          <Code value={unit.bank.accountNumber} />
          <Typography.Text type="secondary"> · 户名 </Typography.Text>
          {unit.bank.holder}
        </span>
      ) : (
        <EmptyText>未登记</EmptyText>
      ),
    },
    { key: 'createdAt', label: '登记时间', children: formatDateTime(unit.createdAt) },
    { key: 'updatedAt', label: '最近修改', children: formatDateTime(unit.updatedAt) },
  );
  return items;
}

/**
 * One unit's registered fields, with loading, not-found and error states, and the edit the signed-in role may
 * make: the agency edits everything, the unit itself its contact data, others only read.
 */
export function UnitDetailsCard({ unitId }: { unitId: string }) {
  const navigate = useNavigate();
  const { user } = useSession();
  const { data: unit, error, isPending, refetch } = useUnit(unitId);
  const access = unitAccess(user, unitId);
  const [editing, setEditing] = useState(false);

  if (isPending) {
    return (
      <Card>
        <Skeleton active paragraph={{ rows: 5 }} />
      </Card>
    );
  }
  if (error) {
    // 403 and 404 look the same on purpose: another unit's record must not reveal that it exists.
    if (isApiError(error) && (error.status === 404 || error.status === 403)) {
      return (
        <Card>
          <Result
            status="404"
            title="单位不存在"
            subTitle="该单位不存在，或不在您的查看范围内。"
            extra={<Button onClick={() => void navigate(user.role === 'unit_operator' ? '/' : '/units')}>返回</Button>}
          />
        </Card>
      );
    }
    return <QueryErrorAlert error={error} onRetry={() => void refetch()} />;
  }

  const editButton = access.canEditRegistration ? (
    <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
      编辑单位信息
    </Button>
  ) : access.canEditContact ? (
    <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
      修改联系方式
    </Button>
  ) : null;

  return (
    <Card title="登记信息" extra={editButton}>
      <Descriptions
        data-testid="unit-descriptions"
        bordered
        column={{ xs: 1, md: 2 }}
        items={unitItems(unit, access.canEditRegistration)}
        styles={{ label: { width: 180 } }}
      />
      {access.canEditRegistration ? (
        <UnitFormDrawer open={editing} unit={unit} onClose={() => setEditing(false)} />
      ) : access.canEditContact ? (
        <UnitContactModal open={editing} unit={unit} onClose={() => setEditing(false)} />
      ) : null}
    </Card>
  );
}
