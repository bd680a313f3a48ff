import { createServer, RequestListener, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { KarmadaConnection } from './KarmadaConnection';
import { probeReadiness } from './probeReadiness';

describe('probeReadiness', () => {
  let server: Server;
  let connection: KarmadaConnection;

  async function karmada(handler: RequestListener) {
    server = createServer(handler);
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    connection = new KarmadaConnection({
      name: 'global',
      url: `http://127.0.0.1:${port}`,
      dangerouslySkipTLSVerify: false,
      auth: { type: 'none' },
    });
    return connection;
  }

  afterEach(async () => {
    await connection.close();
    server.closeAllConnections();
    await new Promise(r => server.close(r));
  });

  it('is ready on 200', async () => {
    const probe = await probeReadiness(
      await karmada((_req, res) => res.writeHead(200).end('ok')),
      1000,
    );
    expect(probe).toMatchObject({
      name: 'global',
      ready: true,
      statusCode: 200,
    });
  });

  it('names the failing checks of a short answer', async () => {
    const probe = await probeReadiness(
      await karmada((_req, res) =>
        res.writeHead(500).end('[+]ping ok\n[-]etcd failed: reason withheld\n'),
      ),
      1000,
    );
    expect(probe).toMatchObject({
      ready: false,
      statusCode: 500,
      message: 'readyz answered HTTP 500: [-]etcd failed: reason withheld',
    });
  });

  it('does not read an oversized answer', async () => {
    const probe = await probeReadiness(
      await karmada((_req, res) =>
        res.writeHead(500).end('[-]etcd failed\n'.repeat(10_000)),
      ),
      1000,
    );
    expect(probe).toMatchObject({
      ready: false,
      message:
        'GET /readyz: the answer is larger than 64 KiB, the most this client reads; aborted',
    });
  });

  it('gives up after the timeout', async () => {
    const probe = await probeReadiness(
      await karmada(() => {
        // never answers
      }),
      100,
    );
    expect(probe).toMatchObject({
      ready: false,
      message: 'no answer within 100 ms',
    });
  });
});
