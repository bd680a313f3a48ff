import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'Create a member of the local testbed in region eu',
    example: yaml.stringify({
      steps: [
        {
          id: 'create',
          action: 'multicluster:cluster:create',
          name: 'Create the cluster',
          input: {
            provider: 'testbed',
            name: 'eu-2',
            region: 'eu',
            zones: ['eu-1a', 'eu-1b'],
          },
        },
      ],
    }),
  },
  {
    description:
      'Create a cluster with Cluster API, passing a machine type to the template and allowing 20 minutes',
    example: yaml.stringify({
      steps: [
        {
          id: 'create',
          action: 'multicluster:cluster:create',
          name: 'Create the cluster',
          input: {
            provider: 'capi',
            name: '${{ parameters.name }}',
            region: '${{ parameters.region }}',
            zones: '${{ parameters.zones }}',
            parameters: { machineType: 'm6i.large' },
            timeoutSeconds: 1200,
          },
        },
      ],
    }),
  },
];
