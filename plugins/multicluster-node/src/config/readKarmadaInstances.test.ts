import { ConfigReader } from '@backstage/config';
import { JsonValue } from '@backstage/types';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readKarmadaInstances } from './readKarmadaInstances';

function read(karmada: JsonValue[]) {
  return readKarmadaInstances(new ConfigReader({ multicluster: { karmada } }));
}

describe('readKarmadaInstances', () => {
  it('reads a minimal entry and strips trailing slashes', () => {
    expect(read([{ name: 'global', url: 'https://127.0.0.1:6443/' }])).toEqual([
      {
        name: 'global',
        url: 'https://127.0.0.1:6443',
        caData: undefined,
        dangerouslySkipTLSVerify: false,
        auth: { type: 'none' },
      },
    ]);
  });

  it('reads CA and client certificate files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mc-config-'));
    writeFileSync(join(dir, 'ca.crt'), 'CA PEM');
    writeFileSync(join(dir, 'client.crt'), 'CERT PEM');
    writeFileSync(join(dir, 'client.key'), 'KEY PEM');

    const [instance] = read([
      {
        name: 'global',
        url: 'https://karmada.example.com',
        caFile: join(dir, 'ca.crt'),
        auth: {
          type: 'clientCertificate',
          certFile: join(dir, 'client.crt'),
          keyFile: join(dir, 'client.key'),
        },
      },
    ]);
    expect(instance.caData).toBe('CA PEM');
    expect(instance.auth).toEqual({
      type: 'clientCertificate',
      certData: 'CERT PEM',
      keyData: 'KEY PEM',
    });
  });

  it("reads the scaffolder actions' own credentials next to auth", () => {
    const [instance] = read([
      {
        name: 'global',
        url: 'https://karmada.example.com',
        auth: { type: 'serviceAccount', token: 'reader' },
        scaffolderAuth: { type: 'serviceAccount', token: ' writer\n' },
      },
    ]);
    expect(instance.auth).toEqual({ type: 'serviceAccount', token: 'reader' });
    expect(instance.scaffolderAuth).toEqual({
      type: 'serviceAccount',
      token: 'writer',
    });
  });

  it.each([
    [
      [{ name: 'Not_DNS', url: 'https://a' }],
      "multicluster.karmada[0].name: 'Not_DNS' is not a DNS-1123 label",
    ],
    [
      [
        { name: 'a', url: 'https://a' },
        { name: 'a', url: 'https://b' },
      ],
      "multicluster.karmada[1].name: 'a' is configured twice",
    ],
    [
      [{ name: 'a', url: 'not a url' }],
      "multicluster.karmada[0].url: 'not a url' is not a URL",
    ],
    [
      [{ name: 'a', url: 'ftp://a' }],
      'multicluster.karmada[0].url: must be an http(s) URL',
    ],
    [
      [{ name: 'a', url: 'https://user:pw@a' }],
      'multicluster.karmada[0].url: must not carry credentials',
    ],
    [
      [{ name: 'a', url: 'https://a', caData: 'x', caFile: '/x' }],
      'multicluster.karmada[0]: set caData or caFile, not both',
    ],
    [
      [{ name: 'a', url: 'https://a', caFile: '/nonexistent/ca.crt' }],
      "multicluster.karmada[0].caFile: cannot read '/nonexistent/ca.crt'",
    ],
    [
      [{ name: 'a', url: 'https://a', auth: { type: 'password' } }],
      "multicluster.karmada[0].auth.type: 'password' is not one of",
    ],
    [
      [
        {
          name: 'a',
          url: 'https://a',
          auth: { type: 'clientCertificate', certData: 'x' },
        },
      ],
      'multicluster.karmada[0].auth: keyData or keyFile is required',
    ],
    [
      [
        {
          name: 'a',
          url: 'https://a',
          scaffolderAuth: { type: 'kubeconfig', path: '/x' },
        },
      ],
      "multicluster.karmada[0].scaffolderAuth.path: cannot read kubeconfig '/x': ENOENT",
    ],
    [
      [
        {
          name: 'a',
          url: 'https://a',
          auth: { type: 'serviceAccount', tokenFile: '/nope/token' },
        },
      ],
      "multicluster.karmada[0].auth.tokenFile: cannot read '/nope/token'",
    ],
    [
      [
        {
          name: 'a',
          url: 'https://a',
          auth: { type: 'serviceAccount', token: 't', tokenFile: '/x' },
        },
      ],
      'multicluster.karmada[0].auth: set token or tokenFile, not both',
    ],
    [
      [{ name: 'a', auth: { type: 'inCluster' } }],
      'multicluster.karmada[0].auth.type: inCluster needs KUBERNETES_SERVICE_HOST',
    ],
  ])('rejects %j naming the field', (entries, message) => {
    expect(() => read(entries)).toThrow(message);
  });

  it('never puts a secret value into an error message', () => {
    expect(() =>
      read([
        {
          name: 'a',
          url: 'https://a',
          auth: { type: 'clientCertificate', keyData: 'PRIVATE-KEY-DATA' },
        },
      ]),
    ).toThrow(/^(?!.*PRIVATE-KEY-DATA).*certData or certFile is required/);
  });
});

describe('readKarmadaInstances with a kubeconfig', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mc-kubeconfig-'));
  writeFileSync(join(dir, 'ca.crt'), 'CA FROM FILE');
  writeFileSync(join(dir, 'token'), 'token-from-file\n');
  const kubeconfig = join(dir, 'config');
  writeFileSync(
    kubeconfig,
    `apiVersion: v1
kind: Config
current-context: admin
clusters:
  - name: karmada
    cluster:
      server: https://127.0.0.1:17443
      certificate-authority: ca.crt
contexts:
  - name: admin
    context: { cluster: karmada, user: admin }
  - name: reader
    context: { cluster: karmada, user: reader }
  - name: sso
    context: { cluster: karmada, user: sso }
users:
  - name: admin
    user:
      client-certificate-data: ${Buffer.from('CERT').toString('base64')}
      client-key-data: ${Buffer.from('KEY').toString('base64')}
  - name: reader
    user: { tokenFile: token }
  - name: sso
    user: { exec: { command: login } }
`,
  );

  it('takes server and CA from the current context, and keeps the user as a reference', () => {
    const [instance] = read([
      { name: 'global', auth: { type: 'kubeconfig', path: kubeconfig } },
    ]);
    expect(instance).toEqual({
      name: 'global',
      url: 'https://127.0.0.1:17443',
      caData: 'CA FROM FILE',
      dangerouslySkipTLSVerify: false,
      auth: { type: 'kubeconfig', path: kubeconfig, context: 'admin' },
    });
  });

  it('accepts any user, exec plugins included, and names the field for a missing context', () => {
    const [reader] = read([
      {
        name: 'global',
        auth: { type: 'kubeconfig', path: kubeconfig, context: 'reader' },
      },
    ]);
    // kubectl's tokenFile, relative to the kubeconfig, re-read as it changes.
    expect(reader.auth).toEqual({
      type: 'tokenFile',
      tokenFile: join(dir, 'token'),
    });
    for (const context of ['admin', 'sso']) {
      const [instance] = read([
        {
          name: 'global',
          auth: { type: 'kubeconfig', path: kubeconfig, context },
        },
      ]);
      expect(instance.auth).toEqual({
        type: 'kubeconfig',
        path: kubeconfig,
        context,
      });
    }
    expect(() =>
      read([
        {
          name: 'global',
          auth: { type: 'kubeconfig', path: kubeconfig, context: 'nope' },
        },
      ]),
    ).toThrow("multicluster.karmada[0].auth.context: kubeconfig '");
  });

  it('uses a kubeconfig user as scaffolderAuth against the instance url', () => {
    const [instance] = read([
      {
        name: 'global',
        url: 'https://karmada.example.com',
        auth: { type: 'serviceAccount', token: 't' },
        scaffolderAuth: {
          type: 'kubeconfig',
          path: kubeconfig,
          context: 'sso',
        },
      },
    ]);
    expect(instance.url).toBe('https://karmada.example.com');
    expect(instance.scaffolderAuth).toEqual({
      type: 'kubeconfig',
      path: kubeconfig,
      context: 'sso',
    });
  });
});
