import { TemplateExample } from '@backstage/plugin-scaffolder-node';

export const examples: TemplateExample[] = [
  {
    description:
      'Publish the rendered skeleton as a local repository and register it in the catalog',
    example: `steps:
  - id: publish
    name: Publish
    action: publish:local
    input:
      name: \${{ parameters.name }}
      description: \${{ parameters.description }}
  - id: register
    name: Register
    action: catalog:register:file
    input:
      catalogInfoPath: \${{ steps.publish.output.catalogInfoPath }}
`,
  },
  {
    description: 'Publish one folder of the workspace on a branch of its own',
    example: `steps:
  - id: publish
    name: Publish
    action: publish:local
    input:
      name: payments
      sourcePath: service
      defaultBranch: trunk
`,
  },
];
