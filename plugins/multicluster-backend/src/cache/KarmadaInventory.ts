import { LoggerService } from '@backstage/backend-plugin-api';
import { InstanceSyncStatus } from '@multiregion/backstage-plugin-multicluster-common';
import { KarmadaConnection } from '@multiregion/backstage-plugin-multicluster-node';
import {
  CachedBinding,
  CachedCluster,
  CachedPolicy,
  CachedWorkload,
  clusterPropagationPolicies,
  clusterResourceBindings,
  clusters,
  overridePolicies,
  propagationPolicies,
  resourceBindings,
  workloadResources,
} from './resources';
import { LabelIndex } from './LabelIndex';
import { matchesLabels, Requirement } from './labelSelector';
import {
  ReflectorOptions,
  ResourceDescriptor,
  ResourceReflector,
} from './ResourceReflector';

/** Identifies a resource template, the key that joins it to its binding. */
export function resourceKey(ref: {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}): string {
  return `${ref.apiVersion}|${ref.kind}|${ref.namespace ?? ''}|${ref.name}`;
}

/**
 * The watch-cached state of one Karmada instance: clusters, bindings,
 * policies and the workload templates entities select. Every read is served
 * from memory.
 */
export class KarmadaInventory {
  readonly name: string;
  readonly connection: KarmadaConnection;
  readonly clusters: ResourceReflector<CachedCluster>;
  readonly propagationPolicies: ResourceReflector<CachedPolicy>;
  readonly clusterPropagationPolicies: ResourceReflector<CachedPolicy>;
  readonly overridePolicies: ResourceReflector<CachedPolicy>;
  readonly workloads: ResourceReflector<CachedWorkload>[];
  private readonly bindings: ResourceReflector<CachedBinding>[];
  private readonly bindingByResource = new Map<string, CachedBinding>();
  private readonly workloadsByLabel = new LabelIndex<CachedWorkload>();

  constructor(
    connection: KarmadaConnection,
    options: ReflectorOptions & { logger: LoggerService },
  ) {
    this.name = connection.name;
    this.connection = connection;
    const reflect = <T>(descriptor: ResourceDescriptor<T>) =>
      new ResourceReflector(connection, descriptor, options);
    this.clusters = reflect(clusters);
    this.propagationPolicies = reflect(propagationPolicies);
    this.clusterPropagationPolicies = reflect(clusterPropagationPolicies);
    this.overridePolicies = reflect(overridePolicies);
    this.workloads = workloadResources.map(d => reflect(d));
    this.bindings = [
      reflect(resourceBindings),
      reflect(clusterResourceBindings),
    ];
    followChanges(this.workloads, {
      add: workload => this.workloadsByLabel.add(workload),
      remove: workload => this.workloadsByLabel.remove(workload),
      rebuild: () => this.rebuildWorkloadIndex(),
    });
    followChanges(this.bindings, {
      add: binding =>
        this.bindingByResource.set(resourceKey(binding.resource), binding),
      remove: binding =>
        this.bindingByResource.delete(resourceKey(binding.resource)),
      rebuild: () => this.rebuildBindingIndex(),
    });
  }

  private all(): ResourceReflector<unknown>[] {
    return [
      this.clusters,
      this.propagationPolicies,
      this.clusterPropagationPolicies,
      this.overridePolicies,
      ...this.workloads,
      ...this.bindings,
    ] as ResourceReflector<unknown>[];
  }

  start(): void {
    this.all().forEach(r => r.start());
  }

  async stop(): Promise<void> {
    await Promise.all(this.all().map(r => r.stop()));
  }

  bindingFor(
    ref: Parameters<typeof resourceKey>[0],
  ): CachedBinding | undefined {
    return this.bindingByResource.get(resourceKey(ref));
  }

  *allWorkloads(): Generator<CachedWorkload> {
    for (const reflector of this.workloads) {
      yield* reflector.values();
    }
  }

  /** The workload templates whose labels match every requirement. */
  *workloadsMatching(requirements: Requirement[]): Generator<CachedWorkload> {
    const candidates =
      this.workloadsByLabel.candidates(requirements) ?? this.allWorkloads();
    for (const workload of candidates) {
      if (matchesLabels(requirements, workload.labels)) {
        yield workload;
      }
    }
  }

  /**
   * Freshness of the whole copy: the least fresh of its collections. While
   * every watch is live the copy is current, so `observedAt` is now.
   */
  status(now = new Date()): InstanceSyncStatus {
    const states = this.all().map(r => r.getState());
    const synced = states.every(s => s.synced);
    const stale = states.some(s => s.stale);
    if (!stale) {
      return { name: this.name, synced, stale, observedAt: now.toISOString() };
    }
    const observed = states
      .map(s => s.observedAt?.getTime())
      .filter((t): t is number => t !== undefined);
    return {
      name: this.name,
      synced,
      stale,
      observedAt:
        synced && observed.length
          ? new Date(Math.min(...observed)).toISOString()
          : undefined,
      message:
        states.find(s => s.stale && s.lastError)?.lastError ??
        'connecting to Karmada',
    };
  }

  private rebuildWorkloadIndex(): void {
    this.workloadsByLabel.clear();
    for (const workload of this.allWorkloads()) {
      this.workloadsByLabel.add(workload);
    }
  }

  private rebuildBindingIndex(): void {
    this.bindingByResource.clear();
    for (const reflector of this.bindings) {
      for (const binding of reflector.values()) {
        this.bindingByResource.set(resourceKey(binding.resource), binding);
      }
    }
  }
}

/** Keeps a derived index in step with the reflectors' copies. */
function followChanges<T>(
  reflectors: ResourceReflector<T>[],
  index: {
    add(item: T): void;
    remove(item: T): void;
    rebuild(): void;
  },
): void {
  for (const reflector of reflectors) {
    reflector.onChange(change => {
      if (change.type === 'reset') {
        index.rebuild();
        return;
      }
      if (change.previous) {
        index.remove(change.previous);
      }
      if (change.type === 'upsert') {
        index.add(change.current);
      }
    });
  }
}
