import { compatWrapper } from '@backstage/core-compat-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { isMulticlusterAvailable } from '@multiregion/backstage-plugin-multicluster-common';

export const entityRegionsContent = EntityContentBlueprint.make({
  name: 'regions',
  params: {
    path: '/regions',
    title: 'Regions',
    group: 'deployment',
    filter: isMulticlusterAvailable,
    loader: () =>
      import('../components/RegionsContent').then(m =>
        compatWrapper(<m.RegionsContent />),
      ),
  },
});
