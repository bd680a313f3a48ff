import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { renderTemplate, templateKinds } from './renderTemplate';

const AT = 'multicluster.clusterProviders[0].clusterapi.templateFile';
const values = {
  name: 'eu-2',
  region: 'eu',
  zones: ['eu-a', 'eu-b'],
  namespace: 'clusters',
  parameters: { kubernetesVersion: 'v1.35.0', controlPlaneReplicas: '3' },
};

describe('renderTemplate', () => {
  it('renders the example template', () => {
    const text = readFileSync(
      resolve(
        __dirname,
        '../../../../../examples/clusterapi/cluster-template.yaml',
      ),
      'utf8',
    );
    const { objects, usedParameters } = renderTemplate(text, values, AT);
    expect(objects.map(o => `${o.kind}/${o.metadata.name}`)).toEqual([
      'DockerCluster/eu-2',
      'DockerMachineTemplate/eu-2-control-plane',
      'KubeadmControlPlane/eu-2-control-plane',
      'Cluster/eu-2',
    ]);
    const kcp = objects[2] as any;
    expect(kcp.spec.replicas).toBe(3);
    expect(kcp.spec.version).toBe('v1.35.0');
    const cluster = objects[3] as any;
    expect(cluster.metadata.annotations['multicluster.io/zones']).toBe(
      'eu-a,eu-b',
    );
    expect(cluster.metadata.labels['topology.kubernetes.io/region']).toBe('eu');
    expect([...usedParameters].sort()).toEqual([
      'controlPlaneReplicas',
      'kubernetesVersion',
    ]);
    expect(templateKinds(text, AT).map(k => k.kind)).toEqual([
      'DockerCluster',
      'DockerMachineTemplate',
      'KubeadmControlPlane',
      'Cluster',
    ]);
  });

  it('keeps the type of a whole placeholder and inserts text inside strings', () => {
    const { objects } = renderTemplate(
      [
        'apiVersion: v1',
        'kind: ConfigMap',
        'metadata: {name: "${{ name }}-cfg"}',
        'data:',
        '  zones: ${{ zones }}',
        '  text: "zones ${{ zones }} in ${{ region }}"',
      ].join('\n'),
      values,
      AT,
    );
    expect(objects[0].metadata.name).toBe('eu-2-cfg');
    expect(objects[0].data).toEqual({
      zones: ['eu-a', 'eu-b'],
      text: 'zones eu-a,eu-b in eu',
    });
  });

  it('cannot be made to add keys or documents through a value', () => {
    const { objects } = renderTemplate(
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: ${{ parameters.evil }}\n',
      {
        ...values,
        parameters: { evil: 'y\n  b: z\n---\nkind: ClusterRoleBinding' },
      },
      AT,
    );
    expect(objects).toHaveLength(1);
    expect(objects[0].data).toEqual({
      a: 'y\n  b: z\n---\nkind: ClusterRoleBinding',
    });
  });

  it.each([
    [
      'an unknown variable',
      'metadata:\n  name: ${{ nmae }}',
      `${AT}: line 4: unknown variable or filter in '\${{ nmae }}'`,
    ],
    [
      'a missing parameter',
      'metadata:\n  name: ${{ parameters.machineType }}',
      `parameters.machineType: the cluster template needs it (${AT}: line 4) but it was not given`,
    ],
    [
      'a non-integer for | int',
      'metadata:\n  name: x\nspec:\n  replicas: ${{ parameters.kubernetesVersion | int }}',
      "parameters.kubernetesVersion: 'v1.35.0' is not an integer",
    ],
    [
      'an unknown filter',
      'metadata:\n  name: ${{ name | upper }}',
      `${AT}: line 4: unknown filter 'upper'`,
    ],
    [
      'a placeholder in a key',
      'metadata:\n  name: x\n  labels:\n    ${{ name }}: x',
      `${AT}: line 6: placeholders are not allowed in keys`,
    ],
    [
      'invalid YAML',
      'metadata:\n  name: [x',
      `${AT}: line 5: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]`,
    ],
    [
      'a document without metadata.name',
      'spec: {}',
      `${AT}: document at line 1`,
    ],
  ])('fails on %s, naming the field', (_, body, message) => {
    expect(() =>
      renderTemplate(`apiVersion: v1\nkind: ConfigMap\n${body}\n`, values, AT),
    ).toThrow(message);
  });

  it('requires literal kinds', () => {
    expect(() =>
      templateKinds('apiVersion: v1\nkind: ${{ parameters.kind }}\n', AT),
    ).toThrow(`${AT}: line 2: kind must be literal, without placeholders`);
  });
});
