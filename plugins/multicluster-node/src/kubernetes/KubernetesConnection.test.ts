import {
  createServer,
  IncomingMessage,
  Server,
  ServerResponse,
} from 'node:http';
import { AddressInfo } from 'node:net';
import { ResponseTooLargeError } from './boundedBody';
import {
  KubernetesApiError,
  KubernetesConnection,
  KubernetesConnectionOptions,
  KubernetesTimeoutError,
} from './KubernetesConnection';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const SECRET_BODY = 'body-content-that-must-not-leak';

describe('KubernetesConnection limits', () => {
  let server: Server;
  let connection: KubernetesConnection;
  /** Resolves when the server sees the client close a connection early. */
  let clientClosed: Promise<void>;
  const routes = new Map<string, Handler>();

  async function connect(options: KubernetesConnectionOptions = {}) {
    const { port } = server.address() as AddressInfo;
    connection = new KubernetesConnection(
      {
        name: 'test',
        url: `http://127.0.0.1:${port}`,
        dangerouslySkipTLSVerify: false,
        auth: { type: 'serviceAccount', token: 'sekret-token' },
      },
      options,
    );
  }

  beforeEach(async () => {
    routes.clear();
    let closed: () => void;
    clientClosed = new Promise(resolve => {
      closed = resolve;
    });
    server = createServer((req, res) => {
      res.on('close', () => {
        if (!res.writableFinished) closed();
      });
      const handler = routes.get(new URL(req.url!, 'http://x').pathname);
      if (handler) handler(req, res);
      else res.writeHead(404).end();
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  });

  afterEach(async () => {
    await connection?.close();
    server.closeAllConnections();
    await new Promise(resolve => server.close(resolve));
  });

  /** Writes `total` bytes of `x` in chunks, without a content-length. */
  function streamBytes(res: ServerResponse, total: number, status = 200) {
    res.writeHead(status, { 'content-type': 'application/json' });
    const chunk = 'x'.repeat(1024);
    let sent = 0;
    const write = () => {
      while (sent < total && !res.destroyed) {
        sent += chunk.length;
        if (!res.write(chunk)) {
          res.once('drain', write);
          return;
        }
      }
      if (!res.destroyed) res.end();
    };
    write();
  }

  it('reads a normal answer, a character split across chunks included', async () => {
    routes.set('/api/v1/namespaces', (_req, res) => {
      const body = Buffer.from(JSON.stringify({ items: [{ name: 'zürich' }] }));
      const split = body.indexOf(Buffer.from('ü')) + 1; // inside the 2-byte ü
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write(body.subarray(0, split));
      setTimeout(() => res.end(body.subarray(split)), 20);
    });
    await connect({ maxResponseBytes: 1024 });

    await expect(
      connection.requestJson({ path: '/api/v1/namespaces' }),
    ).resolves.toEqual({ items: [{ name: 'zürich' }] });
  });

  it('refuses an answer whose declared length is above the limit, without waiting for it', async () => {
    routes.set('/big', (_req, res) => {
      // Declares 64 MiB, sends a few bytes and stalls: only the declared
      // length can tell before the timeout.
      res
        .writeHead(200, { 'content-length': String(64 * 2 ** 20) })
        .write(SECRET_BODY);
    });
    await connect({ maxResponseBytes: 1024, requestTimeoutMs: 5000 });

    const error = await connection
      .request({ path: '/big', query: { limit: '500' } })
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(error.message).toBe(
      'GET /big: the answer is larger than 1 KiB, the most this client reads; aborted',
    );
    expect(error.limitBytes).toBe(1024);
    expect(error.message).not.toContain(SECRET_BODY);
    expect(error.message).not.toContain('sekret-token');
    await clientClosed;
  });

  it('aborts a streamed answer as soon as it passes the limit', async () => {
    // 64 MiB would be streamed in full if the client kept reading.
    routes.set('/apis/x/v1/things', (_req, res) =>
      streamBytes(res, 64 * 2 ** 20),
    );
    await connect({ maxResponseBytes: 100 * 1024 });

    await expect(
      connection.getJson(
        '/apis/x/v1/things?limit=500',
        AbortSignal.timeout(5000),
      ),
    ).rejects.toThrow(
      'GET /apis/x/v1/things: the answer is larger than 100 KiB, the most this client reads; aborted',
    );
    await clientClosed; // the connection was cut, not drained
  });

  it('lets one request raise or lower the limit', async () => {
    routes.set('/two-kib', (_req, res) => streamBytes(res, 2048));
    await connect({ maxResponseBytes: 1024 });

    await expect(
      connection.request({ path: '/two-kib', maxResponseBytes: 4096 }),
    ).resolves.toMatchObject({ statusCode: 200 });
    await expect(
      connection.request({ path: '/two-kib', maxResponseBytes: 512 }),
    ).rejects.toThrow('larger than 512 bytes');
  });

  it('bounds error answers too', async () => {
    routes.set('/fails', (_req, res) => streamBytes(res, 8192, 500));
    routes.set('/forbidden', (_req, res) => {
      res.writeHead(403, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          kind: 'Status',
          reason: 'Forbidden',
          message: 'pods is forbidden',
        }),
      );
    });
    await connect({ maxResponseBytes: 1024 });

    await expect(connection.requestJson({ path: '/fails' })).rejects.toThrow(
      ResponseTooLargeError,
    );
    await expect(
      connection.requestJson({ path: '/forbidden' }),
    ).rejects.toThrow('/forbidden: HTTP 403: pods is forbidden');
    await expect(
      connection.requestJson({ path: '/forbidden' }),
    ).rejects.toBeInstanceOf(KubernetesApiError);
    await expect(
      connection.requestJson({ path: '/forbidden' }),
    ).rejects.toMatchObject({ statusCode: 403, reason: 'Forbidden' });
  });

  it('gives up on a request without a signal after the default timeout', async () => {
    routes.set('/no-answer', () => {
      // never answers
    });
    routes.set('/stalls', (_req, res) => {
      res.writeHead(200).write('{"items":');
      // and never finishes
    });
    await connect({ requestTimeoutMs: 100 });

    for (const path of ['/no-answer', '/stalls']) {
      const started = Date.now();
      const error = await connection.request({ path }).catch(e => e);
      expect(error).toBeInstanceOf(KubernetesTimeoutError);
      expect(error.name).toBe('TimeoutError');
      expect(error.message).toBe(`GET ${path}: no answer within 100 ms`);
      expect(Date.now() - started).toBeLessThan(2000);
    }
  });

  it('uses the caller signal instead of the default timeout, and a per-request timeoutMs', async () => {
    routes.set('/slow', (_req, res) => {
      setTimeout(() => res.writeHead(200).end('{"ok":true}'), 300);
    });
    await connect({ requestTimeoutMs: 50 });

    await expect(
      connection.getJson('/slow', AbortSignal.timeout(5000)),
    ).resolves.toEqual({ ok: true });
    await expect(
      connection.request({ path: '/slow', method: 'PUT', timeoutMs: 100 }),
    ).rejects.toThrow('PUT /slow: no answer within 100 ms');

    // A caller that aborts sees its own reason, not a timeout of ours.
    const caller = new AbortController();
    const pending = connection.request({
      path: '/slow',
      signal: caller.signal,
    });
    caller.abort();
    await expect(pending).rejects.not.toBeInstanceOf(KubernetesTimeoutError);
  });

  describe('watch', () => {
    it('yields events across chunks and outlives the request timeout', async () => {
      routes.set('/apis/x/v1/things', (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"type":"ADDED","object":{"n":1}}\n{"type":"MOD');
        // Later than requestTimeoutMs: watches are not bound by it.
        setTimeout(() => {
          res.write('IFIED","object":{"n":2}}\n\n');
          res.end('{"type":"DELETED"'); // cut mid-event: dropped
        }, 250);
      });
      await connect({ requestTimeoutMs: 100, maxWatchEventBytes: 1024 });

      const events: unknown[] = [];
      for await (const event of connection.watch(
        '/apis/x/v1/things?watch=true',
        AbortSignal.timeout(5000),
      )) {
        events.push(event);
      }
      expect(events).toEqual([
        { type: 'ADDED', object: { n: 1 } },
        { type: 'MODIFIED', object: { n: 2 } },
      ]);
    });

    it('aborts the watch on an event larger than the limit', async () => {
      routes.set('/apis/x/v1/things', (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"type":"ADDED","object":{"n":1}}\n');
        // One event of 64 KiB, in chunks, never terminated.
        res.write(`{"type":"ADDED","object":{"data":"${SECRET_BODY}`);
        const chunk = 'y'.repeat(1024);
        for (let i = 0; i < 64; i++) res.write(chunk);
      });
      await connect({ maxWatchEventBytes: 16 * 1024 });

      const events: unknown[] = [];
      const error = await (async () => {
        for await (const event of connection.watch(
          '/apis/x/v1/things?watch=true&resourceVersion=1',
          AbortSignal.timeout(5000),
        )) {
          events.push(event);
        }
      })().catch(e => e);

      expect(events).toEqual([{ type: 'ADDED', object: { n: 1 } }]);
      expect(error).toBeInstanceOf(ResponseTooLargeError);
      expect(error.message).toBe(
        'watch /apis/x/v1/things: a watch event is larger than 16 KiB, the most this client reads; the watch was aborted',
      );
      expect(error.message).not.toContain(SECRET_BODY);
      await clientClosed;
    });

    it('bounds the error answer of a refused watch', async () => {
      routes.set('/apis/x/v1/things', (_req, res) => {
        res.writeHead(410, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            kind: 'Status',
            reason: 'Expired',
            message: 'gone',
          }),
        );
      });
      await connect();

      const watch = connection.watch(
        '/apis/x/v1/things',
        AbortSignal.timeout(5000),
      );
      await expect(watch.next()).rejects.toMatchObject({
        statusCode: 410,
        reason: 'Expired',
      });
    });
  });
});
