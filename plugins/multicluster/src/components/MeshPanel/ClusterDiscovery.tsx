import {
  MeshClusterStatus,
  MeshPolicyDrift,
} from '@multiregion/backstage-plugin-multicluster-common';
import { makeStyles } from '@material-ui/core/styles';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import {
  Detail,
  EndpointsCell,
  InjectionCell,
  IstiodCell,
  MtlsCell,
} from './DiscoveryCells';
import { regionLabel, RegionTitles } from './format';
import { PolicyList } from './PolicyList';

const useStyles = makeStyles({
  scroll: { overflowX: 'auto' },
  // Short cells stay on one line; the routing rules wrap so the table fits
  // the card.
  table: {
    '& th, & td': { verticalAlign: 'top', whiteSpace: 'nowrap' },
    '& td:last-child': { whiteSpace: 'normal', minWidth: 180 },
  },
});

/**
 * One row per member cluster: what its istiod knows of the others and of
 * the service, since each primary discovers (and routes) on its own.
 */
export const ClusterDiscovery = ({
  clusters,
  drift,
  regionTitles,
}: {
  clusters: MeshClusterStatus[];
  drift: MeshPolicyDrift[];
  regionTitles: RegionTitles;
}) => {
  const classes = useStyles();
  if (clusters.length === 0) {
    return (
      <Typography variant="body2">
        No member cluster reported its mesh status.
      </Typography>
    );
  }
  return (
    <div className={classes.scroll}>
      <Table
        size="small"
        className={classes.table}
        aria-label="Mesh discovery per cluster"
      >
        <TableHead>
          <TableRow>
            <TableCell>Cluster</TableCell>
            <TableCell>Region</TableCell>
            <TableCell>istiod</TableCell>
            <TableCell>Endpoints</TableCell>
            <TableCell>Injection</TableCell>
            <TableCell>mTLS</TableCell>
            <TableCell>Routing rules</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {clusters.map(c => (
            <TableRow key={`${c.karmada}/${c.cluster}`}>
              {/* MUI marks a body <th> as a plain cell; keep it a row header. */}
              <TableCell component="th" scope="row" role="rowheader">
                {c.cluster}
              </TableCell>
              <TableCell>
                {regionLabel(c.region, regionTitles)}
                {c.network && <Detail>network {c.network}</Detail>}
                {!c.hostsWorkloads && <Detail>no workloads placed</Detail>}
              </TableCell>
              <TableCell>
                <IstiodCell istiod={c.istiod} />
              </TableCell>
              <TableCell>
                <EndpointsCell status={c} />
              </TableCell>
              <TableCell>
                <InjectionCell injection={c.injection} />
              </TableCell>
              <TableCell>
                <MtlsCell mtls={c.mtls} />
              </TableCell>
              <TableCell>
                <PolicyList
                  cluster={c.cluster}
                  policies={c.policies}
                  drift={drift}
                />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
};
