import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
  WarningPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { getCompoundEntityRef } from '@backstage/catalog-model';
import { getEntityWorkloadSelector } from '@multiregion/backstage-plugin-multicluster-common';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { multiclusterApiRef } from '../../api';
import { usePolling } from '../../hooks/usePolling';
import { ClusterErrors } from './ClusterErrors';
import { KarmadaInstances } from './KarmadaInstances';
import { MeshPanel } from '../MeshPanel';
import { RegionMap } from '../RegionMap';
import { PodsTable } from './PodsTable';
import { RegionCards } from './RegionCards';
import { StaleBanner } from './StaleBanner';
import { WorkloadCard } from './WorkloadCard';
import { useRefreshInterval } from '../../hooks/useRefreshInterval';

/** @public */
export interface RegionsContentProps {
  /**
   * How often the tab refreshes, in ms (paused while the tab is hidden);
   * default `multicluster.ui.refreshIntervalSeconds`, else 10 s.
   */
  refreshIntervalMs?: number;
}

/**
 * The Regions tab: where the entity's workloads run, per region and
 * cluster, whether they are healthy, how the mesh routes between them, and
 * their pods.
 *
 * @public
 */
export const RegionsContent = ({
  refreshIntervalMs: refreshIntervalFromProps,
}: RegionsContentProps) => {
  const { entity } = useEntity();
  const api = useApi(multiclusterApiRef);
  const refreshIntervalMs = useRefreshInterval(refreshIntervalFromProps);
  const ref = getCompoundEntityRef(entity);
  const selector = getEntityWorkloadSelector(entity);
  const deps = [api, ref.kind, ref.namespace, ref.name];

  const placement = usePolling(
    () => api.getPlacement(ref),
    refreshIntervalMs,
    deps,
  );
  const pods = usePolling(() => api.getPods(ref), refreshIntervalMs, deps);
  const mesh = usePolling(() => api.getMesh(ref), refreshIntervalMs, deps);
  const health = usePolling(() => api.getHealth(), refreshIntervalMs * 3, [
    api,
  ]);

  const selectorText = (
    <>
      <code>{selector?.labelSelector ?? 'no selector'}</code>
      {selector?.namespace ? ` in namespace ${selector.namespace}` : ''}
    </>
  );

  let body: JSX.Element;
  if (placement.loading) {
    body = <Progress />;
  } else if (placement.error && !placement.value) {
    body = <ResponseErrorPanel error={placement.error} />;
  } else if (placement.value && placement.value.workloads.length === 0) {
    body = (
      <>
        <StaleBanner answer={placement.value} />
        <EmptyState
          missing="data"
          title="No workloads found"
          description={
            <>
              No Deployment, StatefulSet or DaemonSet in Karmada matches the
              selector {selectorText}.
            </>
          }
        />
      </>
    );
  } else {
    const value = placement.value!;
    const regionTitles = Object.fromEntries(
      value.regions.map(r => [r.region.id, r.region.title]),
    );
    // Full-width rows rather than a column container: a wrapping column
    // sizes its items before their width is known and cut the map short.
    body = (
      <Grid container spacing={3}>
        <Grid item xs={12}>
          <StaleBanner answer={value} />
          {placement.error && (
            // A failed refresh keeps the last answer on screen, flagged.
            <WarningPanel
              severity="warning"
              title="Could not refresh: showing the last answer"
              message={placement.error.message}
            />
          )}
          <ClusterErrors errors={value.errors} />
        </Grid>
        {value.regions.length > 0 && (
          <Grid item xs={12}>
            <InfoCard title="Regions" subheader="Ready / assigned replicas">
              <RegionMap regions={value.regions} />
            </InfoCard>
          </Grid>
        )}
        <Grid item xs={12}>
          <RegionCards regions={value.regions} workloads={value.workloads} />
        </Grid>
        {value.workloads.map(w => (
          <Grid
            item
            xs={12}
            key={`${w.karmada}/${w.namespace}/${w.kind}/${w.name}`}
          >
            <WorkloadCard workload={w} />
          </Grid>
        ))}
        <Grid item xs={12}>
          <MeshPanel {...mesh} regionTitles={regionTitles} />
        </Grid>
        <Grid item xs={12}>
          <PodsTable {...pods} />
        </Grid>
      </Grid>
    );
  }

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <Typography variant="body2">
          Workloads selected by {selectorText}
        </Typography>
      </Grid>
      <Grid item xs={12}>
        {body}
      </Grid>
      <Grid item xs={12}>
        <KarmadaInstances {...health} />
      </Grid>
    </Grid>
  );
};
