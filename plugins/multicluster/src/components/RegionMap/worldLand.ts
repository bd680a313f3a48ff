import { feature } from 'topojson-client';
import landTopology from 'world-atlas/land-110m.json';

type Topology = Parameters<typeof feature>[0];

const topology = landTopology as unknown as Topology;

/**
 * The world's land as GeoJSON, from Natural Earth's 1:110m data in
 * world-atlas (about 55 KB): coarse, but plenty for a region overview, and
 * drawn without any tile server. Import this module lazily (`import()`), so
 * the data is not part of the bundle that paints the tab.
 */
export const land = feature(topology, topology.objects.land);
