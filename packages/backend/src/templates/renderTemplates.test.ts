/*
 * The software templates render form values into manifests that
 * karmada:apply sends to Karmada and catalog-info.yaml files the catalog
 * ingests: a value that adds a key or a YAML document to them is a privilege
 * escalation. These tests put hostile values through the scaffolder's own
 * parameter validation and, with validation bypassed, through its real
 * fetch:template action, and check the rendered files document by document.
 */
import {
  mockServices,
  createMockDirectory,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { createFetchTemplateAction } from '@backstage/plugin-scaffolder-backend';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { Schema, validate, ValidationError } from 'jsonschema';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse, parseAllDocuments } from 'yaml';

const TEMPLATES_DIR = path.resolve(__dirname, '../../../../templates');

type Values = Record<string, any>;

interface Step {
  id: string;
  action: string;
  if?: unknown;
  input: Record<string, any>;
}

interface Template {
  name: string;
  file: string;
  /** The form's pages; the scaffolder validates the values against each. */
  parameters: Schema[];
  steps: Step[];
  output: unknown;
}

/** A form field; `branch` when a `dependencies` oneOf branch defines it. */
interface Field {
  name: string;
  schema: Schema;
  branch?: { key: string; value: unknown };
}

function loadTemplate(name: string): Template {
  const file = path.join(TEMPLATES_DIR, name, 'template.yaml');
  const entity = parse(fs.readFileSync(file, 'utf8'));
  return {
    name,
    file,
    parameters: [entity.spec.parameters].flat(),
    steps: entity.spec.steps,
    output: entity.spec.output,
  };
}

function fieldsOf(template: Template): Field[] {
  return template.parameters.flatMap(page => {
    const fields: Field[] = Object.entries(page.properties ?? {}).map(
      ([name, schema]) => ({ name, schema }),
    );
    for (const [key, dependency] of Object.entries(page.dependencies ?? {})) {
      for (const branch of (dependency as Schema).oneOf ?? []) {
        const { [key]: selector, ...properties } = branch.properties ?? {};
        for (const [name, schema] of Object.entries(properties)) {
          fields.push({ name, schema, branch: { key, value: selector.const } });
        }
      }
    }
    return fields;
  });
}

/** What POST /v2/tasks does: each page of the form validates all values. */
function validationErrors(
  template: Template,
  values: Values,
): ValidationError[] {
  return template.parameters.flatMap(page => validate(values, page).errors);
}

/** Valid values that use the field: its dependencies branch selected. */
function baseFor(field: Field, example: Values, samples: Values): Values {
  return {
    ...example,
    ...(field.branch ? { [field.branch.key]: field.branch.value } : {}),
    [field.name]: example[field.name] ?? samples[field.name],
  };
}

/** Puts a value in a field; an array gets it after its first item. */
function withValue(base: Values, field: Field, value: unknown): Values {
  if (field.schema.type === 'array') {
    return { ...base, [field.name]: [base[field.name][0], value] };
  }
  return { ...base, [field.name]: value };
}

const PLAIN_PARAMETER = /^\$\{\{ parameters\.(\w+) \}\}$/;

/**
 * fetch:template's input as the workflow runner renders it: a value that is
 * exactly `${{ parameters.x }}` passes the parameter on with its JSON type.
 */
function fetchInput(
  step: Step,
  parameters: Values,
): Parameters<typeof fetchTemplate.handler>[0]['input'] {
  const { url, values, ...rest } = step.input;
  for (const [key, value] of Object.entries({ url, ...rest })) {
    if (typeof value !== 'string' || value.includes('{{')) {
      throw new Error(
        `fetch:template input ${key}: ${value} is not a literal string; teach this test how it renders`,
      );
    }
  }
  return {
    ...rest,
    url,
    values: Object.fromEntries(
      Object.entries(values as Record<string, string>).map(([key, value]) => {
        const match = PLAIN_PARAMETER.exec(value);
        if (!match) {
          throw new Error(
            `fetch:template value ${key}: ${value} is not a plain parameter; teach this test how it renders`,
          );
        }
        return [key, parameters[match[1]]];
      }),
    ),
  };
}

// Some tests render a template once per payload and variant (dozens of
// fetch:template runs): well under a second alone, more on a busy CI machine.
jest.setTimeout(60_000);

const mockDir = createMockDirectory();
const fetchTemplate = createFetchTemplateAction({
  // The templates are read from disk (a file:// base URL), never through it.
  reader: mockServices.urlReader.mock(),
  integrations: ScmIntegrations.fromConfig(new ConfigReader({})),
});
let renders = 0;

/** Runs the template's fetch:template step; returns the workspace's files. */
async function render(
  template: Template,
  parameters: Values,
): Promise<Record<string, string>> {
  const step = template.steps.find(s => s.action === 'fetch:template')!;
  const run = mockDir.resolve(`render-${++renders}`);
  const workspacePath = path.join(run, 'workspace');
  const temporary = path.join(run, 'temporary');
  fs.mkdirSync(workspacePath, { recursive: true });
  fs.mkdirSync(temporary);
  const ctx = createMockActionContext({
    input: fetchInput(step, parameters),
    workspacePath,
    templateInfo: {
      entityRef: `template:default/${template.name}`,
      baseUrl: pathToFileURL(template.file).href,
    },
  });
  // The skeleton is copied to a temporary directory: keep it out of the
  // workspace, which is what the later steps (and this test) read.
  ctx.createTemporaryDirectory = async () => temporary;
  await fetchTemplate.handler(ctx);

  const files: Record<string, string> = {};
  for (const entry of fs.readdirSync(workspacePath, {
    recursive: true,
    withFileTypes: true,
  })) {
    if (entry.isFile()) {
      const file = path.join(entry.parentPath, entry.name);
      files[path.relative(workspacePath, file).split(path.sep).join('/')] =
        fs.readFileSync(file, 'utf8');
    }
  }
  return files;
}

/**
 * What a YAML file parses to, as YAML 1.2 (the `yaml` package, as
 * karmada:apply reads it) and as YAML 1.1 (as Kubernetes reads it), with any
 * errors and warnings of either.
 */
function documents(text: string) {
  const problems: string[] = [];
  const read = (version: '1.1' | '1.2') =>
    parseAllDocuments(text, { version }).map(doc => {
      problems.push(...[...doc.errors, ...doc.warnings].map(e => e.message));
      return doc.toJS();
    });
  return { problems, yaml12: read('1.2'), yaml11: read('1.1') };
}

const CLUSTER_ROLE_BINDING = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: backstage-pwned
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: cluster-admin
subjects:
  - apiGroup: rbac.authorization.k8s.io
    kind: Group
    name: made-up`;

/** Fields of free text, which may hold punctuation. */
const FREE_TEXT = ['description'];

/** `oneLine`: free text may hold it. */
const PAYLOADS: Array<{ what: string; value: string; oneLine: boolean }> = [
  { what: 'a new line', value: 'nginx:1.27\nfoo: bar', oneLine: false },
  {
    what: 'a second document',
    value: `nginx:1.27\n---\n${CLUSTER_ROLE_BINDING}`,
    oneLine: false,
  },
  {
    what: 'a second document after a CR',
    value: `nginx:1.27\r---\r${CLUSTER_ROLE_BINDING.replace(/\n/g, '\r')}`,
    oneLine: false,
  },
  {
    what: 'a document end',
    value: 'nginx:1.27\n...\n---\nkind: Secret',
    oneLine: false,
  },
  { what: 'a literal block scalar', value: '|\n  text', oneLine: false },
  { what: 'a folded block scalar', value: '>-\n  text', oneLine: false },
  {
    what: 'U+2028 line separators',
    value: `nginx:1.27\u2028---\u2028kind: Secret`,
    oneLine: false,
  },
  {
    what: 'U+0085 next lines',
    value: `nginx:1.27\u0085---\u0085kind: Secret`,
    oneLine: false,
  },
  { what: 'a tab and a NUL', value: 'nginx\t1.27\u0000', oneLine: false },
  { what: 'a very long string', value: 'a'.repeat(100_000), oneLine: false },
  {
    what: 'a scaffolder expression',
    value: '${{ values.name }}',
    oneLine: true,
  },
  { what: 'a nunjucks expression', value: '{{ 7 * 7 }}', oneLine: true },
  { what: 'a nunjucks tag', value: '{% if true %}x{% endif %}', oneLine: true },
  { what: 'single quotes', value: "'nginx:1.27'", oneLine: true },
  { what: 'double quotes', value: '"nginx:1.27", "x"', oneLine: true },
  { what: 'a comment', value: 'nginx:1.27 # latest', oneLine: true },
  { what: 'a mapping', value: 'nginx: 1.27', oneLine: true },
  { what: 'a flow mapping', value: '{ image: nginx, x: y }', oneLine: true },
  { what: 'an anchor', value: '&anchor nginx:1.27', oneLine: true },
  { what: 'an alias', value: '*anchor', oneLine: true },
  { what: 'a tag', value: '!!binary bmdpbng=', oneLine: true },
  { what: 'a list item', value: '- nginx:1.27', oneLine: true },
];

const ownerAnnotation = (values: Values) => ({
  'multicluster.io/owner': values.owner,
});

/** What new-multi-region-service must render, and nothing more. */
function serviceManifests(values: Values) {
  const { name, regions } = values as { name: string; regions: string[] };
  const labels = { app: name, 'backstage.io/kubernetes-id': name };
  const localityLbSetting: Values = { enabled: true };
  if (values.trafficPolicy === 'failover') {
    if (regions.length > 1) {
      localityLbSetting.failover = regions.map((from, i) => ({
        from,
        to: regions[(i + 1) % regions.length],
      }));
    }
  } else {
    const share = Math.floor(100 / regions.length);
    localityLbSetting.distribute = regions.map(from => ({
      from: `${from}/*`,
      to: Object.fromEntries(
        regions.map((to, i) => [
          `${to}/*`,
          share + (i === 0 ? 100 - share * regions.length : 0),
        ]),
      ),
    }));
  }
  return {
    'karmada/namespace.yaml': [
      {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: {
          name,
          labels: {
            'backstage.io/kubernetes-id': name,
            'istio-injection': 'enabled',
          },
          annotations: ownerAnnotation(values),
        },
      },
    ],
    'karmada/deployment.yaml': [
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: {
          name,
          namespace: name,
          labels,
          annotations: ownerAnnotation(values),
        },
        spec: {
          replicas: values.replicas,
          selector: { matchLabels: { app: name } },
          template: {
            metadata: { labels },
            spec: {
              containers: [
                {
                  name,
                  image: values.image,
                  ports: [{ name: 'http', containerPort: values.port }],
                  resources: { requests: { cpu: '100m', memory: '128Mi' } },
                },
              ],
            },
          },
        },
      },
    ],
    'karmada/service.yaml': [
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: {
          name,
          namespace: name,
          labels,
          annotations: ownerAnnotation(values),
        },
        spec: {
          selector: { app: name },
          ports: [{ name: 'http', port: 80, targetPort: 'http' }],
        },
      },
    ],
    'karmada/destinationrule.yaml': [
      {
        apiVersion: 'networking.istio.io/v1',
        kind: 'DestinationRule',
        metadata: {
          name,
          namespace: name,
          labels: { 'backstage.io/kubernetes-id': name },
          annotations: ownerAnnotation(values),
        },
        spec: {
          host: `${name}.${name}.svc.cluster.local`,
          trafficPolicy: {
            loadBalancer: { simple: 'ROUND_ROBIN', localityLbSetting },
            outlierDetection: {
              consecutive5xxErrors: 5,
              interval: '10s',
              baseEjectionTime: '30s',
              maxEjectionPercent: 100,
            },
          },
        },
      },
    ],
    'catalog-info.yaml': [
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name,
          ...(values.description ? { description: values.description } : {}),
          annotations: {
            'backstage.io/kubernetes-id': name,
            'backstage.io/kubernetes-namespace': name,
            'multicluster.io/karmada-instance': values.karmada,
          },
          tags: ['multi-region'],
        },
        spec: {
          type: 'service',
          lifecycle: 'experimental',
          owner: values.owner,
          ...(values.system ? { system: values.system } : {}),
        },
      },
    ],
  };
}

/** What new-regional-cluster must render, and nothing more. */
function clusterManifests(values: Values) {
  return {
    'cluster/catalog-info.yaml': [
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Resource',
        metadata: {
          name: values.name,
          description: `Kubernetes cluster ${values.name} in region ${values.region}`,
          annotations: {
            'multicluster.io/karmada-instance': values.karmada,
            'multicluster.io/region': values.region,
            'multicluster.io/cluster-provider': values.provider,
          },
          labels: { 'topology.kubernetes.io/region': values.region },
          tags: ['kubernetes', 'karmada'],
        },
        spec: { type: 'kubernetes-cluster', owner: values.owner },
      },
    ],
  };
}

/** The rendered files, each YAML file as it parses. */
function parsed(files: Record<string, string>) {
  return Object.fromEntries(
    Object.entries(files).map(([file, text]) => [
      file,
      file.endsWith('.yaml') ? documents(text) : text,
    ]),
  );
}

/** Exactly these files; each YAML file parses cleanly to exactly these documents. */
function expected(manifests: Record<string, unknown[]>, otherFiles: string[]) {
  return {
    ...Object.fromEntries(
      Object.entries(manifests).map(([file, docs]) => [
        file,
        { problems: [], yaml12: docs, yaml11: docs },
      ]),
    ),
    ...Object.fromEntries(otherFiles.map(file => [file, expect.any(String)])),
  };
}

const serviceExample = {
  name: 'shop-x1y2z',
  owner: 'group:default/platform-team',
  description: 'e2e shop-x1y2z',
  image: 'nginx:1.27',
  port: 80,
  replicas: 4,
  karmada: 'testbed',
  regions: ['na', 'sea'],
  strategy: 'weighted',
  weights: [3, 1],
  trafficPolicy: 'failover',
  sourceLocation: 'local',
};

const clusterExample = {
  name: 'sa',
  region: 'sa',
  zones: ['sa-1a', 'sa-1b'],
  owner: 'group:default/platform-team',
  provider: 'testbed',
  karmada: 'testbed',
  mode: 'Push',
};

/** The form's defaults, plus what the user must fill in. */
function defaults(template: Template, required: Values): Values {
  const values: Values = {};
  for (const field of fieldsOf(template)) {
    if (!field.branch && field.schema.default !== undefined) {
      values[field.name] = field.schema.default;
    }
  }
  return { ...values, ...required };
}

const TEMPLATE_CASES = [
  {
    name: 'new-multi-region-service',
    example: serviceExample,
    // For the optional fields the example leaves out.
    samples: {
      system: 'system:default/commerce',
      repoUrl: 'github.com?owner=acme&repo=cart',
    },
    // The region ids are rendered in both forms of the DestinationRule.
    variants: [{}, { trafficPolicy: 'distribute' }],
    manifests: serviceManifests,
    // Markdown for people, next to (not in) the karmada/ folder.
    otherFiles: ['README.md'],
    validExamples: (template: Template) => ({
      defaults: defaults(template, {
        name: 'cart',
        owner: 'group:default/shop',
        regions: ['eu'],
      }),
      'the e2e values': serviceExample,
      'every optional field': {
        ...serviceExample,
        owner: 'user:default/jane.doe',
        description: `The cart: "add", 'remove' & pay #1 {{ x }} <b>ü</b>`,
        system: 'system:default/commerce',
        image: `registry.example.com:5000/shop/cart_api:1.4.2-rc.1@sha256:${'0a'.repeat(
          32,
        )}`,
        port: 8080,
        replicas: 100,
        regions: ['na', 'eu', 'sea'],
        strategy: 'duplicated',
        trafficPolicy: 'distribute',
        sourceLocation: 'repository',
        repoUrl: 'github.com?owner=acme&repo=cart.api',
      },
      'a shorthand owner and no description': {
        ...serviceExample,
        owner: 'shop',
        description: '',
      },
    }),
  },
  {
    name: 'new-regional-cluster',
    example: clusterExample,
    samples: {},
    variants: [{}],
    manifests: clusterManifests,
    otherFiles: [],
    validExamples: (template: Template) => ({
      defaults: defaults(template, {
        name: 'sa2',
        region: 'sa',
        zones: ['sa-1a'],
        owner: 'group:default/platform-team',
      }),
      'the e2e values': clusterExample,
      'a user owner and three zones': {
        ...clusterExample,
        name: 'eu-2',
        region: 'eu',
        zones: ['eu-2a', 'eu-2b', 'eu-2c'],
        owner: 'user:jane',
        mode: 'Pull',
      },
    }),
  },
];

describe.each(TEMPLATE_CASES)(
  '$name',
  ({
    name,
    example,
    samples,
    variants,
    manifests,
    otherFiles,
    validExamples,
  }) => {
    const template = loadTemplate(name);
    const fields = fieldsOf(template);
    const examples = Object.entries(validExamples(template));

    it('validates and renders valid values', async () => {
      for (const [what, values] of examples) {
        expect({
          what,
          errors: validationErrors(template, values),
          files: parsed(await render(template, values)),
        }).toEqual({
          what,
          errors: [],
          files: expected(manifests(values), otherFiles),
        });
      }
    });

    describe.each(fields.map(field => [field.name, field] as const))(
      'the %s field',
      (_, field) => {
        const base = baseFor(field, example, samples);

        it('refuses every hostile value, naming the field', () => {
          // The scaffolder reports a field of a dependencies branch as the
          // field that selects the branch.
          const named = field.branch ? field.branch.key : field.name;
          const refused = expect.arrayContaining([
            expect.stringMatching(new RegExp(`^instance\\.${named}\\b`)),
          ]);
          // Valid as it is: what is refused below is the hostile value.
          expect(validationErrors(template, base)).toEqual([]);
          for (const payload of PAYLOADS) {
            const values = withValue(base, field, payload.value);
            expect({
              payload: payload.what,
              messages: validationErrors(template, values).map(e => e.stack),
            }).toEqual({
              payload: payload.what,
              // Free text takes any punctuation on one line: escaping keeps
              // it a value (the renders below show it).
              messages:
                FREE_TEXT.includes(field.name) && payload.oneLine
                  ? []
                  : refused,
            });
          }
        });

        it('renders every hostile value as one literal value, when not validated', async () => {
          for (const payload of PAYLOADS) {
            for (const variant of variants) {
              const values = withValue(
                { ...base, ...variant },
                field,
                payload.value,
              );
              expect({
                payload: payload.what,
                files: parsed(await render(template, values)),
              }).toEqual({
                payload: payload.what,
                files: expected(manifests(values), otherFiles),
              });
            }
          }
        });
      },
    );
  },
);

describe('new-multi-region-service DestinationRule', () => {
  const template = loadTemplate('new-multi-region-service');
  // Wrapped: it.each spreads an array case into arguments.
  const REGIONS = [[['na']], [['na', 'eu']], [['na', 'eu', 'sea']]];

  async function localityLbSetting(trafficPolicy: string, regions: string[]) {
    const values = { ...serviceExample, trafficPolicy, regions };
    expect(validationErrors(template, values)).toEqual([]);
    const files = await render(template, values);
    const { problems, yaml12 } = documents(
      files['karmada/destinationrule.yaml'],
    );
    expect(problems).toEqual([]);
    expect(yaml12).toHaveLength(1);
    const [rule] = yaml12 as any[];
    expect(rule.spec.trafficPolicy.outlierDetection.maxEjectionPercent).toBe(
      100,
    );
    return rule.spec.trafficPolicy.loadBalancer.localityLbSetting;
  }

  it.each(REGIONS)('fails over in order over %j', async (regions: string[]) => {
    // Each region fails over to the next one, the last to the first; one
    // region has nowhere to go.
    const failover = regions.map((from, i) => ({
      from,
      to: regions[(i + 1) % regions.length],
    }));
    expect(await localityLbSetting('failover', regions)).toEqual({
      enabled: true,
      ...(regions.length > 1 ? { failover } : {}),
    });
  });

  it.each(REGIONS)('distributes over %j', async (regions: string[]) => {
    const setting = await localityLbSetting('distribute', regions);
    const sum = (weights: unknown[]) =>
      (weights as number[]).reduce((a, b) => a + b, 0);
    expect(Object.keys(setting)).toEqual(['enabled', 'distribute']);
    expect(
      setting.distribute.map((d: { from: string; to: object }) => ({
        from: d.from,
        to: Object.keys(d.to),
        whole: Object.values(d.to).every(Number.isInteger),
        sum: sum(Object.values(d.to)),
      })),
    ).toEqual(
      regions.map(from => ({
        from: `${from}/*`,
        to: regions.map(to => `${to}/*`),
        whole: true,
        sum: 100,
      })),
    );
  });
});

describe.each(TEMPLATE_CASES)('$name steps and output', ({ name }) => {
  const template = loadTemplate(name);
  const fields = new Map(fieldsOf(template).map(f => [f.name, f]));
  const EXPRESSION = /\$\{\{([\s\S]*?)\}\}/g;
  const PARAMETER = /parameters\.(\w+)|parameters\[['"](\w+)['"]\]/g;
  const SPECIAL = '/?&#% \n"\'<>[]()*`:\\{}|'.split('');

  /** Every string in the steps' inputs and the output, with where it is. */
  function* strings(value: unknown, at: string): Generator<[string, string]> {
    if (typeof value === 'string') yield [at, value];
    else if (value && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        yield* strings(child, `${at}.${key}`);
      }
    }
  }

  it('only interpolates parameters into text that cannot hold URL, YAML or Markdown syntax', () => {
    const interpolated: Array<{ at: string; parameter: string }> = [];
    for (const [at, text] of strings(
      { steps: template.steps, output: template.output },
      name,
    )) {
      const expressions = [...text.matchAll(EXPRESSION)];
      // A value that is one expression keeps its JSON type: nothing to break.
      if (expressions.length === 1 && expressions[0][0] === text) continue;
      for (const [, expression] of expressions) {
        for (const [, dotted, quoted] of expression.matchAll(PARAMETER)) {
          interpolated.push({ at, parameter: dotted ?? quoted });
        }
      }
    }
    // The test must see the text it guards.
    expect(interpolated.length).toBeGreaterThan(0);
    // What each interpolated parameter's schema lets through (all of it for
    // a parameter the form does not have).
    const accepts = (parameter: string) =>
      SPECIAL.filter(c => {
        const schema = fields.get(parameter)?.schema;
        return !schema || validate(`a${c}b`, schema).valid;
      });
    expect(
      interpolated.map(i => ({ ...i, accepts: accepts(i.parameter) })),
    ).toEqual(interpolated.map(i => ({ ...i, accepts: [] })));
  });
});
