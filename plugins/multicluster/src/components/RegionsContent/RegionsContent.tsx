import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
  StatusError,
  StatusOK,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  getEntityWorkloadSelector,
  KarmadaInstanceHealth,
  MulticlusterHealthResponse,
} from '@multiregion/backstage-plugin-multicluster-common';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { multiclusterApiRef } from '../../api';

const columns: TableColumn<KarmadaInstanceHealth>[] = [
  { title: 'Karmada instance', field: 'name' },
  { title: 'API server', field: 'url' },
  {
    title: 'Status',
    field: 'ready',
    // Icon and words together: colour is never the only signal.
    render: instance =>
      instance.ready ? (
        <StatusOK>Ready</StatusOK>
      ) : (
        <StatusError>Not ready</StatusError>
      ),
  },
  {
    title: 'Details',
    field: 'message',
    render: instance =>
      instance.ready
        ? `answered in ${instance.latencyMs} ms`
        : instance.message,
  },
];

const KarmadaInstances = ({
  value,
  loading,
  error,
}: {
  value?: MulticlusterHealthResponse;
  loading: boolean;
  error?: Error;
}) => {
  if (loading) {
    return <Progress />;
  }
  if (error) {
    return <ResponseErrorPanel error={error} />;
  }
  if (!value || value.instances.length === 0) {
    return (
      <EmptyState
        missing="info"
        title="No Karmada instance configured"
        description="Add one under multicluster.karmada in app-config.yaml."
      />
    );
  }
  return (
    <InfoCard title="Karmada control planes" noPadding>
      <Table<KarmadaInstanceHealth>
        options={{ paging: false, search: false, padding: 'dense' }}
        columns={columns}
        data={value.instances}
      />
    </InfoCard>
  );
};

/**
 * The Regions tab: where the entity's workloads run, per region. For now it
 * shows which Karmada control planes the portal can reach.
 *
 * @public
 */
export const RegionsContent = () => {
  const { entity } = useEntity();
  const api = useApi(multiclusterApiRef);
  const selector = getEntityWorkloadSelector(entity);
  const { value, loading, error } = useAsync(() => api.getHealth(), [api]);

  return (
    <Grid container spacing={3} direction="column">
      <Grid item>
        <Typography variant="body2">
          Workloads selected by{' '}
          <code>{selector?.labelSelector ?? 'no selector'}</code>
          {selector?.namespace ? ` in namespace ${selector.namespace}` : ''}
        </Typography>
      </Grid>
      <Grid item>
        <KarmadaInstances value={value} loading={loading} error={error} />
      </Grid>
    </Grid>
  );
};
