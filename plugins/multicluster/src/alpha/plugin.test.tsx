import { Entity } from '@backstage/catalog-model';
import {
  createExtensionTester,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { screen } from '@testing-library/react';
import { multiclusterApiRef } from '../api';
import { entityRegionsContent } from './entityContents';
import plugin from './plugin';
import { fakeApi } from '../__testUtils__/placement';

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
});
