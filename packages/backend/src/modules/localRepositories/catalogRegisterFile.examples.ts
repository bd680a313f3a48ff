import { TemplateExample } from '@backstage/plugin-scaffolder-node';

export const examples: TemplateExample[] = [
  {
    description: 'Register the catalog-info.yaml that publish:local published',
    example: `steps:
  - id: register
    name: Register
    action: catalog:register:file
    input:
      catalogInfoPath: \${{ steps.publish.output.catalogInfoPath }}
`,
  },
  {
    description:
      'Register a file that may not be there; a failure does not fail the task',
    example: `steps:
  - id: register
    name: Register
    action: catalog:register:file
    input:
      catalogInfoPath: \${{ steps.publish.output.repoContentsPath }}/docs/catalog-info.yaml
      optional: true
`,
  },
];
