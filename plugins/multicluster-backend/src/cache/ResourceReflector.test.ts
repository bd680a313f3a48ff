import { mockServices } from '@backstage/backend-test-utils';
import { KarmadaConnection } from '@multiregion/backstage-plugin-multicluster-node';
import { eventually, FakeKarmada } from '../__testUtils__/FakeKarmada';
import { CLUSTERS, cluster } from '../__testUtils__/fixtures';
import { clusters } from './resources';
import { ResourceReflector } from './ResourceReflector';

describe('ResourceReflector', () => {
  let karmada: FakeKarmada;
  let connection: KarmadaConnection;
  let reflector: ResourceReflector<ReturnType<typeof clusters.project>>;

  beforeEach(async () => {
    karmada = new FakeKarmada();
    await karmada.start();
    connection = new KarmadaConnection({
      name: 'test',
      url: karmada.url,
      dangerouslySkipTLSVerify: false,
      auth: { type: 'none' },
    });
    reflector = new ResourceReflector(connection, clusters, {
      logger: mockServices.logger.mock(),
      pageSize: 2,
      watchTimeoutSeconds: 60,
      listTimeoutMs: 2000,
      backoffMinMs: 20,
      backoffMaxMs: 100,
    });
  });

  afterEach(async () => {
    await reflector.stop();
    await connection.close();
    await karmada.stop();
  });

  it('lists, then follows adds, updates and deletes through the watch', async () => {
    karmada.put(CLUSTERS, cluster('na', 'na'));
    reflector.start();
    await eventually(() => expect(reflector.getState().synced).toBe(true));
    expect(reflector.get('na')?.region).toBe('na');
    await eventually(() => expect(karmada.watcherCount(CLUSTERS)).toBe(1));

    karmada.put(CLUSTERS, cluster('eu', 'eu'));
    karmada.put(CLUSTERS, cluster('na', 'na', false));
    await eventually(() => {
      expect(reflector.size).toBe(2);
      expect(reflector.get('na')?.ready.status).toBe('False');
    });

    karmada.remove(CLUSTERS, 'eu');
    await eventually(() => expect(reflector.get('eu')).toBeUndefined());
    expect(reflector.getState().stale).toBe(false);
  });

  it('lists again when the watch says its version expired (410)', async () => {
    reflector.start();
    await eventually(() => expect(karmada.watcherCount(CLUSTERS)).toBe(1));
    const listsBefore = karmada.requests.filter(
      r => !r.includes('watch'),
    ).length;

    karmada.expireWatches(CLUSTERS);

    await eventually(() =>
      expect(karmada.requests.filter(r => !r.includes('watch')).length).toBe(
        listsBefore + 1,
      ),
    );
    expect(reflector.getState().stale).toBe(false);
  });

  it('keeps the last known state while Karmada is down, marks it stale, and recovers', async () => {
    karmada.put(CLUSTERS, cluster('na', 'na'));
    reflector.start();
    await eventually(() => expect(karmada.watcherCount(CLUSTERS)).toBe(1));
    const synced = reflector.getState().observedAt!;

    await karmada.stop();
    await eventually(() => expect(reflector.getState().stale).toBe(true));
    const down = reflector.getState();
    expect(down.synced).toBe(true);
    expect(down.lastError).toMatch(/other side closed|ECONNREFUSED/);
    expect(down.observedAt!.getTime()).toBeGreaterThanOrEqual(synced.getTime());
    expect(reflector.get('na')?.region).toBe('na');

    await karmada.restart();
    karmada.put(CLUSTERS, cluster('sea', 'sea'));
    await eventually(() => {
      expect(reflector.getState().stale).toBe(false);
      expect(reflector.get('sea')).toBeDefined();
    });
  });

  it('pages through large lists with continue tokens', async () => {
    for (const name of ['a', 'b', 'c'])
      karmada.put(CLUSTERS, cluster(name, 'na'));
    reflector.start();
    await eventually(() => expect(reflector.size).toBe(3));
    expect(karmada.requests[0]).toBe(`${CLUSTERS}?limit=2`);
    expect(karmada.requests[1]).toBe(`${CLUSTERS}?limit=2&continue=2`);
  });

  it('reports API errors without credentials and keeps retrying', async () => {
    karmada.failures.set(CLUSTERS, 403);
    reflector.start();
    await eventually(() =>
      expect(reflector.getState().lastError).toContain('HTTP 403'),
    );
    expect(reflector.getState().synced).toBe(false);

    karmada.failures.delete(CLUSTERS);
    await eventually(() => expect(reflector.getState().synced).toBe(true));
  });
});
