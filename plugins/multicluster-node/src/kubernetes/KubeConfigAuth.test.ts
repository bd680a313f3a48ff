import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fakeDateOnly } from '../__testUtils__/moveDate';
import { KarmadaAuth } from '../config/types';
import { KubeConfigAuth } from './KubeConfigAuth';
import { kubeConfigFor } from './kubeConfigFor';

const dir = mkdtempSync(join(tmpdir(), 'mc-auth-'));

function authFor(auth: KarmadaAuth) {
  const endpoint = {
    name: 'karmada',
    url: 'https://127.0.0.1:1',
    dangerouslySkipTLSVerify: false,
    auth,
  };
  return new KubeConfigAuth('karmada', kubeConfigFor(endpoint), auth, true);
}

/** A kubeconfig file with one context, whose user is `user`. */
function writeKubeconfig(name: string, user: object): string {
  const path = join(dir, `${name}.kubeconfig`);
  writeFileSync(
    path,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      'current-context': 'c',
      clusters: [{ name: 'k', cluster: { server: 'https://127.0.0.1:1' } }],
      contexts: [{ name: 'c', context: { cluster: 'k', user: 'u' } }],
      users: [{ name: 'u', user }],
    }),
  );
  return path;
}

/** A kubeconfig whose user runs `script` as an exec credential plugin. */
function execKubeconfig(name: string, script: string): string {
  const scriptPath = join(dir, `${name}.js`);
  writeFileSync(scriptPath, script);
  return writeKubeconfig(name, {
    exec: {
      apiVersion: 'client.authentication.k8s.io/v1',
      command: process.execPath,
      args: [scriptPath],
    },
  });
}

afterEach(() => jest.useRealTimers());

describe('KubeConfigAuth', () => {
  it('sends a token held in memory, and nothing without credentials', async () => {
    const token = authFor({ type: 'serviceAccount', token: 'abc' });
    expect((await token.apply()).headers.authorization).toBe('Bearer abc');
    const none = authFor({ type: 'none' });
    expect((await none.apply()).headers.authorization).toBeUndefined();
    await Promise.all([token.close(), none.close()]);
  });

  it('picks up a rotated token file within a minute, without a restart', async () => {
    const tokenFile = join(dir, 'token');
    writeFileSync(tokenFile, 'first\n');
    const auth = authFor({ type: 'tokenFile', tokenFile });
    const advance = fakeDateOnly();
    expect((await auth.apply()).headers.authorization).toBe('Bearer first');

    writeFileSync(tokenFile, 'second\n');
    advance(30_000);
    expect((await auth.apply()).headers.authorization).toBe('Bearer first');
    advance(31_000);
    expect((await auth.apply()).headers.authorization).toBe('Bearer second');
    await auth.close();
  });

  it('runs an exec plugin once, reuses its credential until it expires, then runs it again', async () => {
    const calls = join(dir, 'calls');
    writeFileSync(calls, '');
    const path = execKubeconfig(
      'counting',
      `const fs = require('fs');
fs.appendFileSync(${JSON.stringify(calls)}, 'x');
const n = fs.readFileSync(${JSON.stringify(calls)}, 'utf8').length;
console.log(JSON.stringify({
  apiVersion: 'client.authentication.k8s.io/v1',
  kind: 'ExecCredential',
  status: { token: 'exec-' + n, expirationTimestamp: new Date(Date.now() + 60000).toISOString() },
}));`,
    );
    const auth = authFor({ type: 'kubeconfig', path });
    const advance = fakeDateOnly();
    expect((await auth.apply()).headers.authorization).toBe('Bearer exec-1');
    expect((await auth.apply()).headers.authorization).toBe('Bearer exec-1');
    expect(readFileSync(calls, 'utf8')).toBe('x');

    advance(120_000);
    expect((await auth.apply()).headers.authorization).toBe('Bearer exec-2');
    expect(readFileSync(calls, 'utf8')).toBe('xx');
    await auth.close();
  });

  it('never passes on what a failing exec plugin printed', async () => {
    const path = execKubeconfig(
      'failing',
      `console.log('stdout-secret-123'); console.error('stderr-secret-456'); process.exit(1);`,
    );
    const auth = authFor({ type: 'kubeconfig', path, context: 'c' });
    const error = (await auth.apply().then(
      () => undefined,
      e => e,
    )) as Error;
    expect(error.message).toBe(
      `karmada: could not get credentials (kubeconfig ${path} context c); the cause is not shown because it may contain credentials`,
    );
    expect(JSON.stringify(error)).not.toMatch(/secret/);
    expect(String((error as { cause?: unknown }).cause)).not.toMatch(/secret/);
    await auth.close();
  });

  it("acts as the kubeconfig user's `as:` (impersonation), not as its base identity", async () => {
    const path = writeKubeconfig('as', { token: 'base', as: 'reader' });
    const auth = authFor({ type: 'kubeconfig', path });
    expect((await auth.apply()).headers).toEqual({
      authorization: 'Bearer base',
      'impersonate-user': 'reader',
    });
    await auth.close();
  });

  it('does not quote a kubeconfig it cannot load', () => {
    const path = join(dir, 'broken.kubeconfig');
    writeFileSync(path, 'users:\n- name: u\n  user: { token: leak-me-999\n');
    expect(() => authFor({ type: 'kubeconfig', path })).toThrow(
      `karmada: cannot load kubeconfig ${path}`,
    );
    expect(() => authFor({ type: 'kubeconfig', path })).not.toThrow(/leak-me/);
  });
});
