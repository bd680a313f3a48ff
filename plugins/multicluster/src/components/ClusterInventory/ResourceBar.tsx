import { ResourceUsage } from '@multiregion/backstage-plugin-multicluster-common';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import { describeUsage, ResourceKind, usagePercent } from './format';

/**
 * Allocated vs allocatable of one resource: the numbers as text, the share
 * as a bar. The text carries everything, so the bar is never the only signal.
 */
export const ResourceBar = ({
  kind,
  usage,
}: {
  kind: ResourceKind;
  usage: ResourceUsage;
}) => {
  const percent = usagePercent(usage) ?? 0;
  return (
    <div>
      <Typography variant="caption" component="div" noWrap>
        {describeUsage(kind, usage)}
      </Typography>
      <LinearProgress
        variant="determinate"
        // Overcommitted clusters (over 100%) fill the bar; the text says by how much.
        value={Math.min(percent, 100)}
        aria-label={`${kind} allocated`}
      />
    </div>
  );
};
