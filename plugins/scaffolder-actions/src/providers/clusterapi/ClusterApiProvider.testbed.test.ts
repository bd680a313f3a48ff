import { ConfigReader } from '@backstage/config';
import {
  KubernetesConnection,
  readKubeconfig,
} from '@multiregion/backstage-plugin-multicluster-node';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import {
  describeTestbed,
  kubectl,
  RunRecorder,
} from '../../__testUtils__/testbed';
import { ClusterCreateRequest } from '../ClusterProvider';
import { createClusterApiProvider } from './ClusterApiProvider';

jest.setTimeout(120_000);

const REPO = resolve(__dirname, '../../../../..');
const EXAMPLE = join(REPO, 'examples/clusterapi/cluster-template.yaml');
const AT = 'multicluster.clusterProviders[0].clusterapi';
const CRDS = [
  'clusters.cluster.x-k8s.io',
  'kubeadmcontrolplanes.controlplane.cluster.x-k8s.io',
  'dockerclusters.infrastructure.cluster.x-k8s.io',
  'dockermachinetemplates.infrastructure.cluster.x-k8s.io',
];
/** The kinds the example renders, as REST collection paths. */
const COLLECTIONS = [
  'cluster.x-k8s.io/v1beta2/clusters',
  'controlplane.cluster.x-k8s.io/v1beta2/kubeadmcontrolplanes',
  'infrastructure.cluster.x-k8s.io/v1beta2/dockerclusters',
  'infrastructure.cluster.x-k8s.io/v1beta2/dockermachinetemplates',
];

/**
 * The testbed member `na` is the management cluster, with the real Cluster
 * API CRDs; no Cluster API controller runs, so the test plays it: it writes
 * the `<name>-kubeconfig` Secret, pointing at the testbed member `eu`.
 */
describeTestbed('ClusterApiProvider against the testbed', () => {
  const naKubeconfig = process.env.TESTBED_MEMBER_NA_KUBECONFIG!;
  const namespace = `capi-it-${randomBytes(3).toString('hex')}`;
  const recorder = new RunRecorder();
  let workDir: string;
  let euKubeconfig: string;
  let na: KubernetesConnection;

  function provider(templateFile = EXAMPLE) {
    return createClusterApiProvider(
      'capi',
      new ConfigReader({
        management: { auth: { type: 'kubeconfig', path: naKubeconfig } },
        namespace,
        templateFile,
        deleteTimeoutSeconds: 30,
      }),
      AT,
    );
  }

  function request(
    name: string,
    overrides: Partial<ClusterCreateRequest> = {},
  ): ClusterCreateRequest {
    return {
      name,
      region: 'eu',
      zones: ['eu-1a', 'eu-1b'],
      parameters: { kubernetesVersion: 'v1.35.0', controlPlaneReplicas: '1' },
      owner: 'group:default/platform-team',
      timeoutMs: 60_000,
      logger: recorder.logger,
      ...overrides,
    };
  }

  /** Everything in the namespace that belongs to cluster `name`. */
  async function objectsOf(name: string): Promise<string[]> {
    const found: string[] = [];
    for (const collection of COLLECTIONS) {
      const list = await na.requestJson<{
        items: Array<{ kind?: string; metadata: { name: string } }>;
      }>({
        path: `/apis/${collection.replace(
          /\/([a-z]+)$/,
          `/namespaces/${namespace}/$1`,
        )}`,
        query: { labelSelector: `multicluster.io/cluster=${name}` },
      });
      found.push(
        ...list.items.map(
          i => `${collection.split('/')[2]}/${i.metadata.name}`,
        ),
      );
    }
    return found;
  }

  /** Does what Cluster API does once the control plane has an endpoint. */
  async function writeKubeconfigSecret(name: string, kubeconfig: string) {
    const clusterPath = `/apis/cluster.x-k8s.io/v1beta2/namespaces/${namespace}/clusters/${name}`;
    let cluster: { metadata: { uid: string } } | undefined;
    for (let i = 0; i < 100 && !cluster; i++) {
      const response = await na.request({ path: clusterPath });
      if (response.statusCode === 200) cluster = JSON.parse(response.body);
      else await new Promise(r => setTimeout(r, 200));
    }
    expect(cluster).toBeDefined();
    await na.requestJson({
      method: 'POST',
      path: `/api/v1/namespaces/${namespace}/secrets`,
      body: {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: {
          name: `${name}-kubeconfig`,
          labels: { 'cluster.x-k8s.io/cluster-name': name },
          ownerReferences: [
            {
              apiVersion: 'cluster.x-k8s.io/v1beta2',
              kind: 'Cluster',
              name,
              uid: cluster!.metadata.uid,
              controller: true,
            },
          ],
        },
        type: 'cluster.x-k8s.io/secret',
        data: { value: Buffer.from(kubeconfig).toString('base64') },
      },
    });
  }

  beforeAll(() => {
    workDir = mkdtempSync(join(tmpdir(), 'capi-it-'));
    euKubeconfig = inlineKubeconfig(process.env.TESTBED_MEMBER_EU_KUBECONFIG!);
    const crds = execFileSync('bash', [join(REPO, 'scripts/capi-crds.sh')], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    }).trim();
    kubectl(
      naKubeconfig,
      'apply',
      '--server-side',
      '--field-manager=multicluster-tests',
      '-f',
      crds,
    );
    kubectl(
      naKubeconfig,
      'wait',
      '--for=condition=Established',
      '--timeout=60s',
      ...CRDS.map(crd => `crd/${crd}`),
    );
    kubectl(naKubeconfig, 'create', 'namespace', namespace);
    const admin = readKubeconfig(naKubeconfig, undefined, 'na');
    na = new KubernetesConnection({
      name: 'na',
      url: admin.url,
      caData: admin.caData,
      dangerouslySkipTLSVerify: false,
      auth: admin.auth,
    });
  }, 300_000);

  afterAll(async () => {
    // The CRDs stay: other runs may be using them, and they cost nothing.
    kubectl(naKubeconfig, 'delete', 'namespace', namespace, '--wait=false');
    rmSync(workDir, { recursive: true, force: true });
    await na?.close();
  });

  it('creates a cluster, resolves its credentials and deletes it', async () => {
    const capi = provider();
    await capi.validate(request('capi-eu'));
    expect(await objectsOf('capi-eu')).toEqual([]);

    const creating = capi.create(request('capi-eu'));
    await writeKubeconfigSecret('capi-eu', euKubeconfig);
    const created = await creating;
    expect(created).toMatchObject({
      name: 'capi-eu',
      region: 'eu',
      zones: ['eu-1a', 'eu-1b'],
      apiEndpoint: process.env.TESTBED_MEMBER_EU_URL,
      credentialsRef: `capi:${namespace}/capi-eu`,
      result: 'created',
      details: {
        namespace,
        cluster: `Cluster ${namespace}/capi-eu (cluster.x-k8s.io/v1beta2)`,
        kubeconfigSecret: `${namespace}/capi-eu-kubeconfig`,
      },
    });
    expect((await objectsOf('capi-eu')).sort()).toEqual([
      'clusters/capi-eu',
      'dockerclusters/capi-eu',
      'dockermachinetemplates/capi-eu-control-plane',
      'kubeadmcontrolplanes/capi-eu-control-plane',
    ]);

    const member = new KubernetesConnection(
      await capi.resolveCredentials(created.credentialsRef),
    );
    const version = await member.get('/version', 10_000);
    await member.close();
    expect(version.statusCode).toBe(200);

    const again = await capi.create(request('capi-eu'));
    expect(again.result).toBe('unchanged');
    expect(again.credentialsRef).toBe(created.credentialsRef);

    expect(await capi.delete('capi-eu', recorder.logger)).toEqual([]);
    expect(await objectsOf('capi-eu')).toEqual([]);
    // The kubeconfig Secret goes with its Cluster through the garbage
    // collector, which may first need its discovery resync (every 30 s) to
    // learn the Cluster API kinds; the outcome is reduced to a message so a
    // failure never prints credentials.
    const outcome = () =>
      capi.resolveCredentials(created.credentialsRef).then(
        () => 'still resolves',
        (error: Error) => error.message,
      );
    let message = await outcome();
    for (let i = 0; i < 180 && message === 'still resolves'; i++) {
      await new Promise(done => setTimeout(done, 500));
      message = await outcome();
    }
    expect(message).toMatch(/^credentialsRef: /);

    // Credentials never reach logs, outputs or errors.
    const logged = `${recorder.text()}\n${JSON.stringify([created, again])}`;
    for (const secret of secretsOf(euKubeconfig)) {
      expect(logged).not.toContain(secret);
    }
  });

  it('rejects bad input before creating anything, naming the field', async () => {
    const unknownVariable = join(workDir, 'unknown-variable.yaml');
    writeFileSync(
      unknownVariable,
      readFileSync(EXAMPLE, 'utf8').replace(
        'name: ${{ name }}-control-plane',
        'name: ${{ nmae }}-control-plane',
      ),
    );
    const unknownKind = join(workDir, 'unknown-kind.yaml');
    writeFileSync(
      unknownKind,
      readFileSync(EXAMPLE, 'utf8').replace(/DockerCluster/g, 'NoSuchCluster'),
    );

    for (const capi of [provider(unknownVariable), provider(unknownKind)]) {
      await expect(capi.validate(request('capi-bad'))).rejects.toThrow(
        `${AT}.templateFile: `,
      );
      await expect(capi.create(request('capi-bad'))).rejects.toThrow(
        `${AT}.templateFile: `,
      );
    }
    await expect(
      provider(unknownVariable).create(request('capi-bad')),
    ).rejects.toThrow(
      new RegExp(
        `^${escape(
          AT,
        )}\\.templateFile: line \\d+: unknown variable or filter in '\\$\\{\\{ nmae \\}\\}'`,
      ),
    );
    await expect(
      provider(unknownKind).create(request('capi-bad')),
    ).rejects.toThrow(
      `${AT}.templateFile: the management cluster does not serve kind NoSuchCluster in infrastructure.cluster.x-k8s.io/v1beta2`,
    );
    await expect(
      provider().create(request('capi-bad', { parameters: {} })),
    ).rejects.toThrow(/^parameters\.kubernetesVersion: /);
    // The server's own validation, through the dry run.
    await expect(
      provider().validate(
        request('capi-bad', {
          parameters: { kubernetesVersion: '', controlPlaneReplicas: '1' },
        }),
      ),
    ).rejects.toThrow(
      `${AT}.templateFile: the management cluster rejects the rendered objects in a server-side dry run: `,
    );
    await expect(
      createClusterApiProvider(
        'capi',
        new ConfigReader({
          management: { auth: { type: 'kubeconfig', path: naKubeconfig } },
          namespace: 'no-such-namespace',
          templateFile: EXAMPLE,
        }),
        AT,
      ).validate(request('capi-bad')),
    ).rejects.toThrow(
      `${AT}.namespace: namespace 'no-such-namespace' does not exist`,
    );
    expect(await objectsOf('capi-bad')).toEqual([]);
  });

  it('says what it left behind when Cluster API does not answer in time', async () => {
    const capi = provider();
    await expect(
      capi.create(request('capi-late', { timeoutMs: 2_000 })),
    ).rejects.toThrow(
      `timed out after 2 s waiting for Cluster API to write Secret ${namespace}/capi-late-kubeconfig; applied and left in place by create: DockerCluster ${namespace}/capi-late (infrastructure.cluster.x-k8s.io/v1beta2)`,
    );
    expect(await objectsOf('capi-late')).toHaveLength(4);
    expect(await capi.delete('capi-late', recorder.logger)).toEqual([]);
    expect(await objectsOf('capi-late')).toEqual([]);
  });

  it('refuses credentials outside its namespace or that refer to files', async () => {
    const capi = provider();
    await expect(
      capi.resolveCredentials('capi:kube-system/capi-eu'),
    ).rejects.toThrow(
      "credentialsRef: 'capi:kube-system/capi-eu' is outside namespace",
    );
    await expect(capi.resolveCredentials('other:x/y')).rejects.toThrow(
      /^credentialsRef: /,
    );

    const creating = capi.create(request('capi-files'));
    // The testbed's own kubeconfig points at certificate files.
    await writeKubeconfigSecret(
      'capi-files',
      readFileSync(process.env.TESTBED_MEMBER_EU_KUBECONFIG!, 'utf8'),
    );
    await expect(creating).rejects.toThrow(
      `Secret ${namespace}/capi-files-kubeconfig refers to files`,
    );
    expect(await capi.delete('capi-files', recorder.logger)).toEqual([]);
  });
});

/** A kubeconfig with its CA, certificate and key inline, as CAPI writes it. */
function inlineKubeconfig(path: string): string {
  const doc = parse(readFileSync(path, 'utf8'));
  const inline = (entry: Record<string, string>, file: string) => {
    if (entry[file]) {
      entry[`${file}-data`] = readFileSync(
        resolve(dirname(path), entry[file]),
      ).toString('base64');
      delete entry[file];
    }
  };
  for (const { cluster } of doc.clusters)
    inline(cluster, 'certificate-authority');
  for (const { user } of doc.users) {
    inline(user, 'client-certificate');
    inline(user, 'client-key');
  }
  return stringify(doc);
}

/** The secret parts of a kubeconfig, decoded and encoded. */
function secretsOf(kubeconfig: string): string[] {
  const doc = parse(kubeconfig);
  return doc.users.flatMap(({ user }: { user: Record<string, string> }) =>
    ['client-key-data', 'token']
      .filter(key => user[key])
      .flatMap(key => [
        user[key],
        Buffer.from(user[key], 'base64').toString('utf8').split('\n')[1],
      ])
      .filter(Boolean),
  );
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
