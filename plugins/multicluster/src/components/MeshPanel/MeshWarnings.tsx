import { MeshWarning } from '@multiregion/backstage-plugin-multicluster-common';
import Box from '@material-ui/core/Box';
import Alert from '@material-ui/lab/Alert';

/**
 * The backend's findings, one alert each: the mesh does not do what its
 * configuration says, so they come before the numbers.
 */
export const MeshWarnings = ({ warnings }: { warnings: MeshWarning[] }) => {
  if (warnings.length === 0) {
    return null;
  }
  return (
    <Box display="flex" flexDirection="column" gridGap={8} mb={2}>
      {warnings.map(w => (
        <Alert
          key={`${w.kind}/${w.cluster ?? ''}/${w.object ?? ''}/${w.message}`}
          severity="warning"
        >
          {w.message}
        </Alert>
      ))}
    </Box>
  );
};
