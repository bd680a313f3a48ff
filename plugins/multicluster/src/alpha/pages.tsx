import { compatWrapper } from '@backstage/core-compat-api';
import { PageBlueprint } from '@backstage/frontend-plugin-api';
import StorageIcon from '@material-ui/icons/Storage';
import { inventoryRouteRef } from '../routes';

/**
 * The cluster inventory at `/multicluster`. With a title and an icon the
 * app's nav lists it as well: this Backstage line derives nav items from
 * pages, so no separate nav item extension is needed. The page layout
 * renders the header, hence the content without the legacy page chrome.
 */
export const clusterInventoryPage = PageBlueprint.make({
  params: {
    path: '/multicluster',
    routeRef: inventoryRouteRef,
    title: 'Clusters',
    icon: <StorageIcon fontSize="inherit" />,
    loader: () =>
      import('../components/ClusterInventory').then(m =>
        compatWrapper(<m.ClusterInventoryContent />),
      ),
  },
});
