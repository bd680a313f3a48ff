import {
  Content,
  ContentHeader,
  EmptyState,
  Progress,
  ResponseErrorPanel,
  WarningPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { ClustersResponse } from '@multiregion/backstage-plugin-multicluster-common';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { useSearchParams } from 'react-router-dom';
import { multiclusterApiRef } from '../../api';
import { usePolling } from '../../hooks/usePolling';
import { StaleBanner } from '../RegionsContent/StaleBanner';
import { ClusterFilters } from './ClusterFilters';
import {
  ClusterFilter,
  countClusters,
  filterRegions,
  parseReadiness,
} from './filters';
import { countOf } from './format';
import { RegionClustersCard } from './RegionClustersCard';
import { useRefreshInterval } from '../../hooks/useRefreshInterval';

/** @public */
export interface ClusterInventoryContentProps {
  /**
   * How often the inventory refreshes, in ms (paused while the tab is
   * hidden); default `multicluster.ui.refreshIntervalSeconds`, else 10 s.
   */
  refreshIntervalMs?: number;
}

/**
 * The filter lives in the URL (`?region=eu&readiness=notReady`) so that a
 * filtered view can be shared and survives a reload. Both values change in
 * one navigation: separate updates would overwrite each other.
 */
function useClusterFilter(): [ClusterFilter, (filter: ClusterFilter) => void] {
  const [searchParams, setSearchParams] = useSearchParams();
  const filter: ClusterFilter = {
    region: searchParams.get('region') || undefined,
    readiness: parseReadiness(searchParams.get('readiness')),
  };
  const setFilter = (next: ClusterFilter) =>
    setSearchParams(
      current => {
        const params = new URLSearchParams(current);
        if (next.region) params.set('region', next.region);
        else params.delete('region');
        if (next.readiness !== 'all') params.set('readiness', next.readiness);
        else params.delete('readiness');
        return params;
      },
      { replace: true },
    );
  return [filter, setFilter];
}

const Inventory = ({
  answer,
  filter,
  onClearFilter,
}: {
  answer: ClustersResponse;
  filter: ClusterFilter;
  onClearFilter: () => void;
}) => {
  const total = countClusters(answer.regions);
  if (total.clusters === 0) {
    return (
      <EmptyState
        missing="data"
        title="No member clusters"
        description="No configured Karmada instance reports a member cluster yet."
      />
    );
  }

  const visible = filterRegions(answer.regions, filter);
  const shown = countClusters(visible);
  const summary = [
    `${countOf(total.clusters, 'cluster')} in ${countOf(
      total.regions,
      'region',
    )}`,
    `${total.notReady} not ready`,
    shown.clusters === total.clusters ? undefined : `${shown.clusters} shown`,
  ]
    .filter(Boolean)
    .join(' · ');

  return (
    <Grid container spacing={3} direction="column">
      <Grid item>
        {/* Announced when a filter or a refresh changes the counts. */}
        <Typography variant="body2" aria-live="polite">
          {summary}
        </Typography>
      </Grid>
      {visible.length === 0 && (
        <Grid item>
          <EmptyState
            missing="data"
            title="No cluster matches the filter"
            action={
              <Button variant="outlined" onClick={onClearFilter}>
                Show all clusters
              </Button>
            }
          />
        </Grid>
      )}
      {visible.map(group => (
        <Grid item key={group.region.id}>
          <RegionClustersCard group={group} />
        </Grid>
      ))}
    </Grid>
  );
};

/**
 * The cluster inventory without page chrome: every member cluster of every
 * Karmada instance, by region, refreshed in place.
 *
 * @public
 */
export const ClusterInventoryContent = ({
  refreshIntervalMs: refreshIntervalFromProps,
}: ClusterInventoryContentProps) => {
  const api = useApi(multiclusterApiRef);
  const refreshIntervalMs = useRefreshInterval(refreshIntervalFromProps);
  const { value, error, loading } = usePolling(
    () => api.getClusters(),
    refreshIntervalMs,
    [api],
  );
  const [filter, setFilter] = useClusterFilter();

  let body: JSX.Element;
  if (loading) {
    body = <Progress />;
  } else if (!value) {
    body = <ResponseErrorPanel error={error ?? new Error('No answer')} />;
  } else {
    body = (
      <>
        <StaleBanner answer={value} />
        {/* A failed refresh keeps the last answer on screen, but says so. */}
        {error && (
          <WarningPanel
            severity="warning"
            title="Refreshing the cluster list failed: showing the last answer"
            message={error.message}
          />
        )}
        <Inventory
          answer={value}
          filter={filter}
          onClearFilter={() => setFilter({ readiness: 'all' })}
        />
      </>
    );
  }

  return (
    <Content>
      {/* The filters stay mounted while refreshing so that focus is kept. */}
      <ContentHeader title="Member clusters">
        <ClusterFilters
          regions={value?.regions.map(group => group.region) ?? []}
          filter={filter}
          onChange={setFilter}
        />
      </ContentHeader>
      {body}
    </Content>
  );
};
