import { RegionInfo } from '@multiregion/backstage-plugin-multicluster-common';
import Box from '@material-ui/core/Box';
import TextField from '@material-ui/core/TextField';
import { ClusterFilter, READINESS_OPTIONS, parseReadiness } from './filters';

const ALL_REGIONS = '';

/**
 * Region and readiness pickers. Native selects: reachable with Tab and
 * operable with the keyboard and screen readers without extra wiring.
 */
export const ClusterFilters = ({
  regions,
  filter,
  onChange,
}: {
  regions: RegionInfo[];
  filter: ClusterFilter;
  onChange: (filter: ClusterFilter) => void;
}) => {
  // A region from the URL that the answer does not (or not yet) have stays
  // listed, so that the picker shows the filter that is really applied.
  const regionOptions =
    filter.region && !regions.some(region => region.id === filter.region)
      ? [...regions, { id: filter.region, title: filter.region }]
      : regions;
  return (
    <Box display="flex" gridGap={16} flexWrap="wrap">
      <TextField
        id="cluster-inventory-region"
        select
        label="Region"
        variant="outlined"
        size="small"
        SelectProps={{ native: true }}
        // "All regions" has an empty value: keep the label above it.
        InputLabelProps={{ shrink: true }}
        value={filter.region ?? ALL_REGIONS}
        onChange={event =>
          onChange({ ...filter, region: event.target.value || undefined })
        }
      >
        <option value={ALL_REGIONS}>All regions</option>
        {regionOptions.map(region => (
          <option key={region.id} value={region.id}>
            {region.title}
          </option>
        ))}
      </TextField>
      <TextField
        id="cluster-inventory-readiness"
        select
        label="Readiness"
        variant="outlined"
        size="small"
        SelectProps={{ native: true }}
        value={filter.readiness}
        onChange={event =>
          onChange({ ...filter, readiness: parseReadiness(event.target.value) })
        }
      >
        {READINESS_OPTIONS.map(option => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </TextField>
    </Box>
  );
};
