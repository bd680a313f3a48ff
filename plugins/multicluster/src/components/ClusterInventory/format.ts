import {
  ClusterTaint,
  ResourceUsage,
} from '@multiregion/backstage-plugin-multicluster-common';

/** The resources Karmada reports per member cluster. */
export type ResourceKind = 'cpu' | 'memory' | 'pods';

const MEMORY_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

function formatNumber(value: number, maximumFractionDigits: number): string {
  return value.toLocaleString('en-US', { maximumFractionDigits });
}

/**
 * The share of `allocatable` that is allocated, as a whole percentage, or
 * undefined when the cluster reports nothing allocatable.
 */
export function usagePercent(usage: ResourceUsage): number | undefined {
  if (!(usage.allocatable > 0)) {
    return undefined;
  }
  return Math.round((usage.allocated / usage.allocatable) * 100);
}

/**
 * Both amounts of one resource in a shared unit, e.g. `1.5 / 8 cores` or
 * `12.5 / 32 GiB`: one unit keeps the pair comparable at a glance.
 */
export function formatAmounts(kind: ResourceKind, usage: ResourceUsage) {
  const { allocated, allocatable } = usage;
  switch (kind) {
    case 'cpu':
      // Requests are often fractions of a core (250m), hence two digits.
      return `${formatNumber(allocated, 2)} / ${formatNumber(
        allocatable,
        2,
      )} cores`;
    case 'memory': {
      // The unit follows the larger number so that neither reads as 0.
      const largest = Math.max(allocated, allocatable, 1);
      const exponent = Math.min(
        Math.floor(Math.log(largest) / Math.log(1024)),
        MEMORY_UNITS.length - 1,
      );
      const divisor = 1024 ** exponent;
      return `${formatNumber(allocated / divisor, 1)} / ${formatNumber(
        allocatable / divisor,
        1,
      )} ${MEMORY_UNITS[exponent]}`;
    }
    default:
      return `${formatNumber(allocated, 0)} / ${formatNumber(allocatable, 0)}`;
  }
}

/** The full label of a resource bar: `cpu 1.5 / 8 cores (19%)`. */
export function describeUsage(kind: ResourceKind, usage: ResourceUsage) {
  const percent = usagePercent(usage);
  return `${kind} ${formatAmounts(kind, usage)} (${
    percent === undefined ? 'none allocatable' : `${percent}%`
  })`;
}

/** A taint as `kubectl` prints it: `key=value:effect`. */
export function formatTaint(taint: ClusterTaint): string {
  return `${taint.key}${taint.value ? `=${taint.value}` : ''}:${taint.effect}`;
}

/** `1 cluster`, `3 clusters`: for counts in headings and summaries. */
export function countOf(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
