import { KarmadaConnection } from '@multiregion/backstage-plugin-multicluster-node';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { KarmadaInventory } from '../../cache/KarmadaInventory';
import { IstiodAccessOptions } from '../../config/readMeshOptions';
import { IstiodDebugClient } from './IstiodDebugClient';

const clusterz = [{ id: 'na', syncStatus: 'synced' }];

describe('IstiodDebugClient limits', () => {
  let server: Server;
  let url: string;
  let connection: KarmadaConnection;
  let inventory: KarmadaInventory;

  beforeEach(async () => {
    // Serves istiod's /debug/clusterz at every path that ends with it, and
    // an oversized /debug/endpointShardz.
    server = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      if (req.url!.endsWith('/debug/clusterz')) {
        res.end(JSON.stringify(clusterz));
      } else {
        res.end(JSON.stringify({ padding: 'x'.repeat(8192) }));
      }
    });
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    connection = new KarmadaConnection({
      name: 'global',
      url,
      dangerouslySkipTLSVerify: false,
      auth: { type: 'none' },
    });
    inventory = { name: 'global', connection } as unknown as KarmadaInventory;
  });

  afterEach(async () => {
    await connection.close();
    server.closeAllConnections();
    await new Promise(r => server.close(r));
  });

  function client(options: Partial<IstiodAccessOptions> = {}) {
    return new IstiodDebugClient({
      namespace: 'istio-system',
      service: 'istiod',
      port: '15014',
      debugUrls: {},
      maxResponseBytes: 4096,
      ...options,
    });
  }

  const signal = () => AbortSignal.timeout(5000);
  const service = {
    namespace: 'default',
    name: 'hello',
    host: 'hello.default.svc.cluster.local',
  };

  async function expectBounded(istiod: IstiodDebugClient) {
    await expect(istiod.clusterz(inventory, 'na', signal())).resolves.toEqual([
      { id: 'na', syncStatus: 'synced', secretName: undefined },
    ]);
    const error = await istiod
      .endpoints(inventory, 'na', [service], signal())
      .catch(e => e);
    expect(error.name).toBe('ResponseTooLargeError');
    return error.message as string;
  }

  it('reads answers through the cluster proxy up to maxResponseBytes', async () => {
    expect(await expectBounded(client())).toBe(
      'GET /apis/cluster.karmada.io/v1alpha1/clusters/na/proxy/api/v1/namespaces/istio-system/services/istiod:15014/proxy/debug/endpointShardz: the answer is larger than 4 KiB, the most this client reads; aborted',
    );
  });

  it('reads answers of a configured debug URL up to maxResponseBytes, without naming the URL', async () => {
    const message = await expectBounded(
      client({ debugUrls: { na: `${url}/istiod/` } }),
    );
    expect(message).toBe(
      'istiod /debug/endpointShardz: the answer is larger than 4 KiB, the most this client reads; aborted',
    );
  });
});
