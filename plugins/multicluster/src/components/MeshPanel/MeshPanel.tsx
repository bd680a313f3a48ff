import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
  WarningPanel,
} from '@backstage/core-components';
import { MeshResponse } from '@multiregion/backstage-plugin-multicluster-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { ClusterErrors } from '../RegionsContent/ClusterErrors';
import { ClusterDiscovery } from './ClusterDiscovery';
import { RegionTitles } from './format';
import { MeshWarnings } from './MeshWarnings';
import { TrafficMatrix } from './TrafficMatrix';

export interface MeshPanelProps {
  value?: MeshResponse;
  error?: Error;
  loading: boolean;
  /** Region id → title; ids without one show as they are. */
  regionTitles?: RegionTitles;
}

const MeshBody = ({
  value,
  error,
  loading,
  regionTitles = {},
}: MeshPanelProps) => {
  if (loading) return <Progress />;
  if (!value) {
    return (
      <ResponseErrorPanel
        error={error ?? new Error('No answer')}
        title="The mesh status could not be read"
      />
    );
  }
  return (
    <>
      {error && (
        // A failed refresh keeps the last answer on screen, flagged.
        <WarningPanel
          severity="warning"
          title="Could not refresh: showing the last answer"
          message={error.message}
        />
      )}
      <ClusterErrors errors={value.errors} />
      <MeshWarnings warnings={value.warnings} />
      {value.services.length === 0 ? (
        <Typography variant="body2">
          No Kubernetes Service selects these workloads. The mesh discovers and
          routes Services, so there are no endpoints or traffic to show.
        </Typography>
      ) : (
        <>
          <TrafficMatrix
            traffic={value.traffic}
            trafficUnavailable={value.trafficUnavailable}
            clusters={value.clusters}
            regionTitles={regionTitles}
          />
          <Box mt={2}>
            <ClusterDiscovery
              clusters={value.clusters}
              drift={value.drift}
              regionTitles={regionTitles}
            />
          </Box>
        </>
      )}
    </>
  );
};

/**
 * The Istio mesh of the entity's services: warnings, traffic between
 * clusters and what each primary's istiod discovers. The caller polls
 * `getMesh`, as it does placement and pods.
 */
export const MeshPanel = (props: MeshPanelProps) => {
  const services = props.value?.services ?? [];
  return (
    <section aria-label="Mesh">
      <InfoCard
        title="Mesh"
        titleTypographyProps={{ component: 'h2' }}
        subheader={
          services.length > 0
            ? `Services ${services
                .map(s => `${s.namespace}/${s.name}`)
                .join(', ')}`
            : undefined
        }
      >
        <MeshBody {...props} />
      </InfoCard>
    </section>
  );
};
