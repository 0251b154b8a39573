import { useParams } from 'react-router';
import { PageHeader } from '../../../components/page-header';
import { useSession } from '../../auth/hooks/use-me';
import { CoordinatorsCard } from '../components/coordinators-card';
import { UnitDetailsCard } from '../components/unit-details-card';
import { useUnit } from '../hooks/use-units';
import { unitAccess } from '../unit-access';

export function UnitDetailPage() {
  const { id = '' } = useParams();
  const { user } = useSession();
  const { data: unit } = useUnit(id);
  return (
    <>
      <PageHeader title={unit?.name ?? '单位详情'} backTo="/units" />
      <UnitDetailsCard unitId={id} />
      {unit && <CoordinatorsCard unitId={unit.id} canEdit={unitAccess(user, unit.id).canEditCoordinators} />}
    </>
  );
}
