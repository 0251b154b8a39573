import { Card, Empty } from 'antd';
import { PageHeader } from '../../../components/page-header';
import { useSession } from '../../auth/hooks/use-me';
import { CoordinatorsCard } from '../components/coordinators-card';
import { UnitDetailsCard } from '../components/unit-details-card';
import { useUnit } from '../hooks/use-units';
import { unitAccess } from '../unit-access';

/** The unit operator's own unit (me.user.unitId): its registration, contact data and coordinators. */
export function MyUnitPage() {
  const { user } = useSession();
  const { data: unit } = useUnit(user.unitId);
  return (
    <>
      <PageHeader
        title="本单位信息"
        description="联系人、联系电话、地址和协管员由本单位维护；单位名称、代码、区划和银行账户如需变更，请联系经办机构。"
      />
      {user.unitId ? (
        <>
          <UnitDetailsCard unitId={user.unitId} />
          {unit && <CoordinatorsCard unitId={unit.id} canEdit={unitAccess(user, unit.id).canEditCoordinators} />}
        </>
      ) : (
        <Card>
          <Empty description="当前账号未关联单位，请联系经办机构管理员。" />
        </Card>
      )}
    </>
  );
}
