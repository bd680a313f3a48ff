import { InfoCard, Table, TableColumn } from '@backstage/core-components';
import { RegionPlacement } from '@multiregion/backstage-plugin-multicluster-common';
import { HealthStatus } from '../HealthStatus';
import { denseTableOptions } from '../tableOptions';

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
      options={denseTableOptions}
      columns={columns}
      data={regions}
    />
  </InfoCard>
);
