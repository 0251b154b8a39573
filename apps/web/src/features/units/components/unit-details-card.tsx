import { Button, Card, Descriptions, Result, Skeleton, type DescriptionsProps } from 'antd';
import { useNavigate } from 'react-router';
import { isApiError } from '../../../api/client';
import type { TUnit } from '../../../api/types';
import { EmptyText } from '../../../components/empty-text';
import { QueryErrorAlert } from '../../../components/query-error-alert';
import { formatDateTime } from '../../../lib/datetime';
import { useUnit } from '../hooks/use-units';
import { UnitKindTag } from './unit-kind-tag';

function unitItems(unit: TUnit): DescriptionsProps['items'] {
  return [
    { key: 'name', label: '单位名称', children: unit.name, span: 2 },
    { key: 'kind', label: '类别', children: <UnitKindTag kind={unit.kind} /> },
    { key: 'district', label: '所属区县', children: `${unit.districtName}（${unit.districtCode}）` },
    { key: 'region', label: '统筹区代码', children: unit.regionCode },
    { key: 'createdAt', label: '登记时间', children: formatDateTime(unit.createdAt) },
    { key: 'contactName', label: '联系人', children: unit.contactName || <EmptyText /> },
    { key: 'contactPhone', label: '联系电话', children: unit.contactPhone || <EmptyText /> },
    { key: 'address', label: '地址', children: unit.address || <EmptyText />, span: 2 },
  ];
}

/** One unit's registered fields, with loading, not-found and error states. */
export function UnitDetailsCard({ unitId }: { unitId: string }) {
  const navigate = useNavigate();
  const { data: unit, error, isPending, refetch } = useUnit(unitId);

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
            extra={<Button onClick={() => void navigate('/units')}>返回单位列表</Button>}
          />
        </Card>
      );
    }
    return <QueryErrorAlert error={error} onRetry={() => void refetch()} />;
  }
  return (
    <Card title="登记信息">
      <Descriptions
        data-testid="unit-descriptions"
        bordered
        column={{ xs: 1, md: 2 }}
        items={unitItems(unit)}
        styles={{ label: { width: 140 } }}
      />
    </Card>
  );
}
