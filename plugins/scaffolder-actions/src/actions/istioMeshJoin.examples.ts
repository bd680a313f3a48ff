import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Join a cluster made by multicluster:cluster:create to the mesh of the other Karmada members',
    example: yaml.stringify({
      steps: [
        {
          id: 'mesh',
          action: 'istio:mesh:join',
          name: 'Join the mesh',
          input: {
            karmada: 'global',
            cluster: 'sa',
            credentialsRef: '${{ steps.create.output.credentialsRef }}',
          },
        },
      ],
    }),
  },
  {
    description: 'Link with two named peers whose kubeconfigs are task secrets',
    example: yaml.stringify({
      steps: [
        {
          id: 'mesh',
          action: 'istio:mesh:join',
          name: 'Join the mesh',
          input: {
            karmada: 'global',
            cluster: 'sa',
            kubeconfigSecret: 'SA_KUBECONFIG',
            peers: [
              { cluster: 'na', kubeconfigSecret: 'NA_KUBECONFIG' },
              { cluster: 'eu', kubeconfigSecret: 'EU_KUBECONFIG' },
            ],
          },
        },
      ],
    }),
  },
];
