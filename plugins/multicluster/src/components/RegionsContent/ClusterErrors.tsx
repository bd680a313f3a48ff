import { WarningPanel } from '@backstage/core-components';
import { ClusterError } from '@multiregion/backstage-plugin-multicluster-common';
import Typography from '@material-ui/core/Typography';

/** Per-cluster errors, in the Kubernetes plugin's style: one line each. */
export const ClusterErrors = ({ errors }: { errors: ClusterError[] }) => {
  if (errors.length === 0) {
    return null;
  }
  const clusters = new Set(errors.map(e => e.cluster));
  return (
    <WarningPanel
      severity="error"
      title={`${clusters.size} cluster${
        clusters.size === 1 ? '' : 's'
      } with errors: ${[...clusters].join(', ')}`}
    >
      {errors.map(error => (
        <Typography key={`${error.cluster}-${error.message}`} variant="body2">
          <strong>{error.cluster}</strong> ({error.errorType}
          {error.statusCode ? `, HTTP ${error.statusCode}` : ''}):{' '}
          {error.message}
        </Typography>
      ))}
    </WarningPanel>
  );
};
