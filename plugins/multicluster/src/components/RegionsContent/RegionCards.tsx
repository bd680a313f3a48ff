import { InfoCard } from '@backstage/core-components';
import {
  ClusterPlacement,
  RegionPlacement,
  WorkloadPlacement,
} from '@multiregion/backstage-plugin-multicluster-common';
import Grid from '@material-ui/core/Grid';
import { makeStyles } from '@material-ui/core/styles';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { HealthStatus, StatusText } from '../HealthStatus';

const useStyles = makeStyles({
  // Narrow cards scroll the table sideways rather than break words apart.
  scroll: { overflowX: 'auto' },
  table: { '& th, & td': { whiteSpace: 'nowrap' } },
  message: { whiteSpace: 'normal', minWidth: '12em' },
});

/** One cluster's share of one workload, as a row of a region's card. */
interface ClusterRow {
  key: string;
  workload: string;
  placement: ClusterPlacement;
}

function rowsOf(
  region: RegionPlacement,
  workloads: WorkloadPlacement[],
): ClusterRow[] {
  return workloads.flatMap(w =>
    w.clusters
      .filter(c => c.region === region.region.id)
      .map(c => ({
        key: `${w.karmada}/${w.namespace}/${w.kind}/${w.name}/${c.cluster}`,
        workload: `${w.kind} ${w.namespace}/${w.name}`,
        placement: c,
      })),
  );
}

const Applied = ({ placement }: { placement: ClusterPlacement }) => {
  const classes = useStyles();
  let status = <StatusText status="pending">Pending</StatusText>;
  if (placement.applied === true) {
    status = <StatusText status="ok">Applied</StatusText>;
  }
  if (placement.applied === false) {
    status = <StatusText status="error">Not applied</StatusText>;
  }
  return (
    <>
      {status}
      {placement.appliedMessage && (
        <Typography
          variant="caption"
          component="div"
          className={classes.message}
        >
          {placement.appliedMessage}
        </Typography>
      )}
    </>
  );
};

const RegionCard = ({
  region,
  rows,
  showWorkload,
}: {
  region: RegionPlacement;
  rows: ClusterRow[];
  showWorkload: boolean;
}) => {
  const classes = useStyles();
  return (
    <InfoCard
      variant="gridItem"
      title={region.region.title}
      subheader={`${region.region.id} · ${region.readyReplicas} / ${region.assignedReplicas} ready`}
      action={<HealthStatus health={region.health} />}
      noPadding
    >
      <div className={classes.scroll}>
        <Table
          size="small"
          className={classes.table}
          aria-label={`Clusters in ${region.region.title}`}
        >
          <TableHead>
            <TableRow>
              <TableCell>Cluster</TableCell>
              <TableCell align="right">Assigned</TableCell>
              <TableCell align="right">Ready</TableCell>
              <TableCell>Health</TableCell>
              <TableCell>Applied</TableCell>
              <TableCell>Cluster status</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map(({ key, workload, placement }) => (
              <TableRow key={key}>
                <TableCell component="th" scope="row">
                  {placement.cluster}
                  {/* Several workloads share a cluster: say whose row it is. */}
                  {showWorkload && (
                    <Typography variant="caption" component="div">
                      {workload}
                    </Typography>
                  )}
                </TableCell>
                <TableCell align="right">
                  {placement.assignedReplicas}
                </TableCell>
                <TableCell align="right">
                  {placement.readyReplicas ?? '–'}
                </TableCell>
                <TableCell>
                  <HealthStatus health={placement.health} />
                </TableCell>
                <TableCell>
                  <Applied placement={placement} />
                </TableCell>
                <TableCell>
                  <HealthStatus health={placement.clusterReady} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
    </InfoCard>
  );
};

/**
 * A card per region: its ready / assigned replicas and health, and per
 * member cluster what the scheduler assigned, what is ready, whether Karmada
 * applied it, and whether the cluster itself is ready.
 */
export const RegionCards = ({
  regions,
  workloads,
}: {
  regions: RegionPlacement[];
  workloads: WorkloadPlacement[];
}) => {
  if (regions.length === 0) {
    return (
      <Typography variant="body2">
        Karmada has not placed these workloads in any cluster yet; the workloads
        below say why.
      </Typography>
    );
  }
  return (
    <Grid container spacing={3}>
      {regions.map(region => (
        <Grid
          item
          xs={12}
          xl={6}
          key={region.region.id}
          component="section"
          aria-label={region.region.title}
        >
          <RegionCard
            region={region}
            rows={rowsOf(region, workloads)}
            showWorkload={workloads.length > 1}
          />
        </Grid>
      ))}
    </Grid>
  );
};
