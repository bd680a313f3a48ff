import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusWarning,
} from '@backstage/core-components';
import Box from '@material-ui/core/Box';

function statusOf(health: string): [typeof StatusOK, string] {
  switch (health) {
    case 'Healthy':
      return [StatusOK, 'Healthy'];
    case 'True':
      return [StatusOK, 'Ready'];
    case 'Degraded':
      return [StatusWarning, 'Degraded'];
    case 'Unhealthy':
      return [StatusError, 'Unhealthy'];
    case 'False':
      return [StatusError, 'Not ready'];
    default:
      return [StatusAborted, 'Unknown'];
  }
}

/**
 * Health as icon and word together: colour is never the only signal. The
 * word sits outside core-components' status element, which is aria-hidden
 * as a whole, so screen readers hear it too.
 */
export const HealthStatus = ({ health }: { health: string }) => {
  const [Icon, word] = statusOf(health);
  return (
    <Box component="span" display="inline-flex" alignItems="baseline">
      <Icon />
      <span>{word}</span>
    </Box>
  );
};
