import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Register the cluster a previous step created, in Push mode (as karmadactl join)',
    example: yaml.stringify({
      steps: [
        {
          id: 'register',
          action: 'karmada:cluster:register',
          name: 'Register with Karmada',
          input: {
            karmada: 'global',
            cluster: '${{ parameters.name }}',
            credentialsRef: '${{ steps.create.output.credentialsRef }}',
            mode: 'Push',
            region: '${{ parameters.region }}',
            zones: '${{ parameters.zones }}',
            provider: 'testbed',
            labels: { tier: 'production' },
            timeoutSeconds: 120,
          },
        },
      ],
    }),
  },
  {
    description:
      'Register an existing cluster in Pull mode with a kubeconfig from the task secrets',
    example: yaml.stringify({
      steps: [
        {
          id: 'register',
          action: 'karmada:cluster:register',
          name: 'Register with Karmada (Pull)',
          input: {
            karmada: 'global',
            cluster: 'sea-2',
            kubeconfigSecret: 'MEMBER_KUBECONFIG',
            mode: 'Pull',
            region: 'sea',
            zones: ['sea-1a', 'sea-1b'],
            pull: { tokenTtlSeconds: 1800 },
          },
        },
      ],
    }),
  },
];
