import {
  createServer,
  IncomingMessage,
  Server,
  ServerResponse,
} from 'node:http';
import { AddressInfo } from 'node:net';

type Obj = {
  metadata: { name: string; namespace?: string; [k: string]: unknown };
  [k: string]: unknown;
};

/**
 * A real HTTP server that speaks the list + watch protocol of the
 * Kubernetes API for a few collections. Tests use it to drive the caches
 * through adds, updates, deletes, expired versions (410) and outages.
 */
export class FakeKarmada {
  private server?: Server;
  private port = 0;
  private revision = 1;
  private readonly collections = new Map<string, Map<string, Obj>>();
  private readonly watchers = new Set<{ path: string; res: ServerResponse }>();
  /** Exact paths answered with this JSON body (single objects, proxied debug output). */
  readonly documents = new Map<string, unknown>();
  /** Answer lists and watches of these paths with this status instead. */
  readonly failures = new Map<string, number>();
  readonly requests: string[] = [];
  readonly authorizations = new Set<string>();

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(port = 0): Promise<void> {
    this.server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>(resolve =>
      this.server!.listen(port, '127.0.0.1', resolve),
    );
    this.port = (this.server!.address() as AddressInfo).port;
  }

  /** Closes every connection, as a crashed API server would. */
  async stop(): Promise<void> {
    for (const w of this.watchers) w.res.destroy();
    this.watchers.clear();
    this.server?.closeAllConnections();
    await new Promise(resolve => this.server?.close(resolve));
  }

  /** Starts again on the same port: the plugin must reconnect by itself. */
  async restart(): Promise<void> {
    await this.start(this.port);
  }

  put(path: string, object: Obj): void {
    const items = this.collection(path);
    const key = keyOf(object);
    const type = items.has(key) ? 'MODIFIED' : 'ADDED';
    const stored = this.stamp(object);
    items.set(key, stored);
    this.emit(path, { type, object: stored });
  }

  remove(path: string, name: string, namespace?: string): void {
    const items = this.collection(path);
    const key = namespace ? `${namespace}/${name}` : name;
    const existing = items.get(key);
    if (!existing) return;
    items.delete(key);
    this.emit(path, { type: 'DELETED', object: this.stamp(existing) });
  }

  /** Tells every open watch of `path` that its resourceVersion is too old. */
  expireWatches(path: string): void {
    this.emit(path, {
      type: 'ERROR',
      object: {
        kind: 'Status',
        code: 410,
        reason: 'Expired',
        message: 'too old resource version',
        metadata: { name: '' },
      },
    });
  }

  watcherCount(path: string): number {
    return [...this.watchers].filter(w => w.path === path).length;
  }

  private collection(path: string) {
    if (!this.collections.has(path)) this.collections.set(path, new Map());
    return this.collections.get(path)!;
  }

  private stamp(object: Obj): Obj {
    this.revision += 1;
    return {
      ...object,
      metadata: { ...object.metadata, resourceVersion: String(this.revision) },
    };
  }

  private emit(path: string, event: unknown) {
    for (const w of this.watchers) {
      if (w.path === path) w.res.write(`${JSON.stringify(event)}\n`);
    }
  }

  private handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url!, 'http://fake');
    this.requests.push(`${url.pathname}${url.search}`);
    this.authorizations.add(String(req.headers.authorization ?? ''));
    if (url.pathname === '/readyz') {
      res.writeHead(200).end('ok');
      return;
    }
    const failure = this.failures.get(url.pathname);
    if (failure) {
      res.writeHead(failure, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          kind: 'Status',
          code: failure,
          message: `injected ${failure}`,
        }),
      );
      return;
    }
    if (this.documents.has(url.pathname)) {
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify(this.documents.get(url.pathname)));
      return;
    }
    const items = this.collection(url.pathname);
    if (url.searchParams.get('watch') === 'true') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.flushHeaders();
      const watcher = { path: url.pathname, res };
      this.watchers.add(watcher);
      res.on('close', () => this.watchers.delete(watcher));
      return;
    }
    const all = [...items.values()];
    const offset = Number(url.searchParams.get('continue') ?? 0);
    const limit =
      Number(url.searchParams.get('limit') ?? all.length) || all.length;
    const next =
      offset + limit < all.length ? String(offset + limit) : undefined;
    res.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        kind: 'List',
        metadata: { resourceVersion: String(this.revision), continue: next },
        items: all.slice(offset, offset + limit),
      }),
    );
  }
}

function keyOf(object: Obj) {
  return object.metadata.namespace
    ? `${object.metadata.namespace}/${object.metadata.name}`
    : object.metadata.name;
}

/** Polls until `check` passes or `timeoutMs` ends; rethrows its last failure. */
export async function eventually(check: () => void, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise(r => setTimeout(r, 20));
    }
  }
}
