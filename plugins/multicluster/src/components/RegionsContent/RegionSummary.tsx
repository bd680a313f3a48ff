import { InfoCard, Table, TableColumn } from '@backstage/core-components';
import { RegionPlacement } from '@multiregion/backstage-plugin-multicluster-common';
import { HealthStatus } from '../HealthStatus';

const columns: TableColumn<RegionPlacement>[] = [
  { title: 'Region', render: r => r.region.title },
  { title: 'Clusters', render: r => r.clusters.join(', ') },
  {
    title: 'Ready / assigned',
    render: r => `${r.readyReplicas} / ${r.assignedReplicas}`,
  },
  { title: 'Health', render: r => <HealthStatus health={r.health} /> },
];

export const RegionSummary = ({ regions }: { regions: RegionPlacement[] }) => (
  <InfoCard title="Regions" noPadding>
    <Table<RegionPlacement>
      options={{
        paging: false,
        search: false,
        toolbar: false,
        padding: 'dense',
      }}
      columns={columns}
      data={regions}
    />
  </InfoCard>
);
