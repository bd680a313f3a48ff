import { ReactNode } from 'react';
import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import Box from '@material-ui/core/Box';

const icons = {
  ok: StatusOK,
  warning: StatusWarning,
  error: StatusError,
  pending: StatusPending,
  aborted: StatusAborted,
};

/**
 * A status icon and its word. The word sits outside core-components' status
 * element, which is aria-hidden as a whole, so screen readers hear it too.
 */
export const StatusText = ({
  status,
  children,
}: {
  status: keyof typeof icons;
  children: ReactNode;
}) => {
  const Icon = icons[status];
  return (
    <Box component="span" display="inline-flex" alignItems="baseline">
      <Icon />
      <span>{children}</span>
    </Box>
  );
};

function statusOf(health: string): [keyof typeof icons, string] {
  switch (health) {
    case 'Healthy':
      return ['ok', 'Healthy'];
    case 'True':
      return ['ok', 'Ready'];
    case 'Degraded':
      return ['warning', 'Degraded'];
    case 'Unhealthy':
      return ['error', 'Unhealthy'];
    case 'False':
      return ['error', 'Not ready'];
    default:
      return ['aborted', 'Unknown'];
  }
}

/** Health or readiness as icon and word: colour is never the only signal. */
export const HealthStatus = ({ health }: { health: string }) => {
  const [status, word] = statusOf(health);
  return <StatusText status={status}>{word}</StatusText>;
};
