import { Header, Page } from '@backstage/core-components';
import {
  ClusterInventoryContent,
  ClusterInventoryContentProps,
} from './ClusterInventoryContent';

/**
 * The cluster inventory as a full page with its own header, for the legacy
 * frontend system. The new system's page layout supplies the header itself
 * and renders {@link ClusterInventoryContent} directly.
 *
 * @public
 */
export const ClusterInventoryPage = (props: ClusterInventoryContentProps) => (
  <Page themeId="tool">
    <Header title="Clusters" subtitle="Karmada member clusters by region" />
    <ClusterInventoryContent {...props} />
  </Page>
);
