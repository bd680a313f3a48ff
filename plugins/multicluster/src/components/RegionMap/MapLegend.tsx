import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import { HealthShape, RegionHealth } from './HealthShape';

const entries: Array<{ health: RegionHealth; text: string }> = [
  { health: 'Healthy', text: 'Healthy: all replicas ready' },
  { health: 'Degraded', text: 'Degraded: some ready' },
  { health: 'Unhealthy', text: 'Unhealthy: none ready' },
  { health: 'Unknown', text: 'Unknown: not reported' },
];

const useStyles = makeStyles(theme => ({
  legend: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(0.5, 2),
    margin: 0,
    padding: 0,
    listStyle: 'none',
  },
  entry: { display: 'flex', alignItems: 'center', gap: theme.spacing(0.5) },
}));

/** What the marker shapes mean, with the same symbols as the map. */
export const MapLegend = () => {
  const classes = useStyles();
  return (
    <ul className={classes.legend} aria-label="Legend">
      {entries.map(({ health, text }) => (
        <li key={health} className={classes.entry}>
          <svg width={18} height={18} viewBox="-12 -12 24 24" aria-hidden>
            <HealthShape health={health} />
          </svg>
          <Typography variant="caption">{text}</Typography>
        </li>
      ))}
    </ul>
  );
};
