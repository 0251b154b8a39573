import { useParams } from 'react-router';
import { PageHeader } from '../../../components/page-header';
import { UnitDetailsCard } from '../components/unit-details-card';

export function UnitDetailPage() {
  const { id = '' } = useParams();
  return (
    <>
      <PageHeader title="单位详情" backTo="/units" />
      <UnitDetailsCard unitId={id} />
    </>
  );
}
