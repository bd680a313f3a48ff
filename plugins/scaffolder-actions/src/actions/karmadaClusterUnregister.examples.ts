import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'Unregister a cluster and clean both sides',
    example: yaml.stringify({
      steps: [
        {
          id: 'unregister',
          action: 'karmada:cluster:unregister',
          name: 'Unregister from Karmada',
          input: {
            karmada: 'global',
            cluster: 'eu-2',
            credentialsRef: 'testbed:eu-2',
            timeoutSeconds: 300,
          },
        },
      ],
    }),
  },
];
