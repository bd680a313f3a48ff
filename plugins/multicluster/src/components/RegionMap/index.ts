export { RegionMap } from './RegionMap';
export type { RegionMapProps } from './RegionMap';
