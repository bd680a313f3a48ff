import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { MulticlusterApi, multiclusterApiRef } from '../../api';
import { RegionsContent } from './RegionsContent';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'hello',
    annotations: { 'backstage.io/kubernetes-id': 'hello' },
  },
  spec: {},
};

function renderWith(api: MulticlusterApi) {
  return renderInTestApp(
    <TestApiProvider apis={[[multiclusterApiRef, api]]}>
      <EntityProvider entity={entity}>
        <RegionsContent />
      </EntityProvider>
    </TestApiProvider>,
  );
}

describe('RegionsContent', () => {
  it('lists each Karmada instance with status in words and the selector', async () => {
    await renderWith({
      getHealth: async () => ({
        ready: false,
        checkedAt: '2026-11-27T00:00:00Z',
        instances: [
          {
            name: 'global',
            url: 'https://127.0.0.1:17443',
            ready: true,
            statusCode: 200,
            latencyMs: 12,
          },
          {
            name: 'backup',
            url: 'https://127.0.0.1:18443',
            ready: false,
            latencyMs: 3000,
            message: 'no answer within 3000 ms',
          },
        ],
      }),
    });

    expect(
      screen.getByText('backstage.io/kubernetes-id=hello'),
    ).toBeInTheDocument();
    expect(screen.getByText('global')).toBeInTheDocument();
    expect(screen.getByText('Ready')).toBeInTheDocument();
    expect(screen.getByText('answered in 12 ms')).toBeInTheDocument();
    expect(screen.getByText('Not ready')).toBeInTheDocument();
    expect(screen.getByText('no answer within 3000 ms')).toBeInTheDocument();
  });

  it('explains what to configure when no instance exists', async () => {
    await renderWith({
      getHealth: async () => ({ ready: false, checkedAt: '', instances: [] }),
    });
    expect(
      screen.getByText('No Karmada instance configured'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('backstage.io/kubernetes-id=hello'),
    ).toBeInTheDocument();
  });

  it('shows the error when the backend cannot be reached', async () => {
    await renderWith({
      getHealth: async () => {
        throw new Error('backend down');
      },
    });
    expect(screen.getByText('Error: backend down')).toBeInTheDocument();
  });
});
