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

type Row = PodSummary & { cluster: string; id: string };

const columns: TableColumn<Row>[] = [
  { title: 'Cluster', field: 'cluster' },
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
  const rows: Row[] = (value?.clusters ?? []).flatMap(c =>
    c.pods.map(p => ({
      ...p,
      cluster: c.cluster,
      id: `${c.cluster}/${p.namespace}/${p.name}`,
    })),
  );
  return (
    <>
      <ClusterErrors errors={value?.errors ?? []} />
      <InfoCard title={`Pods (${rows.length})`} noPadding>
        <Table<Row>
          options={{
            paging: rows.length > 20,
            pageSize: 20,
            search: false,
            toolbar: false,
            padding: 'dense',
          }}
          columns={columns}
          data={rows}
        />
      </InfoCard>
    </>
  );
};
