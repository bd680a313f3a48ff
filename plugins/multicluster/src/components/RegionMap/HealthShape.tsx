import { makeStyles } from '@material-ui/core/styles';
import { RegionPlacement } from '@multiregion/backstage-plugin-multicluster-common';

export type RegionHealth = RegionPlacement['health'];

const useStyles = makeStyles(theme => ({
  shape: {
    // A thin outline in the card's colour keeps touching markers apart.
    stroke: theme.palette.background.paper,
    strokeWidth: 1.5,
  },
  Healthy: { fill: theme.palette.status.ok },
  Degraded: { fill: theme.palette.status.warning },
  Unhealthy: { fill: theme.palette.status.error },
  Unknown: { fill: theme.palette.status.aborted },
  glyph: {
    fill: 'none',
    stroke: theme.palette.common.white,
    strokeWidth: 2.2,
    strokeLinecap: 'round',
    strokeLinejoin: 'round',
  },
  dot: { fill: theme.palette.common.white },
}));

/**
 * A health state as an SVG symbol centred on (0, 0), about 20 units wide.
 * Shape and glyph differ per state, not only the colour: a circle with a
 * check (healthy), a triangle with "!" (degraded), a diamond with a cross
 * (unhealthy), a circle with "?" (unknown).
 */
export const HealthShape = ({ health }: { health: RegionHealth }) => {
  const classes = useStyles();
  const shapeClass = `${classes.shape} ${classes[health] ?? classes.Unknown}`;
  switch (health) {
    case 'Healthy':
      return (
        <>
          <circle r={9.5} className={shapeClass} />
          <path d="M-4.2,0.3 L-1.3,3.2 L4.2,-2.8" className={classes.glyph} />
        </>
      );
    case 'Degraded':
      return (
        <>
          <path d="M0,-11 L10.5,7.5 L-10.5,7.5 Z" className={shapeClass} />
          <path d="M0,-4.5 L0,1" className={classes.glyph} />
          <circle cy={4.3} r={1.3} className={classes.dot} />
        </>
      );
    case 'Unhealthy':
      return (
        <>
          <path d="M0,-11 L11,0 L0,11 L-11,0 Z" className={shapeClass} />
          <path
            d="M-3.5,-3.5 L3.5,3.5 M3.5,-3.5 L-3.5,3.5"
            className={classes.glyph}
          />
        </>
      );
    default:
      return (
        <>
          <circle r={9.5} className={shapeClass} />
          <path
            d="M-2.8,-2.4 A2.8,2.8 0 1 1 0.6,0.3 L0,0.9 L0,1.8"
            className={classes.glyph}
          />
          <circle cy={4.7} r={1.3} className={classes.dot} />
        </>
      );
  }
};
