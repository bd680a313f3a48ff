import { useMemo } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { geoPath } from 'd3-geo';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import { RegionPlacement } from '@multiregion/backstage-plugin-multicluster-common';
import { MapLegend } from './MapLegend';
import { RegionMarker } from './RegionMarker';
import { createMapProjection, layoutRegions } from './projectRegions';

const useStyles = makeStyles(theme => ({
  map: { display: 'block', width: '100%', height: 'auto' },
  land: {
    fill:
      theme.palette.type === 'dark'
        ? theme.palette.grey[700]
        : theme.palette.grey[300],
  },
  note: { marginTop: theme.spacing(1) },
}));

export interface RegionMapProps {
  regions: RegionPlacement[];
}

/**
 * A world map with one marker per region at its configured coordinates,
 * drawn offline from world-atlas. The markers are placed without the land
 * data, so they show at once while the land loads.
 */
export const RegionMap = ({ regions }: RegionMapProps) => {
  const classes = useStyles();
  const projection = useMemo(createMapProjection, []);
  const layout = useMemo(
    () => layoutRegions(regions, projection),
    [regions, projection],
  );
  const land = useAsync(async () => {
    const { land: shape } = await import('./worldLand');
    // One decimal is finer than a pixel at any sensible size, and halves
    // the path.
    return geoPath(projection).digits(1)(shape) ?? undefined;
  }, [projection]);

  const { x, y, width, height } = layout.viewBox;
  return (
    <>
      <svg
        viewBox={`${x} ${y.toFixed(1)} ${width} ${height.toFixed(1)}`}
        className={classes.map}
        role="group"
        aria-label="World map of the regions"
      >
        {land.value && (
          <path d={land.value} className={classes.land} aria-hidden />
        )}
        {layout.markers.map(marker => (
          <RegionMarker key={marker.placement.region.id} marker={marker} />
        ))}
      </svg>
      <MapLegend />
      {land.error && (
        <Typography variant="body2" className={classes.note}>
          The land could not be loaded ({land.error.message}); the markers are
          in place.
        </Typography>
      )}
      {layout.unplaced.length > 0 && (
        <Typography variant="body2" className={classes.note}>
          No coordinates configured:{' '}
          {layout.unplaced
            .map(({ region }) =>
              region.title === region.id
                ? region.id
                : `${region.title} (${region.id})`,
            )
            .join(', ')}
          . Set their <code>latitude</code> and <code>longitude</code> under{' '}
          <code>multicluster.regions</code> in the app config.
        </Typography>
      )}
    </>
  );
};
