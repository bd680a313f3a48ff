import { InfoCard, Table, TableColumn } from '@backstage/core-components';
import { ClusterSummary } from '@multiregion/backstage-plugin-multicluster-common';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { HealthStatus } from '../HealthStatus';
import { denseTableOptions } from '../tableOptions';
import { isClusterReady, RegionGroup } from './filters';
import { countOf, formatTaint } from './format';
import { ResourceBar } from './ResourceBar';

const NOT_REPORTED = '–';

const ClusterName = ({ cluster }: { cluster: ClusterSummary }) => (
  <>
    <Typography variant="body2">
      <strong>{cluster.name}</strong>
    </Typography>
    <Typography variant="caption" color="textSecondary">
      {[`Karmada ${cluster.karmada}`, cluster.provider, ...cluster.zones]
        .filter(Boolean)
        .join(' · ')}
    </Typography>
  </>
);

/** Icon and word, plus why when it is not ready. */
const Readiness = ({ cluster }: { cluster: ClusterSummary }) => {
  const { reason, message } = cluster.ready;
  return (
    <>
      <HealthStatus health={cluster.ready.status} />
      {!isClusterReady(cluster) && (reason || message) && (
        <Typography variant="caption" component="div">
          {[reason, message].filter(Boolean).join(': ')}
        </Typography>
      )}
    </>
  );
};

const Resources = ({ cluster }: { cluster: ClusterSummary }) => {
  if (!cluster.resources) {
    return <>not reported</>;
  }
  return (
    <Box display="flex" flexDirection="column" gridGap={4} minWidth={200}>
      <ResourceBar kind="cpu" usage={cluster.resources.cpu} />
      <ResourceBar kind="memory" usage={cluster.resources.memory} />
      <ResourceBar kind="pods" usage={cluster.resources.pods} />
    </Box>
  );
};

const Taints = ({ cluster }: { cluster: ClusterSummary }) => {
  if (cluster.taints.length === 0) {
    return <>none</>;
  }
  return (
    <Box display="flex" flexWrap="wrap" gridGap={4}>
      {cluster.taints.map(taint => (
        <Chip
          key={formatTaint(taint)}
          label={formatTaint(taint)}
          size="small"
          variant="outlined"
        />
      ))}
    </Box>
  );
};

const columns: TableColumn<ClusterSummary>[] = [
  { title: 'Cluster', render: c => <ClusterName cluster={c} /> },
  { title: 'Status', render: c => <Readiness cluster={c} /> },
  { title: 'Version', render: c => c.kubernetesVersion ?? NOT_REPORTED },
  { title: 'Sync mode', field: 'syncMode' },
  {
    title: 'Nodes ready',
    render: c => `${c.nodes.ready} / ${c.nodes.total}`,
  },
  {
    title: 'Allocated / allocatable',
    render: c => <Resources cluster={c} />,
  },
  { title: 'Taints', render: c => <Taints cluster={c} /> },
];

/** One region's member clusters. */
export const RegionClustersCard = ({ group }: { group: RegionGroup }) => (
  <InfoCard
    title={group.region.title}
    subheader={countOf(group.clusters.length, 'cluster')}
    noPadding
  >
    <Table<ClusterSummary>
      options={denseTableOptions}
      columns={columns}
      data={group.clusters}
    />
  </InfoCard>
);
