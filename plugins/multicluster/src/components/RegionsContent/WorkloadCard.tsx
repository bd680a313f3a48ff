import { InfoCard } from '@backstage/core-components';
import {
  ConditionSummary,
  WorkloadPlacement,
} from '@multiregion/backstage-plugin-multicluster-common';
import Typography from '@material-ui/core/Typography';
import { describePolicy } from '../describePolicy';
import { StatusText } from '../HealthStatus';

const Condition = ({
  name,
  condition,
}: {
  name: string;
  condition?: ConditionSummary;
}) => {
  let status = <>not reported yet</>;
  if (condition?.status === 'True') {
    status = <StatusText status="ok">yes</StatusText>;
  } else if (condition?.status === 'False') {
    status = <StatusText status="error">no</StatusText>;
  } else if (condition) {
    status = <StatusText status="aborted">unknown</StatusText>;
  }
  return (
    <Typography variant="body2">
      {name}: {status} {condition?.reason}
      {condition?.message ? ` – ${condition.message}` : ''}
    </Typography>
  );
};

/**
 * One workload: its policy in words and the binding's conditions (the
 * "why is it not in sea?" answer). Per-cluster numbers are on the region cards.
 */
export const WorkloadCard = ({ workload }: { workload: WorkloadPlacement }) => (
  <InfoCard
    title={`${workload.kind} ${workload.namespace}/${workload.name}`}
    subheader={`Karmada ${workload.karmada} · ${
      workload.desiredReplicas ?? '–'
    } replicas desired`}
  >
    <div>
      <Typography variant="body1">
        {workload.policy
          ? `${describePolicy(workload.policy, workload.clusters)} (${
              workload.policy.kind
            } ${workload.policy.name})`
          : 'No propagation policy matches this workload: Karmada does not place it anywhere.'}
      </Typography>
      {workload.binding && (
        <>
          <Condition name="Scheduled" condition={workload.binding.scheduled} />
          <Condition
            name="Fully applied"
            condition={workload.binding.fullyApplied}
          />
        </>
      )}
    </div>
  </InfoCard>
);
