import { LoggerService } from '@backstage/backend-plugin-api';
import {
  KarmadaApiError,
  KarmadaConnection,
} from '@multiregion/backstage-plugin-multicluster-node';

/** A Kubernetes object as far as the reflector needs to know it. */
export interface KubeObject {
  metadata: {
    name: string;
    namespace?: string;
    resourceVersion?: string;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

interface KubeList {
  metadata: { resourceVersion: string; continue?: string };
  items: KubeObject[];
}

interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: KubeObject & { code?: number; message?: string };
}

/** Where a resource lives in the API, e.g. `/apis/work.karmada.io/v1alpha2/resourcebindings`. */
export interface ResourceDescriptor<T> {
  /** Short name for logs and errors, e.g. `resourcebindings`. */
  plural: string;
  /** The cluster-wide collection path (all namespaces). */
  path: string;
  /** Keeps only what the API answers need, so memory stays bounded. */
  project(object: KubeObject): T;
}

export interface ReflectorOptions {
  logger: LoggerService;
  /** Page size of the initial list. */
  pageSize: number;
  /** Server-side watch lifetime; the reflector re-watches after it. */
  watchTimeoutSeconds: number;
  /** How long a list may take before it counts as failed. */
  listTimeoutMs: number;
  /** Reconnect backoff: starts at min, doubles up to max. */
  backoffMinMs: number;
  backoffMaxMs: number;
}

/** The freshness of one reflector's copy. */
export interface ReflectorState {
  /** True once a full list has succeeded: the copy is usable. */
  synced: boolean;
  /** True while the copy may lag behind Karmada (watch broken, reconnecting). */
  stale: boolean;
  /** When the copy was last known to match Karmada. */
  observedAt?: Date;
  /** The last connection or API error, without credentials. */
  lastError?: string;
}

/** What changed in the copy: one object, or everything after a (re-)list. */
export type ReflectorChange<T> =
  | { type: 'reset' }
  | { type: 'upsert'; previous?: T; current: T }
  | { type: 'delete'; previous?: T };

const GONE = 410;

/**
 * Keeps an in-memory copy of one Karmada resource collection with list +
 * watch, as client-go's reflector does: list with resourceVersion, watch from
 * it, re-list when the version is gone (410), reconnect with backoff.
 */
export class ResourceReflector<T> {
  private items = new Map<string, T>();
  private resourceVersion?: string;
  private state: ReflectorState = { synced: false, stale: true };
  private readonly abort = new AbortController();
  private loop?: Promise<void>;
  private readonly listeners = new Set<(change: ReflectorChange<T>) => void>();

  constructor(
    private readonly connection: KarmadaConnection,
    private readonly descriptor: ResourceDescriptor<T>,
    private readonly options: ReflectorOptions,
  ) {}

  start(): void {
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.loop;
  }

  /** The current copy. Callers must not mutate it. */
  values(): IterableIterator<T> {
    return this.items.values();
  }

  get(key: string): T | undefined {
    return this.items.get(key);
  }

  get size(): number {
    return this.items.size;
  }

  getState(): ReflectorState {
    return { ...this.state };
  }

  /** Called after every change to the copy, to keep indexes current. */
  onChange(listener: (change: ReflectorChange<T>) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private async run(): Promise<void> {
    let backoff = this.options.backoffMinMs;
    while (!this.abort.signal.aborted) {
      try {
        if (!this.resourceVersion) {
          await this.list();
        }
        backoff = this.options.backoffMinMs;
        await this.watch();
        // The server closed the watch after timeoutSeconds: watch again.
      } catch (error) {
        if (this.abort.signal.aborted) {
          return;
        }
        if (error instanceof KarmadaApiError && error.statusCode === GONE) {
          this.resourceVersion = undefined; // too old: list again, at once
          continue;
        }
        this.markBroken(error);
        await sleep(jitter(backoff), this.abort.signal);
        backoff = Math.min(backoff * 2, this.options.backoffMaxMs);
        // A failed watch may have missed events: list afresh.
        this.resourceVersion = undefined;
      }
    }
  }

  private async list(): Promise<void> {
    const items = new Map<string, T>();
    let continueToken: string | undefined;
    let resourceVersion: string;
    const signal = AbortSignal.any([
      this.abort.signal,
      AbortSignal.timeout(this.options.listTimeoutMs),
    ]);
    do {
      const query = new URLSearchParams({
        limit: String(this.options.pageSize),
      });
      if (continueToken) {
        query.set('continue', continueToken);
      }
      const page = await this.connection.getJson<KubeList>(
        `${this.descriptor.path}?${query}`,
        signal,
      );
      for (const object of page.items) {
        items.set(keyOf(object), this.descriptor.project(object));
      }
      continueToken = page.metadata.continue || undefined;
      resourceVersion = page.metadata.resourceVersion;
    } while (continueToken);

    this.items = items;
    this.resourceVersion = resourceVersion;
    if (this.state.stale && this.state.synced) {
      this.options.logger.info(
        `Karmada '${this.connection.name}' ${this.descriptor.plural}: back in sync`,
      );
    }
    this.state = { synced: true, stale: false, observedAt: new Date() };
    this.emit({ type: 'reset' });
  }

  private async watch(): Promise<void> {
    const query = new URLSearchParams({
      watch: 'true',
      allowWatchBookmarks: 'true',
      resourceVersion: this.resourceVersion!,
      timeoutSeconds: String(this.options.watchTimeoutSeconds),
    });
    // A peer that vanishes without closing the connection would leave the
    // watch hanging: give up a little after the server should have ended it.
    const signal = AbortSignal.any([
      this.abort.signal,
      AbortSignal.timeout((this.options.watchTimeoutSeconds + 30) * 1000),
    ]);
    const events = this.connection.watch<WatchEvent>(
      `${this.descriptor.path}?${query}`,
      signal,
    );
    for await (const event of events) {
      this.apply(event);
    }
  }

  private apply(event: WatchEvent): void {
    const { type, object } = event;
    if (type === 'ERROR') {
      throw new KarmadaApiError(
        this.descriptor.path,
        object.code ?? 500,
        JSON.stringify(object),
      );
    }
    this.resourceVersion = object.metadata.resourceVersion;
    this.state = { synced: true, stale: false, observedAt: new Date() };
    if (type === 'BOOKMARK') {
      return;
    }
    const key = keyOf(object);
    const previous = this.items.get(key);
    if (type === 'DELETED') {
      this.items.delete(key);
      this.emit({ type: 'delete', previous });
    } else {
      const current = this.descriptor.project(object);
      this.items.set(key, current);
      this.emit({ type: 'upsert', previous, current });
    }
  }

  private markBroken(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    if (!this.state.stale || this.state.lastError !== message) {
      this.options.logger.warn(
        `Karmada '${this.connection.name}' ${this.descriptor.plural}: ${message}; serving the last known state and reconnecting`,
      );
    }
    // Until this moment the copy followed Karmada; from now on it may lag.
    const observedAt = this.state.stale ? this.state.observedAt : new Date();
    this.state = { ...this.state, stale: true, observedAt, lastError: message };
  }

  private emit(change: ReflectorChange<T>): void {
    for (const listener of this.listeners) {
      listener(change);
    }
  }
}

/** `namespace/name`, or `name` for cluster-scoped objects. */
export function keyOf(object: {
  metadata: { name: string; namespace?: string };
}) {
  const { namespace, name } = object.metadata;
  return namespace ? `${namespace}/${name}` : name;
}

function jitter(ms: number): number {
  return ms * (0.8 + Math.random() * 0.4);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise(resolve => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
