export { MeshPanel } from './MeshPanel';
export type { MeshPanelProps } from './MeshPanel';
