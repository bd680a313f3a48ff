import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { createKarmadaCheckAction } from './karmadaCheck';

describe('karmada:check', () => {
  let server: Server;
  let url: string;
  let readyzStatus = 200;

  beforeAll(async () => {
    server = createServer((req, res) => {
      res.writeHead(req.url === '/readyz' ? readyzStatus : 404).end('ok');
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise(resolve => server.close(resolve)));

  function action() {
    return createKarmadaCheckAction({
      instances: [
        {
          name: 'global',
          url,
          dangerouslySkipTLSVerify: false,
          auth: { type: 'serviceAccount', token: 'hidden-token' },
        },
      ],
    });
  }

  it('outputs readiness of a ready instance', async () => {
    readyzStatus = 200;
    const ctx = createMockActionContext({ input: { karmada: 'global' } });
    await action().handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('ready', true);
    expect(ctx.output).toHaveBeenCalledWith('url', url);
  });

  it('fails with the reason when the instance is not ready', async () => {
    readyzStatus = 500;
    const ctx = createMockActionContext({ input: { karmada: 'global' } });
    await expect(action().handler(ctx)).rejects.toThrow(
      `Karmada instance 'global' at ${url} is not ready: readyz answered HTTP 500`,
    );
    expect(ctx.output).not.toHaveBeenCalled();
  });

  it('names the field for an unknown instance', async () => {
    const ctx = createMockActionContext({ input: { karmada: 'nope' } });
    await expect(action().handler(ctx)).rejects.toThrow(
      "karmada: unknown Karmada instance 'nope' (known: global)",
    );
  });

  it('is read-only and so supports dry run', () => {
    expect(action().supportsDryRun).toBe(true);
  });
});
