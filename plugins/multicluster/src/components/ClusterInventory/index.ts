export { ClusterInventoryPage } from './ClusterInventoryPage';
export { ClusterInventoryContent } from './ClusterInventoryContent';
export type { ClusterInventoryContentProps } from './ClusterInventoryContent';
