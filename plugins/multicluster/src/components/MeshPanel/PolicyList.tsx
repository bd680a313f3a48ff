import {
  MeshPolicyDrift,
  MeshPolicyObject,
} from '@multiregion/backstage-plugin-multicluster-common';
import Typography from '@material-ui/core/Typography';
import { StatusText } from '../HealthStatus';
import { Detail } from './DiscoveryCells';
import { describeLocalityLb, isDrifting, missingIn } from './format';

const Policy = ({
  policy,
  drifting,
}: {
  policy: MeshPolicyObject;
  drifting: boolean;
}) => {
  // Failover without outlier detection is configured but never happens.
  const failoverIneffective =
    policy.kind === 'DestinationRule' &&
    (policy.localityLb?.failover.length ?? 0) > 0 &&
    policy.failoverEffective === false;
  return (
    <div>
      <Typography variant="body2">{`${policy.kind} ${policy.name}`}</Typography>
      {policy.kind === 'DestinationRule' && (
        <Detail>
          {`${describeLocalityLb(policy)} · `}
          {failoverIneffective ? (
            <StatusText status="warning">outlier detection: no</StatusText>
          ) : (
            `outlier detection: ${policy.outlierDetection ? 'yes' : 'no'}`
          )}
        </Detail>
      )}
      {drifting && (
        <Detail>
          <StatusText status="warning">differs between clusters</StatusText>
        </Detail>
      )}
    </div>
  );
};

/**
 * The DestinationRules and VirtualServices one cluster holds for the
 * service, and those other primaries hold but it lacks.
 */
export const PolicyList = ({
  cluster,
  policies,
  drift,
}: {
  cluster: string;
  policies: MeshPolicyObject[];
  drift: MeshPolicyDrift[];
}) => {
  const missing = missingIn(drift, cluster);
  if (policies.length === 0 && missing.length === 0) {
    return <Typography variant="body2">none</Typography>;
  }
  return (
    <>
      {policies.map(p => (
        <Policy
          key={`${p.kind}/${p.namespace}/${p.name}`}
          policy={p}
          drifting={isDrifting(drift, p)}
        />
      ))}
      {missing.map(m => (
        <Detail key={`${m.kind}/${m.namespace}/${m.name}`}>
          <StatusText status="warning">{`missing ${m.kind} ${m.name}`}</StatusText>
        </Detail>
      ))}
    </>
  );
};
