import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import {
  PodsResponse,
  PodSummary,
} from '@multiregion/backstage-plugin-multicluster-common';
import { ClusterErrors } from './ClusterErrors';

type Row = PodSummary & { id: string };

const columns: TableColumn<Row>[] = [
  { title: 'Pod', field: 'name' },
  { title: 'Phase', field: 'phase' },
  {
    title: 'Ready',
    render: p =>
      `${p.ready ? 'yes' : 'no'} (${p.readyContainers}/${p.totalContainers})`,
  },
  { title: 'Restarts', field: 'restarts', type: 'numeric' },
  { title: 'Node', field: 'node' },
  { title: 'Zone', render: p => p.zone ?? '–' },
];

export const PodsTable = ({
  value,
  error,
  loading,
}: {
  value?: PodsResponse;
  error?: Error;
  loading: boolean;
}) => {
  if (loading) return <Progress />;
  if (error)
    return <ResponseErrorPanel error={error} title="Pods could not be read" />;
  const clusters = value?.clusters ?? [];
  const total = clusters.reduce((n, c) => n + c.pods.length, 0);
  return (
    <>
      <ClusterErrors errors={value?.errors ?? []} />
      <InfoCard title={`Pods (${total})`} noPadding>
        {clusters.map(c => (
          <Table<Row>
            key={`${c.karmada}/${c.cluster}`}
            title={`${c.cluster} (${c.region}) · ${c.pods.length} pod${
              c.pods.length === 1 ? '' : 's'
            }`}
            options={{
              paging: c.pods.length > 20,
              pageSize: 20,
              search: false,
              padding: 'dense',
            }}
            columns={columns}
            data={c.pods.map(p => ({
              ...p,
              id: `${c.cluster}/${p.namespace}/${p.name}`,
            }))}
          />
        ))}
      </InfoCard>
    </>
  );
};
