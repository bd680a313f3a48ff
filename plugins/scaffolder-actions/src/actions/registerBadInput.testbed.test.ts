import * as x509 from '@peculiar/x509';
import { readKubeconfig } from '@multiregion/backstage-plugin-multicluster-node';
import { webcrypto } from 'node:crypto';
import { stringify } from 'yaml';
import {
  describeTestbed,
  kubectl,
  RunRecorder,
  testbedEnvironment,
} from '../__testUtils__/testbed';
import { createKarmadaClusterRegisterAction } from './karmadaClusterRegister';

jest.setTimeout(120_000);

const CLUSTER = 'it-bad';

function kubeconfigFor(server: string, ca: string, token: string) {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: 'm',
        cluster: {
          server,
          'certificate-authority-data': Buffer.from(ca).toString('base64'),
        },
      },
    ],
    users: [{ name: 'u', user: { token } }],
    contexts: [{ name: 'c', context: { cluster: 'm', user: 'u' } }],
    'current-context': 'c',
  });
}

async function unrelatedCa(): Promise<string> {
  x509.cryptoProvider.set(webcrypto as unknown as Crypto);
  const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = (await webcrypto.subtle.generateKey(alg, true, [
    'sign',
    'verify',
  ])) as CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    name: 'CN=unrelated-ca',
    keys,
    signingAlgorithm: alg,
    notBefore: new Date(),
    notAfter: new Date(Date.now() + 86_400_000),
    extensions: [new x509.BasicConstraintsExtension(true, undefined, true)],
  });
  return cert.toString('pem');
}

describeTestbed(
  'karmada:cluster:register refuses bad input before creating anything',
  () => {
    const env = testbedEnvironment();
    const register = createKarmadaClusterRegisterAction(env);
    const karmadaKubeconfig = process.env.TESTBED_KARMADA_KUBECONFIG!;
    const naKubeconfig = process.env.TESTBED_MEMBER_NA_KUBECONFIG!;
    // Read when a test runs: describe.skip still runs this body.
    const na = () => readKubeconfig(naKubeconfig, undefined, 'na');
    let noPermissionToken = '';

    const base = {
      karmada: 'testbed',
      cluster: CLUSTER,
      mode: 'Push',
      region: 'na',
      zones: ['na-1a'],
      kubeconfigSecret: 'MEMBER',
    };

    beforeAll(() => {
      try {
        kubectl(
          naKubeconfig,
          'create',
          'serviceaccount',
          'mc-it-noperm',
          '-n',
          'default',
        );
      } catch {
        // exists from an earlier run
      }
      noPermissionToken = kubectl(
        naKubeconfig,
        'create',
        'token',
        'mc-it-noperm',
        '-n',
        'default',
      ).trim();
    });

    afterAll(() => {
      kubectl(
        naKubeconfig,
        'delete',
        'serviceaccount',
        'mc-it-noperm',
        '-n',
        'default',
        '--ignore-not-found',
      );
    });

    const cases: Array<
      [
        string,
        () => Promise<Record<string, unknown>> | Record<string, unknown>,
        (
          | Record<string, string>
          | (() => Promise<Record<string, string>>)
          | undefined
        ),
        RegExp,
      ]
    > = [
      [
        'an invalid DNS-1123 name',
        () => ({ ...base, cluster: 'Bad_Name' }),
        undefined,
        /^cluster: 'Bad_Name' is not a DNS-1123 label/,
      ],
      [
        'an unknown Karmada instance',
        () => ({ ...base, karmada: 'nope' }),
        undefined,
        /^karmada: unknown Karmada instance 'nope' \(known: testbed\)/,
      ],
      [
        'an unknown region',
        () => ({ ...base, region: 'mars' }),
        undefined,
        /^region: unknown region 'mars' \(known: na, eu, sea\)/,
      ],
      [
        'an invalid zone',
        () => ({ ...base, zones: ['Zone A'] }),
        undefined,
        /^zones\[0\]: 'Zone A' is not a DNS-1123 label/,
      ],
      [
        'an unknown credentials reference',
        () => ({
          ...base,
          kubeconfigSecret: undefined,
          credentialsRef: 'vault:x',
        }),
        undefined,
        /^credentialsRef: not a reference issued by multicluster:cluster:create/,
      ],
      [
        'a missing task secret',
        () => base,
        {},
        /^kubeconfigSecret: the task has no secret named 'MEMBER'/,
      ],
      [
        'an unreachable endpoint',
        () => base,
        () =>
          Promise.resolve({
            MEMBER: kubeconfigFor('https://127.0.0.1:1', na().caData!, 'x'),
          }),
        /^kubeconfigSecret: cannot reach the member API server https:\/\/127\.0\.0\.1:1: .*ECONNREFUSED/,
      ],
      [
        'a wrong CA',
        () => base,
        async () => ({
          MEMBER: kubeconfigFor(na().url, await unrelatedCa(), 'x'),
        }),
        /^kubeconfigSecret: cannot reach the member API server .*certificate is not signed by the given CA/,
      ],
      [
        'refused credentials',
        () => base,
        () =>
          Promise.resolve({
            MEMBER: kubeconfigFor(na().url, na().caData!, 'not-a-token'),
          }),
        /^kubeconfigSecret: the member API server .* refused the credentials \(HTTP 401\)/,
      ],
      [
        'missing permissions in the member',
        () => base,
        () =>
          Promise.resolve({
            MEMBER: kubeconfigFor(na().url, na().caData!, noPermissionToken),
          }),
        /^kubeconfigSecret: the credentials lack permissions in the member: create namespaces, create serviceaccounts, create secrets, create clusterroles\.rbac\.authorization\.k8s\.io/,
      ],
    ];

    it.each(cases)(
      'fails on %s, naming the field',
      async (_what, input, secrets, message) => {
        const recorder = new RunRecorder();
        const resolvedSecrets =
          typeof secrets === 'function' ? await secrets() : secrets;
        await expect(
          recorder.run(register, await input(), { secrets: resolvedSecrets }),
        ).rejects.toThrow(message);

        // Nothing was created on either side.
        expect(
          kubectl(
            karmadaKubeconfig,
            'get',
            'cluster',
            CLUSTER,
            '--ignore-not-found',
            '-o',
            'name',
          ).trim(),
        ).toBe('');
        expect(
          kubectl(
            karmadaKubeconfig,
            'get',
            'secret',
            '-A',
            '-l',
            `multicluster.io/cluster=${CLUSTER}`,
            '-o',
            'name',
          ).trim(),
        ).toBe('');
        expect(
          kubectl(
            naKubeconfig,
            'get',
            'clusterrole',
            `karmada-controller-manager:karmada-${CLUSTER}`,
            '--ignore-not-found',
            '-o',
            'name',
          ).trim(),
        ).toBe('');
        expect(recorder.text()).not.toContain(noPermissionToken || 'unset');
      },
    );
  },
);
