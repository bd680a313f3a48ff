import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { MulticlusterApi, multiclusterApiRef } from '../../api';
import { fakeApi, placement } from '../../__testUtils__/placement';
import { RegionsContent } from './RegionsContent';

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

function renderWith(api: MulticlusterApi) {
  return renderInTestApp(
    <TestApiProvider apis={[[multiclusterApiRef, api]]}>
      <EntityProvider entity={entity}>
        <RegionsContent refreshIntervalMs={0} />
      </EntityProvider>
    </TestApiProvider>,
  );
}

describe('RegionsContent', () => {
  it('shows regions, the policy in words, clusters, pods and the control planes', async () => {
    await renderWith(fakeApi());

    expect(await screen.findByText('North America')).toBeInTheDocument();
    expect(screen.getByText('4 / 4')).toBeInTheDocument();
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

  it('lists each failing cluster while the others still show (partial error)', async () => {
    await renderWith(fakeApi());
    // One panel for placement, one for pods.
    expect(
      await screen.findAllByText(/1 cluster with errors: sea/),
    ).toHaveLength(2);
    expect(
      screen.getByText(/cluster is not ready: cluster is not reachable/),
    ).toBeInTheDocument();
    // The pods of the reachable cluster still show next to sea's timeout.
    expect(await screen.findByText('hello-abc')).toBeInTheDocument();
    expect(screen.getByText(/no answer in time/)).toBeInTheDocument();
  });

  it('says the data is stale and why', async () => {
    await renderWith(
      fakeApi({
        getPlacement: async () => ({
          ...placement,
          stale: true,
          instances: [
            {
              name: 'testbed',
              synced: true,
              stale: true,
              observedAt: '2026-11-27T17:00:00Z',
              message: 'connect ECONNREFUSED',
            },
          ],
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

  it('shows progress while loading', async () => {
    await renderWith(fakeApi({ getPlacement: () => new Promise(() => {}) }));
    expect(screen.getByTestId('progress')).toBeInTheDocument();
  });
});
