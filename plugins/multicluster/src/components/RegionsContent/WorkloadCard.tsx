import {
  InfoCard,
  StatusAborted,
  StatusError,
  StatusOK,
  Table,
  TableColumn,
} from '@backstage/core-components';
import {
  ClusterPlacement,
  ConditionSummary,
  WorkloadPlacement,
} from '@multiregion/backstage-plugin-multicluster-common';
import Typography from '@material-ui/core/Typography';
import { describePolicy } from '../describePolicy';
import { HealthStatus } from '../HealthStatus';
import { denseTableOptions } from '../tableOptions';

const columns: TableColumn<ClusterPlacement>[] = [
  { title: 'Cluster', field: 'cluster' },
  { title: 'Region', field: 'region' },
  { title: 'Assigned', field: 'assignedReplicas', type: 'numeric' },
  {
    title: 'Ready',
    render: c =>
      c.readyReplicas === undefined ? '–' : String(c.readyReplicas),
  },
  { title: 'Health', render: c => <HealthStatus health={c.health} /> },
  {
    title: 'Applied',
    render: c => {
      if (c.applied === undefined) return 'pending';
      return c.applied ? 'yes' : `no: ${c.appliedMessage ?? ''}`;
    },
  },
  { title: 'Cluster', render: c => <HealthStatus health={c.clusterReady} /> },
];

const Condition = ({
  name,
  condition,
}: {
  name: string;
  condition?: ConditionSummary;
}) => {
  let status = <>not reported yet</>;
  if (condition?.status === 'True') {
    status = <StatusOK>yes</StatusOK>;
  } else if (condition?.status === 'False') {
    status = <StatusError>no</StatusError>;
  } else if (condition) {
    status = <StatusAborted>unknown</StatusAborted>;
  }
  return (
    <Typography variant="body2">
      {name}: {status} {condition?.reason}
      {condition?.message ? ` – ${condition.message}` : ''}
    </Typography>
  );
};

/** One workload: its policy in words, the binding's conditions, per cluster. */
export const WorkloadCard = ({ workload }: { workload: WorkloadPlacement }) => (
  <InfoCard
    title={`${workload.kind} ${workload.namespace}/${workload.name}`}
    subheader={`Karmada ${workload.karmada} · ${
      workload.desiredReplicas ?? '–'
    } replicas desired`}
    noPadding
  >
    <div style={{ padding: '8px 16px' }}>
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
    <Table<ClusterPlacement>
      options={denseTableOptions}
      columns={columns}
      data={workload.clusters}
    />
  </InfoCard>
);
