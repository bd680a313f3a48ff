import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { PolicySummary } from '@multiregion/backstage-plugin-multicluster-common';
import { act, screen, within } from '@testing-library/react';
import { MulticlusterApi, multiclusterApiRef } from '../../api';
import { fakeApi, placement, withPolicy } from '../../__testUtils__/placement';
import { RegionsContent } from './RegionsContent';
import { staleInstance } from '../../__testUtils__/instances';
import { mesh } from '../../__testUtils__/mesh';

const byRegion = (id: string) => ({ fieldSelector: `region=${id}` });

/** The four strategies of the policy templates, as the backend sums them up. */
const strategies: Array<[string, Partial<PolicySummary>, string]> = [
  [
    'duplicated',
    {
      strategy: 'Duplicated',
      affinities: [{ fieldSelector: 'region in (eu,sea)' }],
    },
    'Duplicated to clusters in regions eu, sea',
  ],
  [
    'divided-even',
    {
      strategy: 'DividedStaticWeight',
      staticWeights: ['na', 'eu', 'sea'].map(id => ({
        target: byRegion(id),
        weight: 1,
      })),
      affinities: [{ fieldSelector: 'region in (na,eu,sea)' }],
    },
    'Divided evenly across clusters in regions na, eu, sea',
  ],
  [
    'weighted',
    {
      strategy: 'DividedStaticWeight',
      staticWeights: [
        { target: byRegion('na'), weight: 4 },
        { target: byRegion('eu'), weight: 1 },
        { target: byRegion('sea'), weight: 1 },
      ],
      affinities: [{ fieldSelector: 'region in (na,eu,sea)' }],
    },
    'Divided by weight: na 4, eu 1, sea 1',
  ],
  [
    'primary-failover',
    {
      strategy: 'DividedDynamicWeight',
      dynamicWeight: 'AvailableReplicas',
      affinities: ['na', 'eu', 'sea'].map(id => ({
        affinityName: id,
        ...byRegion(id),
      })),
    },
    'Primary na, failover to eu → sea; divided by available replicas across na',
  ],
];

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'hello',
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-id': 'hello' },
  },
  spec: {},
};

function renderWith(api: MulticlusterApi, refreshIntervalMs = 0) {
  return renderInTestApp(
    <TestApiProvider apis={[[multiclusterApiRef, api]]}>
      <EntityProvider entity={entity}>
        <RegionsContent refreshIntervalMs={refreshIntervalMs} />
      </EntityProvider>
    </TestApiProvider>,
  );
}

describe('RegionsContent', () => {
  it('shows the map, a card per region, the policy in words, pods and the control planes', async () => {
    await renderWith(fakeApi());

    expect(
      await screen.findByRole('img', {
        name: 'North America: 4/4 ready, healthy',
      }),
    ).toHaveTextContent('na 4/4');
    const na = screen.getByRole('region', { name: 'North America' });
    expect(within(na).getByText('na · 4 / 4 ready')).toBeInTheDocument();
    expect(
      within(na).getByRole('table', { name: 'Clusters in North America' }),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'Divided by weight: na 4, eu 1, sea 1 (PropagationPolicy hello)',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('Deployment default/hello')).toBeInTheDocument();
    expect(await screen.findByText('hello-abc')).toBeInTheDocument();
    expect(screen.getByText('na-1a')).toBeInTheDocument();
    expect(
      await screen.findByText('Karmada control planes'),
    ).toBeInTheDocument();
  });

  it.each(strategies)(
    'says the %s policy in words',
    async (_name, policy, wording) => {
      const [na] = placement.workloads[0].clusters;
      const placed =
        policy.strategy === 'DividedDynamicWeight'
          ? [{ ...na, assignedReplicas: 6, readyReplicas: 6 }]
          : undefined;
      await renderWith(
        fakeApi({ getPlacement: async () => withPolicy(policy, placed) }),
      );
      expect(
        await screen.findByText(`${wording} (PropagationPolicy hello)`),
      ).toBeInTheDocument();
    },
  );

  it('lists each failing cluster while the others still show (partial error)', async () => {
    await renderWith(fakeApi());
    // One panel for placement, one for pods.
    expect(
      await screen.findAllByText(/1 cluster with errors: sea/),
    ).toHaveLength(2);
    expect(
      screen.getByText(/cluster is not ready: cluster is not reachable/),
    ).toBeInTheDocument();
    // The other regions still show, on the map and as cards ...
    expect(
      screen.getByRole('img', { name: 'North America: 4/4 ready, healthy' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('img', { name: 'Europe: 1/1 ready, healthy' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('region', { name: 'North America' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('region', { name: 'Europe' })).toBeInTheDocument();
    // ... and so does the failing one, with what is known about it.
    expect(
      screen.getByRole('img', { name: 'Southeast Asia: 0/1 ready, unhealthy' }),
    ).toBeInTheDocument();
    expect(
      within(screen.getByRole('region', { name: 'Southeast Asia' })).getByText(
        'Not ready',
      ),
    ).toBeInTheDocument();
    // The pods of the reachable cluster still show next to sea's timeout.
    expect(await screen.findByText('hello-abc')).toBeInTheDocument();
    expect(screen.getByText(/no answer in time/)).toBeInTheDocument();
  });

  it('keeps the last answer on screen when a refresh fails', async () => {
    let calls = 0;
    await renderWith(
      fakeApi({
        getPlacement: async () => {
          calls++;
          if (calls > 1) throw new Error('backend restarting');
          return placement;
        },
      }),
      60_000,
    );
    await screen.findByRole('region', { name: 'North America' });

    // Coming back to the browser tab refreshes at once.
    act(() => {
      document.dispatchEvent(new Event('visibilitychange'));
    });
    expect(
      await screen.findByText(/Could not refresh: showing the last answer/),
    ).toBeInTheDocument();
    expect(screen.getByText('backend restarting')).toBeInTheDocument();
    expect(
      screen.getByRole('img', { name: 'North America: 4/4 ready, healthy' }),
    ).toBeInTheDocument();
    expect(screen.queryByTestId('progress')).not.toBeInTheDocument();
  });

  it('says the data is stale and why', async () => {
    await renderWith(
      fakeApi({
        getPlacement: async () => ({
          ...placement,
          stale: true,
          instances: [staleInstance],
        }),
      }),
    );
    expect(
      await screen.findByText(/Karmada data is stale since/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/testbed: connect ECONNREFUSED/),
    ).toBeInTheDocument();
  });

  it('shows the selector when no workload matches', async () => {
    await renderWith(
      fakeApi({
        getPlacement: async () => ({
          ...placement,
          workloads: [],
          regions: [],
          errors: [],
        }),
      }),
    );
    expect(await screen.findByText('No workloads found')).toBeInTheDocument();
    expect(
      screen.getAllByText('backstage.io/kubernetes-id=hello').length,
    ).toBeGreaterThan(1);
  });

  it('shows the error when the backend cannot be reached', async () => {
    await renderWith(
      fakeApi({
        getPlacement: async () => {
          throw new Error('backend down');
        },
      }),
    );
    expect(await screen.findByText('Error: backend down')).toBeInTheDocument();
  });

  it('shows the mesh of the entity, with the region titles of the placement', async () => {
    const getMesh = jest.fn(async () => mesh);
    await renderWith(fakeApi({ getMesh }));
    const panel = await screen.findByRole('region', { name: 'Mesh' });
    const matrix = await within(panel).findByRole('table', {
      name: 'Traffic between clusters (last 1m)',
    });
    expect(
      within(matrix).getByRole('rowheader', { name: 'na (North America)' }),
    ).toBeInTheDocument();
    expect(within(panel).getByText('sees 2/3 clusters')).toBeInTheDocument();
    expect(
      within(panel).getByText('endpoints seen from na: 6'),
    ).toBeInTheDocument();
    expect(getMesh).toHaveBeenCalledWith({
      kind: 'Component',
      namespace: 'default',
      name: 'hello',
    });
  });

  it('keeps the placement on screen when the mesh cannot be read', async () => {
    await renderWith(
      fakeApi({
        getMesh: async () => {
          throw new Error('istiod unreachable');
        },
      }),
    );
    const panel = await screen.findByRole('region', { name: 'Mesh' });
    expect(
      await within(panel).findByText(
        'Error: The mesh status could not be read',
      ),
    ).toBeInTheDocument();
    expect(within(panel).getByText('istiod unreachable')).toBeInTheDocument();
    expect(
      screen.getByRole('region', { name: 'North America' }),
    ).toBeInTheDocument();
  });

  it('shows progress while loading', async () => {
    await renderWith(fakeApi({ getPlacement: () => new Promise(() => {}) }));
    expect(screen.getByTestId('progress')).toBeInTheDocument();
  });
});
