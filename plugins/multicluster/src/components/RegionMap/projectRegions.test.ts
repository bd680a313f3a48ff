import { RegionPlacement } from '@multiregion/backstage-plugin-multicluster-common';
import {
  createMapProjection,
  layoutRegions,
  MAP_WIDTH,
  markerLabel,
} from './projectRegions';

function region(
  id: string,
  coordinates?: { latitude?: number; longitude?: number },
): RegionPlacement {
  return {
    region: { id, title: id.toUpperCase(), ...coordinates },
    clusters: [id],
    assignedReplicas: 2,
    readyReplicas: 1,
    health: 'Degraded',
  };
}

const projection = createMapProjection();

describe('layoutRegions', () => {
  it('projects regions to where they are on the map', () => {
    const { markers, viewBox } = layoutRegions(
      [
        region('na', { latitude: 39.8, longitude: -98.6 }),
        region('eu', { latitude: 50.1, longitude: 8.7 }),
        region('sea', { latitude: 1.35, longitude: 103.8 }),
      ],
      projection,
    );
    const [na, eu, sea] = markers;
    // West to east, and the equator below the northern regions.
    expect(na.x).toBeLessThan(eu.x);
    expect(eu.x).toBeLessThan(sea.x);
    expect(sea.y).toBeGreaterThan(na.y);
    // Frankfurt lies a little east of the map's centre (Greenwich).
    expect(eu.x).toBeGreaterThan(MAP_WIDTH / 2);
    expect(eu.x).toBeLessThan(MAP_WIDTH * 0.55);
    for (const m of markers) {
      expect(m.y).toBeGreaterThan(viewBox.y);
      expect(m.y).toBeLessThan(viewBox.y + viewBox.height);
    }
    expect(viewBox.width).toBe(MAP_WIDTH);
  });

  it('lists regions without valid coordinates instead of placing them', () => {
    const layout = layoutRegions(
      [
        region('na', { latitude: 39.8, longitude: -98.6 }),
        region('none'),
        region('half', { latitude: 10 }),
        region('bad', { latitude: 95, longitude: 0 }),
      ],
      projection,
    );
    expect(layout.markers.map(m => m.placement.region.id)).toEqual(['na']);
    expect(layout.unplaced.map(p => p.region.id)).toEqual([
      'none',
      'half',
      'bad',
    ]);
  });

  it('moves labels apart when regions share a place', () => {
    const { markers } = layoutRegions(
      [
        region('eu-1', { latitude: 50.1, longitude: 8.7 }),
        region('eu-2', { latitude: 50.1, longitude: 8.7 }),
        region('eu-3', { latitude: 50.1, longitude: 8.7 }),
      ],
      projection,
    );
    // Right of the marker, then left of it, then a line lower.
    expect(markers.map(m => m.label)).toEqual([
      { dx: 14, dy: 0, anchor: 'start' },
      { dx: -14, dy: 0, anchor: 'end' },
      { dx: 14, dy: 20, anchor: 'start' },
    ]);
  });

  it('keeps labels off neighbouring markers', () => {
    const [dublin, frankfurt] = layoutRegions(
      [
        region('eu-west', { latitude: 53.3, longitude: -6.3 }),
        region('eu-central', { latitude: 50.1, longitude: 8.7 }),
      ],
      projection,
    ).markers;
    // Frankfurt's marker sits where Dublin's label would start.
    expect(frankfurt.x - dublin.x).toBeLessThan(60);
    expect(dublin.label.anchor).toBe('end');
    expect(frankfurt.label.anchor).toBe('start');
  });

  it('puts labels left of markers at the right edge', () => {
    const { markers } = layoutRegions(
      [region('nz', { latitude: -41.3, longitude: 174.8 })],
      projection,
    );
    expect(markers[0].label).toEqual({ dx: -14, dy: 0, anchor: 'end' });
  });

  it('widens the map for markers beyond the cropped latitudes', () => {
    const base = layoutRegions([], projection).viewBox;
    const withSouthPole = layoutRegions(
      [region('aq', { latitude: -80, longitude: 0 })],
      projection,
    ).viewBox;
    expect(withSouthPole.y).toBe(base.y);
    expect(withSouthPole.height).toBeGreaterThan(base.height);
  });
});

describe('markerLabel', () => {
  it('shows the id with ready and assigned replicas', () => {
    expect(markerLabel(region('na'))).toBe('na 1/2');
  });
});
