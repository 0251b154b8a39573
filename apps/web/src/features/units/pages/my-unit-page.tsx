import { Card, Empty } from 'antd';
import { PageHeader } from '../../../components/page-header';
import { useSession } from '../../auth/hooks/use-me';
import { UnitDetailsCard } from '../components/unit-details-card';

/** The unit operator's own unit (me.user.unitId). */
export function MyUnitPage() {
  const { user } = useSession();
  return (
    <>
      <PageHeader title="本单位信息" description="本单位在经办机构登记的信息。如需变更，请联系经办机构。" />
      {user.unitId ? (
        <UnitDetailsCard unitId={user.unitId} />
      ) : (
        <Card>
          <Empty description="当前账号未关联单位，请联系经办机构管理员。" />
        </Card>
      )}
    </>
  );
}
