import { makeStyles } from '@material-ui/core/styles';
import { HealthShape } from './HealthShape';
import {
  LABEL_FONT_SIZE,
  LABEL_GAP,
  markerLabel,
  RegionMarkerLayout,
} from './projectRegions';

const healthWords = {
  Healthy: 'healthy',
  Degraded: 'degraded',
  Unhealthy: 'unhealthy',
  Unknown: 'health unknown',
};

/** What a screen reader (and the hover tooltip) says about a marker. */
export function markerDescription({
  region,
  readyReplicas,
  assignedReplicas,
  health,
}: RegionMarkerLayout['placement']): string {
  return `${region.title}: ${readyReplicas}/${assignedReplicas} ready, ${
    healthWords[health] ?? healthWords.Unknown
  }`;
}

const useStyles = makeStyles(theme => ({
  marker: {
    outline: 'none',
    '&:focus $focusRing': { visibility: 'visible' },
  },
  focusRing: {
    visibility: 'hidden',
    fill: 'none',
    stroke: theme.palette.primary.main,
    strokeWidth: 2.5,
  },
  leader: { stroke: theme.palette.text.secondary, strokeWidth: 1 },
  label: {
    fontFamily: theme.typography.fontFamily,
    fontSize: LABEL_FONT_SIZE,
    fontWeight: theme.typography.fontWeightMedium as number,
    fill: theme.palette.text.primary,
    // A halo in the card's colour keeps the text readable over coastlines.
    paintOrder: 'stroke',
    stroke: theme.palette.background.paper,
    strokeWidth: 4,
    strokeLinejoin: 'round',
  },
}));

/**
 * One region on the map: a focusable symbol whose shape says its health,
 * labelled `id ready/assigned`.
 */
export const RegionMarker = ({ marker }: { marker: RegionMarkerLayout }) => {
  const classes = useStyles();
  const { placement, x, y, label } = marker;
  const description = markerDescription(placement);
  // A label pushed off its marker's line gets a line back to the marker.
  const displaced = Math.abs(label.dy) > LABEL_FONT_SIZE / 2;
  return (
    <g
      transform={`translate(${x.toFixed(1)},${y.toFixed(1)})`}
      className={classes.marker}
      role="img"
      aria-label={description}
      tabIndex={0}
    >
      <title>{description}</title>
      {displaced && (
        <line
          x2={label.dx - Math.sign(label.dx) * (LABEL_GAP / 3)}
          y2={label.dy}
          className={classes.leader}
        />
      )}
      <circle r={16} className={classes.focusRing} />
      <HealthShape health={placement.health} />
      <text
        x={label.dx}
        y={label.dy}
        textAnchor={label.anchor}
        dominantBaseline="central"
        className={classes.label}
      >
        {markerLabel(placement)}
      </text>
    </g>
  );
};
