import { Entity } from '@backstage/catalog-model';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  renderInTestApp,
  renderTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { screen, within } from '@testing-library/react';
import { multiclusterApiRef } from '../api';
import { inventoryRouteRef } from '../routes';
import { entityRegionsContent } from './entityContents';
import { clusterInventoryPage } from './pages';
import plugin from './plugin';
import { fakeApi } from '../__testUtils__/placement';
import { clusters } from '../__testUtils__/clusters';

const annotated: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'hello',
    annotations: { 'backstage.io/kubernetes-id': 'hello' },
  },
  spec: {},
};

describe('multicluster plugin (new frontend system)', () => {
  it('has the plugin id multicluster', () => {
    expect(plugin.id).toBe('multicluster');
  });

  it('adds a Regions tab at /regions in the deployment group, only for annotated entities', () => {
    const tester = createExtensionTester(entityRegionsContent);
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('Regions');
    expect(tester.get(EntityContentBlueprint.dataRefs.group)).toBe(
      'deployment',
    );
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction)!;
    expect(filter(annotated)).toBe(true);
    expect(filter({ ...annotated, metadata: { name: 'plain' } })).toBe(false);
  });

  it('renders the tab content', async () => {
    const tester = createExtensionTester(entityRegionsContent);
    await renderInTestApp(
      <TestApiProvider apis={[[multiclusterApiRef, fakeApi()]]}>
        <EntityProvider entity={annotated}>
          {tester.reactElement()}
        </EntityProvider>
      </TestApiProvider>,
    );
    expect(await screen.findByText('North America')).toBeInTheDocument();
  });

  it('adds the cluster inventory page at /multicluster, titled for the nav', () => {
    const tester = createExtensionTester(clusterInventoryPage);
    expect(tester.get(coreExtensionData.routePath)).toBe('/multicluster');
    expect(tester.get(coreExtensionData.routeRef)).toBe(inventoryRouteRef);
    // The app's nav lists pages that have a title and an icon.
    expect(tester.get(coreExtensionData.title)).toBe('Clusters');
    expect(tester.get(coreExtensionData.icon)).toBeDefined();
  });

  it('serves the inventory at /multicluster, linked from the nav', async () => {
    await renderTestApp({
      features: [plugin],
      initialRouteEntries: ['/multicluster'],
      apis: [
        [multiclusterApiRef, fakeApi({ getClusters: async () => clusters })],
      ],
    });
    expect(await screen.findByText('sea-1')).toBeInTheDocument();
    expect(screen.getByText('Member clusters')).toBeInTheDocument();
    // One header from the page layout: the content brings none of its own.
    expect(
      screen.getByRole('heading', { level: 1, name: 'Clusters' }),
    ).toBeInTheDocument();
    const sidebar = screen.getByRole('navigation', { name: 'sidebar nav' });
    expect(
      within(sidebar).getByRole('link', { name: 'Clusters' }),
    ).toHaveAttribute('href', '/multicluster');
  });
});
