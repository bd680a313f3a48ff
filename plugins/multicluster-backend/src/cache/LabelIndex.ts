import { Requirement } from './labelSelector';

/**
 * Objects by each of their `key=value` labels. Entities select their
 * workloads by label (`backstage.io/kubernetes-id: hello`), so with the
 * index a placement request reads the few templates carrying that label
 * instead of scanning every cached template of the instance.
 */
export class LabelIndex<T extends { labels: Record<string, string> }> {
  private readonly byLabel = new Map<string, Set<T>>();

  add(item: T): void {
    for (const [key, value] of Object.entries(item.labels)) {
      const id = labelId(key, value);
      let items = this.byLabel.get(id);
      if (!items) {
        items = new Set();
        this.byLabel.set(id, items);
      }
      items.add(item);
    }
  }

  remove(item: T): void {
    for (const [key, value] of Object.entries(item.labels)) {
      const id = labelId(key, value);
      const items = this.byLabel.get(id);
      items?.delete(item);
      if (items?.size === 0) {
        this.byLabel.delete(id);
      }
    }
  }

  clear(): void {
    this.byLabel.clear();
  }

  /**
   * A superset of the objects the requirements can match: the objects
   * carrying one of the values of the most selective `In` requirement.
   * Undefined when no requirement narrows the search (only `NotIn`,
   * `Exists`, `DoesNotExist`, or none): the caller then scans everything.
   * Callers still evaluate every requirement on what this returns, and
   * read it at once: it may be the index's own live set.
   */
  candidates(requirements: Requirement[]): Iterable<T> | undefined {
    let best: Set<T>[] | undefined;
    let bestSize = Infinity;
    for (const requirement of requirements) {
      if (requirement.operator !== 'In') continue;
      const sets = [...new Set(requirement.values)]
        .map(value => this.byLabel.get(labelId(requirement.key, value)))
        .filter((items): items is Set<T> => items !== undefined);
      const size = sets.reduce((total, items) => total + items.size, 0);
      if (size < bestSize) {
        best = sets;
        bestSize = size;
      }
    }
    if (!best) return undefined;
    // Distinct values of one key select disjoint sets: no duplicates.
    return best.length === 1 ? best[0] : best.flatMap(items => [...items]);
  }
}

function labelId(key: string, value: string): string {
  return `${key}=${value}`;
}
