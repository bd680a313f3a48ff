import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Apply the rendered skeleton and the policy written by karmada:policy:create',
    example: yaml.stringify({
      steps: [
        {
          id: 'apply',
          action: 'karmada:apply',
          name: 'Apply to Karmada',
          input: { karmada: 'global', path: 'karmada', namespace: 'default' },
        },
      ],
    }),
  },
  {
    description: 'Take over fields another manager set (e.g. kubectl edits)',
    example: yaml.stringify({
      steps: [
        {
          id: 'apply',
          action: 'karmada:apply',
          name: 'Apply to Karmada',
          input: { karmada: 'global', path: 'manifests', force: true },
        },
      ],
    }),
  },
];
