import { InputError } from '@backstage/errors';
import {
  Document,
  isScalar,
  LineCounter,
  Node,
  parseAllDocuments,
  Scalar,
  visit,
} from 'yaml';
import { KubernetesObject } from '../../kube/objects';

/** The values a cluster template can use. */
export interface TemplateValues {
  name: string;
  region: string;
  zones: string[];
  namespace: string;
  parameters: Record<string, string>;
}

export interface RenderedTemplate {
  /** The template's documents, in order, empty documents left out. */
  objects: KubernetesObject[];
  /** The `parameters.*` keys the template read. */
  usedParameters: Set<string>;
}

const PLACEHOLDER = /\$\{\{(.*?)\}\}/g;
const WHOLE_PLACEHOLDER = /^\s*\$\{\{(.*?)\}\}\s*$/;
const EXPRESSION =
  /^\s*(name|region|zones|namespace|parameters\.([A-Za-z0-9_-]+))\s*(?:\|\s*([A-Za-z]+)\s*)?$/;
const KNOWN = 'name, region, zones, namespace, parameters.<key>';

/**
 * Renders a multi-document YAML template whose string values may hold
 * `${{ name }}`, `${{ region }}`, `${{ zones }}`, `${{ namespace }}` and
 * `${{ parameters.<key> }}`, optionally piped through a filter: `| int`
 * (an integer) or `| join` (zones as one comma-separated string).
 *
 * The template is parsed first and placeholders are replaced inside the
 * parsed values, so a value can never add keys or documents (no YAML
 * injection through user input). A value that is a single placeholder takes
 * the value's type (`${{ zones }}` is a list, `| int` a number); inside a
 * longer string, values are inserted as text (zones joined with `,`).
 * Placeholders in keys, unknown variables and parameters that were not given
 * are errors; `at` names the template in them.
 */
export function renderTemplate(
  text: string,
  values: TemplateValues,
  at: string,
): RenderedTemplate {
  const lineCounter = new LineCounter();
  const documents = parseTemplate(text, at, lineCounter);
  const usedParameters = new Set<string>();
  const lineOf = (node: Node) => lineCounter.linePos(node.range?.[0] ?? 0).line;

  const objects: KubernetesObject[] = [];
  for (const doc of documents) {
    visit(doc, {
      Scalar(key, node) {
        if (typeof node.value !== 'string' || !node.value.includes('${{')) {
          return undefined;
        }
        const where = `${at}: line ${lineOf(node)}`;
        if (key === 'key') {
          throw new InputError(
            `${where}: placeholders are not allowed in keys`,
          );
        }
        const evaluate = (expression: string) =>
          evaluateExpression(expression, values, where, usedParameters);
        const whole = WHOLE_PLACEHOLDER.exec(node.value);
        if (whole && !whole[1].includes('${{')) {
          const value = evaluate(whole[1]);
          return Array.isArray(value)
            ? doc.createNode(value)
            : new Scalar(value);
        }
        const replaced = node.value.replace(PLACEHOLDER, (_, expression) => {
          const value = evaluate(expression);
          return Array.isArray(value) ? value.join(',') : String(value);
        });
        if (replaced.includes('${{')) {
          throw new InputError(`${where}: unclosed '\${{' (expected '}}')`);
        }
        node.value = replaced;
        return undefined;
      },
    });
    const object = doc.toJS();
    if (object === null || object === undefined) continue;
    objects.push(
      checkObject(object, `${at}: document at line ${lineOf(doc.contents!)}`),
    );
  }
  if (!objects.length) {
    throw new InputError(`${at}: the template renders no objects`);
  }
  return { objects, usedParameters };
}

/**
 * The `apiVersion` and `kind` of every document, read without rendering
 * (they must be literal), so objects can be found without the values that
 * created them.
 */
export function templateKinds(
  text: string,
  at: string,
): Array<{ apiVersion: string; kind: string }> {
  const kinds = new Map<string, { apiVersion: string; kind: string }>();
  for (const doc of parseTemplate(text, at, new LineCounter())) {
    const apiVersion = doc.get('apiVersion');
    const kind = doc.get('kind');
    if (typeof apiVersion === 'string' && typeof kind === 'string') {
      kinds.set(`${apiVersion}/${kind}`, { apiVersion, kind });
    }
  }
  return [...kinds.values()];
}

function parseTemplate(
  text: string,
  at: string,
  lineCounter: LineCounter,
): Document.Parsed[] {
  const parsed = parseAllDocuments(text, { lineCounter });
  const documents = Array.isArray(parsed) ? parsed : [];
  for (const doc of documents) {
    const [error] = doc.errors;
    if (error) {
      const line = lineCounter.linePos(error.pos[0]).line;
      throw new InputError(
        `${at}: line ${line}: invalid YAML: ${error.message
          .split('\n')[0]
          .replace(/ at line \d+, column \d+:?$/, '')}`,
      );
    }
    // Delete needs the kinds without the values: keep them literal.
    for (const field of ['apiVersion', 'kind']) {
      const node = doc.get(field, true);
      if (isScalar(node) && String(node.value).includes('${{')) {
        throw new InputError(
          `${at}: line ${
            lineCounter.linePos(node.range![0]).line
          }: ${field} must be literal, without placeholders`,
        );
      }
    }
  }
  return documents;
}

function evaluateExpression(
  expression: string,
  values: TemplateValues,
  where: string,
  usedParameters: Set<string>,
): string | string[] | number {
  const match = EXPRESSION.exec(expression);
  if (!match) {
    throw new InputError(
      `${where}: unknown variable or filter in '\${{${expression}}}' (known: ${KNOWN}; filters: int, join)`,
    );
  }
  const [, variable, parameter, filter] = match;
  let value: string | string[];
  if (parameter !== undefined) {
    usedParameters.add(parameter);
    if (!Object.prototype.hasOwnProperty.call(values.parameters, parameter)) {
      throw new InputError(
        `${variable}: the cluster template needs it (${where}) but it was not given`,
      );
    }
    value = values.parameters[parameter];
  } else {
    value = values[variable as 'name' | 'region' | 'zones' | 'namespace'];
  }
  switch (filter) {
    case undefined:
      return value;
    case 'join':
      return Array.isArray(value) ? value.join(',') : value;
    case 'int':
      if (typeof value !== 'string' || !/^-?\d+$/.test(value.trim())) {
        throw new InputError(
          `${variable}: '${value}' is not an integer (the cluster template reads it with | int)`,
        );
      }
      return Number(value.trim());
    default:
      throw new InputError(
        `${where}: unknown filter '${filter}' (known: int, join)`,
      );
  }
}

function checkObject(object: unknown, where: string): KubernetesObject {
  const o = object as Partial<KubernetesObject>;
  if (
    typeof o !== 'object' ||
    Array.isArray(o) ||
    typeof o.apiVersion !== 'string' ||
    typeof o.kind !== 'string' ||
    typeof o.metadata?.name !== 'string' ||
    !o.metadata.name
  ) {
    throw new InputError(
      `${where}: each document must be an object with apiVersion, kind and metadata.name`,
    );
  }
  return o as KubernetesObject;
}
