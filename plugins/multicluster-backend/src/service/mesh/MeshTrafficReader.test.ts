import { createServer, RequestListener, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { MeshTrafficReader } from './MeshTrafficReader';

const services = [
  {
    namespace: 'default',
    name: 'hello',
    host: 'hello.default.svc.cluster.local',
  },
];

describe('MeshTrafficReader limits', () => {
  let server: Server;

  async function readerFor(handler: RequestListener, timeoutMs = 10_000) {
    server = createServer(handler);
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    return new MeshTrafficReader(
      { url: `http://127.0.0.1:${port}`, window: '1m' },
      timeoutMs,
    );
  }

  afterEach(async () => {
    server.closeAllConnections();
    await new Promise(r => server.close(r));
  });

  it('reads a normal answer', async () => {
    const reader = await readerFor((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          status: 'success',
          data: {
            resultType: 'vector',
            result: [
              {
                metric: { source_cluster: 'eu', destination_cluster: 'na' },
                value: [0, '2'],
              },
            ],
          },
        }),
      );
    });
    const traffic = await reader.read(services, c => c);
    expect(traffic.edges).toEqual([
      expect.objectContaining({
        sourceCluster: 'eu',
        destinationCluster: 'na',
        requestsPerSecond: 2,
      }),
    ]);
  });

  it('refuses an answer above 4 MiB', async () => {
    let closedEarly!: (early: boolean) => void;
    const closed = new Promise<boolean>(resolve => {
      closedEarly = resolve;
    });
    const reader = await readerFor((_req, res) => {
      res.on('close', () => closedEarly(!res.writableFinished));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"status":"success","data":{"result":[');
      const chunk = `${JSON.stringify({
        metric: {},
        value: [0, '1'],
      })},`.repeat(1000);
      const write = () => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once('drain', write);
      };
      write();
    });
    await expect(reader.read(services, c => c)).rejects.toThrow(
      'Prometheus query: the answer is larger than 4 MiB, the most this client reads; aborted',
    );
    // The client hung up instead of reading on.
    await expect(closed).resolves.toBe(true);
  });

  it('gives up on a slow Prometheus after the mesh timeout', async () => {
    const reader = await readerFor(() => {
      // never answers
    }, 150);
    await expect(reader.read(services, c => c)).rejects.toThrow(
      'Prometheus did not answer: no answer within 150 ms',
    );
  });
});
