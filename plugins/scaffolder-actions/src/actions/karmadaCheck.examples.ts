import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'Fail the task early when the Karmada instance is not ready',
    example: yaml.stringify({
      steps: [
        {
          id: 'check-karmada',
          action: 'karmada:check',
          name: 'Check Karmada',
          input: { karmada: 'global' },
        },
      ],
    }),
  },
  {
    description: 'Allow a slow control plane ten seconds to answer',
    example: yaml.stringify({
      steps: [
        {
          id: 'check-karmada',
          action: 'karmada:check',
          name: 'Check Karmada',
          input: { karmada: '${{ parameters.karmada }}', timeoutMs: 10000 },
        },
      ],
    }),
  },
];
