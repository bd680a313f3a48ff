import {
  MeshClusterStatus,
  MeshEndpointGroup,
  MeshPolicyObject,
  MeshResponse,
} from '@multiregion/backstage-plugin-multicluster-common';

const host = 'hello.default.svc.cluster.local';

function endpoints(
  counts: Record<string, [total: number, healthy: number]>,
): MeshEndpointGroup[] {
  return Object.entries(counts).map(([source, [total, healthy]]) => ({
    host,
    cluster: source,
    localities: [`${source}/${source}-1a`],
    total,
    healthy,
    mtlsCapable: total,
  }));
}

/** The DestinationRule of the policy templates: fail over na → eu → sea. */
export const failoverRule: MeshPolicyObject = {
  kind: 'DestinationRule',
  namespace: 'default',
  name: 'hello',
  hosts: [host],
  specHash: 'a1',
  localityLb: {
    enabled: true,
    failover: [
      { from: 'na', to: 'eu' },
      { from: 'eu', to: 'sea' },
    ],
    failoverPriority: [],
    distribute: [],
  },
  outlierDetection: true,
  failoverEffective: true,
};

function memberCluster(
  overrides: Partial<MeshClusterStatus> &
    Pick<MeshClusterStatus, 'cluster' | 'region'>,
): MeshClusterStatus {
  return {
    karmada: 'testbed',
    network: overrides.cluster,
    hostsWorkloads: true,
    istiod: {
      present: true,
      clusters: ['na', 'eu', 'sea'].map(id => ({ id, syncStatus: 'synced' })),
      synced: 3,
      expected: 3,
      missing: [],
    },
    endpoints: endpoints({ na: [4, 4], eu: [1, 1], sea: [1, 1] }),
    injection: {
      namespaces: [
        { name: 'default', enabled: true, label: 'istio-injection=enabled' },
      ],
      pods: { total: 1, injected: 1 },
    },
    mtls: { mode: 'STRICT', source: 'istio-system/default' },
    policies: [failoverRule],
    ...overrides,
  };
}

/**
 * Three primaries: sea's istiod has lost eu, sea runs without sidecars and
 * lacks the DestinationRule, and eu holds another version of it, without
 * outlier detection.
 */
export const mesh: MeshResponse = {
  entityRef: 'component:default/hello',
  services: [{ namespace: 'default', name: 'hello', host }],
  clusters: [
    memberCluster({
      cluster: 'na',
      region: 'na',
      injection: {
        namespaces: [
          { name: 'default', enabled: true, label: 'istio-injection=enabled' },
        ],
        pods: { total: 4, injected: 4 },
      },
    }),
    memberCluster({
      cluster: 'eu',
      region: 'eu',
      mtls: { mode: 'PERMISSIVE' },
      policies: [
        {
          ...failoverRule,
          specHash: 'b2',
          outlierDetection: false,
          failoverEffective: false,
        },
      ],
    }),
    memberCluster({
      cluster: 'sea',
      region: 'sea',
      istiod: {
        present: true,
        clusters: [
          { id: 'sea', syncStatus: 'synced' },
          { id: 'eu', syncStatus: 'timeout', secretName: 'istio-remote-eu' },
          { id: 'na', syncStatus: 'synced', secretName: 'istio-remote-na' },
        ],
        synced: 2,
        expected: 3,
        missing: ['eu'],
      },
      endpoints: endpoints({ na: [4, 4], sea: [1, 0] }),
      injection: {
        namespaces: [{ name: 'default', enabled: false }],
        pods: { total: 1, injected: 0 },
      },
      mtls: { mode: 'UNSET' },
      policies: [],
    }),
  ],
  drift: [
    {
      kind: 'DestinationRule',
      namespace: 'default',
      name: 'hello',
      versions: [
        { specHash: 'a1', clusters: ['na'] },
        { specHash: 'b2', clusters: ['eu'] },
        { specHash: 'missing', clusters: ['sea'] },
      ],
    },
  ],
  traffic: {
    window: '1m',
    edges: [
      {
        sourceCluster: 'na',
        sourceRegion: 'na',
        destinationCluster: 'na',
        destinationRegion: 'na',
        requestsPerSecond: 12.34,
        errorRatio: 0,
        p95Ms: 9.2,
      },
      {
        sourceCluster: 'na',
        sourceRegion: 'na',
        destinationCluster: 'eu',
        destinationRegion: 'eu',
        requestsPerSecond: 1.26,
        errorRatio: 0.0123,
        p95Ms: 48.6,
      },
      {
        sourceCluster: 'eu',
        sourceRegion: 'eu',
        destinationCluster: 'eu',
        destinationRegion: 'eu',
        requestsPerSecond: 3,
        errorRatio: 0,
      },
    ],
  },
  warnings: [
    {
      kind: 'configDrift',
      message:
        'DestinationRule default/hello differs between primaries: a1 in na, b2 in eu, missing in sea',
      object: 'DestinationRule default/hello',
    },
    {
      kind: 'failoverWithoutOutlierDetection',
      message:
        'DestinationRule default/hello in eu sets locality failover without outlier detection: Envoy will not fail over',
      cluster: 'eu',
      object: 'DestinationRule default/hello',
    },
    {
      kind: 'istiodNotSynced',
      message: 'istiod in sea has not synced eu',
      cluster: 'sea',
    },
    {
      kind: 'injectionDisabled',
      message: 'Sidecar injection is off for namespace default in sea',
      cluster: 'sea',
    },
  ],
  errors: [],
  observedAt: '2026-11-27T17:00:00Z',
};
