import { geoNaturalEarth1, GeoProjection } from 'd3-geo';
import {
  RegionInfo,
  RegionPlacement,
} from '@multiregion/backstage-plugin-multicluster-common';

/** Width of the map in SVG user units; the SVG itself scales to its box. */
export const MAP_WIDTH = 960;

// The map is cropped to the latitudes people live at: Antarctica and the
// polar sea would take a fifth of the height and never carry a region.
const NORTH_EDGE = 84;
const SOUTH_EDGE = -57;
// Room kept around markers and labels that sit at or beyond the crop edge.
const MARGIN = 24;

/** Half the size of a marker symbol. */
export const MARKER_RADIUS = 11;
/** Distance from a marker's centre to the near end of its label. */
export const LABEL_GAP = 14;
/** Label font size and the vertical step between stacked labels. */
export const LABEL_FONT_SIZE = 15;
const LINE_HEIGHT = 20;
// An estimate of the label font's average advance: the layout runs before
// anything is rendered, so text cannot be measured.
const CHAR_WIDTH = 8.5;

/** A marker's place on the map and where its label goes. */
export interface RegionMarkerLayout {
  placement: RegionPlacement;
  /** The region's coordinates, projected. */
  x: number;
  y: number;
  /** The label's anchor point, relative to the marker. */
  label: { dx: number; dy: number; anchor: 'start' | 'end' };
}

export interface RegionMapLayout {
  /** Covers the cropped world and every marker with its label. */
  viewBox: { x: number; y: number; width: number; height: number };
  /** In the order of the given regions, which is also the tab order. */
  markers: RegionMarkerLayout[];
  /** Regions without (valid) coordinates, to be listed next to the map. */
  unplaced: RegionPlacement[];
}

/** Natural Earth: a compromise projection that reads well for world maps. */
export function createMapProjection(): GeoProjection {
  return geoNaturalEarth1().fitWidth(MAP_WIDTH, { type: 'Sphere' });
}

/** The short text next to a marker, e.g. `na 4/4` (ready/assigned). */
export function markerLabel(placement: RegionPlacement): string {
  return `${placement.region.id} ${placement.readyReplicas}/${placement.assignedReplicas}`;
}

function coordinatesOf(region: RegionInfo): [number, number] | undefined {
  const { latitude, longitude } = region;
  if (
    typeof latitude !== 'number' ||
    typeof longitude !== 'number' ||
    !(Math.abs(latitude) <= 90) ||
    !(Math.abs(longitude) <= 180)
  ) {
    return undefined;
  }
  return [longitude, latitude];
}

interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

function overlaps(a: Box, b: Box): boolean {
  return (
    a.left < b.left + b.width &&
    b.left < a.left + a.width &&
    a.top < b.top + b.height &&
    b.top < a.top + a.height
  );
}

/** Where a label may go, in order of preference: beside its marker, then
 * a line lower at a time. */
function* labelCandidates(
  x: number,
  y: number,
  width: number,
): Generator<{ box: Box; anchor: 'start' | 'end' }> {
  const right = { left: x + LABEL_GAP, anchor: 'start' as const };
  const left = { left: x - LABEL_GAP - width, anchor: 'end' as const };
  const sides = [right, left].filter(
    side => side.left >= 0 && side.left + width <= MAP_WIDTH,
  );
  for (let line = 0; ; line++) {
    for (const side of sides.length ? sides : [right]) {
      yield {
        box: {
          left: side.left,
          top: y - LINE_HEIGHT / 2 + line * LINE_HEIGHT,
          width,
          height: LINE_HEIGHT,
        },
        anchor: side.anchor,
      };
    }
  }
}

/**
 * Places one marker per region at its configured coordinates. A label goes
 * right of its marker, else left of it, else a line lower, wherever it
 * covers no other marker or label: regions close together (or sharing
 * coordinates) stay readable.
 */
export function layoutRegions(
  regions: RegionPlacement[],
  projection: GeoProjection,
): RegionMapLayout {
  const unplaced: RegionPlacement[] = [];
  const points: Array<{ placement: RegionPlacement; x: number; y: number }> =
    [];
  for (const placement of regions) {
    const coordinates = coordinatesOf(placement.region);
    const point = coordinates && projection(coordinates);
    if (point) {
      points.push({ placement, x: point[0], y: point[1] });
    } else {
      unplaced.push(placement);
    }
  }

  const taken: Box[] = points.map(({ x, y }) => ({
    left: x - MARKER_RADIUS,
    top: y - MARKER_RADIUS,
    width: 2 * MARKER_RADIUS,
    height: 2 * MARKER_RADIUS,
  }));
  // Top to bottom, so that a label pushed down meets the labels above it.
  const byPosition = [...points].sort((a, b) => a.y - b.y || a.x - b.x);
  const labels = new Map<RegionPlacement, RegionMarkerLayout['label']>();
  for (const { placement, x, y } of byPosition) {
    const width = markerLabel(placement).length * CHAR_WIDTH;
    for (const { box, anchor } of labelCandidates(x, y, width)) {
      if (!taken.some(other => overlaps(other, box))) {
        taken.push(box);
        labels.set(placement, {
          dx: anchor === 'start' ? LABEL_GAP : -LABEL_GAP,
          dy: box.top + LINE_HEIGHT / 2 - y,
          anchor,
        });
        break;
      }
    }
  }

  const markers = points.map(p => ({ ...p, label: labels.get(p.placement)! }));

  // The crop edges, widened for markers and labels beyond them.
  let top = projection([0, NORTH_EDGE])![1];
  let bottom = projection([0, SOUTH_EDGE])![1];
  for (const marker of markers) {
    top = Math.min(top, marker.y - MARGIN);
    bottom = Math.max(bottom, marker.y + marker.label.dy + MARGIN);
  }

  return {
    viewBox: { x: 0, y: top, width: MAP_WIDTH, height: bottom - top },
    markers,
    unplaced,
  };
}
