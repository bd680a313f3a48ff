import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusWarning,
} from '@backstage/core-components';

/** Health as icon and word together: colour is never the only signal. */
export const HealthStatus = ({ health }: { health: string }) => {
  switch (health) {
    case 'Healthy':
    case 'True':
      return <StatusOK>{health === 'True' ? 'Ready' : 'Healthy'}</StatusOK>;
    case 'Degraded':
      return <StatusWarning>Degraded</StatusWarning>;
    case 'Unhealthy':
    case 'False':
      return (
        <StatusError>
          {health === 'False' ? 'Not ready' : 'Unhealthy'}
        </StatusError>
      );
    default:
      return <StatusAborted>Unknown</StatusAborted>;
  }
};
