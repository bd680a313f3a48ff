import {
  MeshClusterStatus,
  MeshTraffic,
  MeshTrafficEdge,
} from '@multiregion/backstage-plugin-multicluster-common';
import { makeStyles } from '@material-ui/core/styles';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { clusterLabel, formatEdge, RegionTitles } from './format';

const useStyles = makeStyles(theme => ({
  scroll: { overflowX: 'auto' },
  table: {
    '& th, & td': { whiteSpace: 'nowrap' },
    // MUI puts captions below the table (with a rule as specific as this
    // one); this caption is the table's title.
    '& caption': {
      captionSide: 'top',
      padding: theme.spacing(0, 0, 1),
      ...theme.typography.subtitle2,
      color: theme.palette.text.primary,
    },
  },
}));

/**
 * The clusters of the matrix with their regions: the mesh's members first,
 * then any cluster only Prometheus knows.
 */
function clustersOf(
  clusters: MeshClusterStatus[],
  edges: MeshTrafficEdge[],
): Array<{ cluster: string; region?: string }> {
  const regions = new Map<string, string | undefined>();
  for (const c of clusters) regions.set(c.cluster, c.region);
  for (const e of edges) {
    if (!regions.has(e.sourceCluster)) {
      regions.set(e.sourceCluster, e.sourceRegion);
    }
    if (!regions.has(e.destinationCluster)) {
      regions.set(e.destinationCluster, e.destinationRegion);
    }
  }
  return [...regions].map(([cluster, region]) => ({ cluster, region }));
}

/**
 * Requests between clusters as a matrix: rows send, columns receive, so a
 * failover shows as traffic leaving the diagonal.
 */
export const TrafficMatrix = ({
  traffic,
  trafficUnavailable,
  clusters,
  regionTitles,
}: {
  traffic?: MeshTraffic;
  trafficUnavailable?: string;
  clusters: MeshClusterStatus[];
  regionTitles: RegionTitles;
}) => {
  const classes = useStyles();
  if (!traffic) {
    return (
      <Typography variant="body2" paragraph>
        Traffic: {trafficUnavailable ?? 'not available'}
      </Typography>
    );
  }
  const members = clustersOf(clusters, traffic.edges);
  if (members.length === 0) {
    return (
      <Typography variant="body2" paragraph>
        Traffic: no requests between clusters in the last {traffic.window}
      </Typography>
    );
  }
  const edges = new Map(
    traffic.edges.map(e => [`${e.sourceCluster}\n${e.destinationCluster}`, e]),
  );
  return (
    <div className={classes.scroll}>
      <Table size="small" className={classes.table}>
        <caption>Traffic between clusters (last {traffic.window})</caption>
        <TableHead>
          <TableRow>
            <TableCell>From \ to</TableCell>
            {members.map(to => (
              <TableCell key={to.cluster} scope="col">
                {clusterLabel(to.cluster, to.region, regionTitles)}
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {members.map(from => (
            <TableRow key={from.cluster}>
              {/* MUI marks a body <th> as a plain cell; keep it a row header. */}
              <TableCell component="th" scope="row" role="rowheader">
                {clusterLabel(from.cluster, from.region, regionTitles)}
              </TableCell>
              {members.map(to => {
                const edge = edges.get(`${from.cluster}\n${to.cluster}`);
                return (
                  <TableCell key={to.cluster}>
                    {edge ? formatEdge(edge) : '—'}
                  </TableCell>
                );
              })}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
};
