import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

const selectors = [
  { apiVersion: 'apps/v1', kind: 'Deployment', name: 'hello' },
  { apiVersion: 'v1', kind: 'Service', name: 'hello' },
];

export const examples: TemplateExample[] = [
  {
    description: 'Divide replicas by weight: na 4, eu 1, sea 1',
    example: yaml.stringify({
      steps: [
        {
          id: 'policy',
          action: 'karmada:policy:create',
          name: 'Build the PropagationPolicy',
          input: {
            name: 'hello',
            namespace: 'default',
            resourceSelectors: selectors,
            regions: ['na', 'eu', 'sea'],
            strategy: 'weighted',
            weights: { na: 4, eu: 1, sea: 1 },
            karmada: 'global',
          },
        },
      ],
    }),
  },
  {
    description:
      'Run everything in eu, fail over to na, with application failover',
    example: yaml.stringify({
      steps: [
        {
          id: 'policy',
          action: 'karmada:policy:create',
          name: 'Build the PropagationPolicy',
          input: {
            name: 'hello',
            resourceSelectors: selectors,
            regions: ['eu', 'na'],
            strategy: 'primary-failover',
            failover: {
              tolerationSeconds: 60,
              purgeMode: 'Gracefully',
              gracePeriodSeconds: 600,
            },
          },
        },
      ],
    }),
  },
  {
    description: 'Duplicate to two regions, written where karmada:apply reads',
    example: yaml.stringify({
      steps: [
        {
          id: 'policy',
          action: 'karmada:policy:create',
          name: 'Build the PropagationPolicy',
          input: {
            name: 'hello',
            resourceSelectors: selectors,
            regions: ['eu', 'sea'],
            strategy: 'duplicated',
            targetPath: 'manifests/propagationpolicy.yaml',
          },
        },
      ],
    }),
  },
];
