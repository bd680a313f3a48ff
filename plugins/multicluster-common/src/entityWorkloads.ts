import { Entity } from '@backstage/catalog-model';
import {
  KUBERNETES_ID_ANNOTATION,
  KUBERNETES_LABEL_SELECTOR_ANNOTATION,
  KUBERNETES_NAMESPACE_ANNOTATION,
} from './annotations';

/**
 * How an entity's workloads are found in the clusters, derived from the same
 * annotations `@backstage/plugin-kubernetes` reads.
 *
 * @public
 */
export interface EntityWorkloadSelector {
  /** A Kubernetes label selector, e.g. `backstage.io/kubernetes-id=hello`. */
  labelSelector: string;
  /** Restricts the lookup to one namespace when the annotation is set. */
  namespace?: string;
}

/**
 * True when the entity carries one of the annotations that select workloads.
 *
 * @public
 */
export function isMulticlusterAvailable(entity: Entity): boolean {
  const annotations = entity.metadata.annotations ?? {};
  return Boolean(
    annotations[KUBERNETES_ID_ANNOTATION]?.trim() ||
      annotations[KUBERNETES_LABEL_SELECTOR_ANNOTATION]?.trim(),
  );
}

/**
 * The label selector for an entity's workloads. An explicit label selector
 * wins over the id, as in the Kubernetes plugin. Returns undefined when the
 * entity has neither annotation.
 *
 * @public
 */
export function getEntityWorkloadSelector(
  entity: Entity,
): EntityWorkloadSelector | undefined {
  const annotations = entity.metadata.annotations ?? {};
  const selector = annotations[KUBERNETES_LABEL_SELECTOR_ANNOTATION]?.trim();
  const id = annotations[KUBERNETES_ID_ANNOTATION]?.trim();
  const namespace = annotations[KUBERNETES_NAMESPACE_ANNOTATION]?.trim();

  let labelSelector: string;
  if (selector) {
    labelSelector = selector;
  } else if (id) {
    labelSelector = `${KUBERNETES_ID_ANNOTATION}=${id}`;
  } else {
    return undefined;
  }
  return namespace ? { labelSelector, namespace } : { labelSelector };
}

/** A label name, or the name part of a key: at most 63 characters. */
const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const DNS_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

const SET_TERM = /^(\S+?)\s+(in|notin)\s*\(([^()]*)\)$/;
const EQUALITY_TERM = /^([^\s!=]+)\s*(==|=|!=)\s*([^\s!=]*)$/;
const EXISTENCE_TERM = /^(!?)\s*([^\s!=()]+)$/;

/**
 * Why the entity's annotations cannot select its workloads, as a message
 * naming the annotation; undefined when they can, or when the entity has
 * none of them (see {@link getEntityWorkloadSelector}).
 *
 * The backend reads the selected workloads with its own, fleet-wide
 * identity, so a selector must narrow them down: it needs at least one term
 * that pins a label to one non-empty value, `key=value`, `key==value` or
 * `key in (value)`. Other terms (`key`, `!key`, `key!=value`,
 * `key in (a,b)`, `key notin (a,b)`) may narrow it further but, alone, they
 * match nearly every workload of every cluster. Keys, values and the
 * namespace must be valid Kubernetes names.
 *
 * @public
 */
export function validateEntityWorkloadSelector(
  entity: Entity,
): string | undefined {
  const annotations = entity.metadata.annotations ?? {};
  const namespace = annotations[KUBERNETES_NAMESPACE_ANNOTATION]?.trim();
  if (namespace && !DNS_LABEL.test(namespace)) {
    return `${KUBERNETES_NAMESPACE_ANNOTATION}: ${quote(
      namespace,
    )} is not a valid namespace name`;
  }
  const selector = annotations[KUBERNETES_LABEL_SELECTOR_ANNOTATION]?.trim();
  if (selector) {
    const problem = labelSelectorProblem(selector);
    return problem && `${KUBERNETES_LABEL_SELECTOR_ANNOTATION}: ${problem}`;
  }
  const id = annotations[KUBERNETES_ID_ANNOTATION]?.trim();
  if (id && !LABEL_NAME.test(id)) {
    // It becomes the value of `backstage.io/kubernetes-id=<id>`.
    return `${KUBERNETES_ID_ANNOTATION}: ${quote(
      id,
    )} is not a valid label value`;
  }
  return undefined;
}

function labelSelectorProblem(selector: string): string | undefined {
  const terms = splitSelectorTerms(selector);
  if (!terms) {
    return `${quote(selector)} has unbalanced or nested parentheses`;
  }
  let pinned = false;
  for (const term of terms) {
    const set = SET_TERM.exec(term);
    const equality = set ? null : EQUALITY_TERM.exec(term);
    const existence = set || equality ? null : EXISTENCE_TERM.exec(term);
    let key: string;
    let values: string[];
    if (set) {
      key = set[1];
      values = set[3].split(',').map(v => v.trim());
      if (values.some(v => !v)) {
        return `${quote(term)} has an empty value in its set`;
      }
      pinned ||= set[2] === 'in' && values.length === 1;
    } else if (equality) {
      key = equality[1];
      values = [equality[3]];
      pinned ||= equality[2] !== '!=' && equality[3] !== '';
    } else if (existence) {
      key = existence[2];
      values = [];
    } else {
      return `${quote(term)} is not a label selector term`;
    }
    if (!isLabelKey(key)) {
      return `${quote(key)} is not a valid label key`;
    }
    const invalid = values.find(v => v !== '' && !LABEL_NAME.test(v));
    if (invalid !== undefined) {
      return `${quote(invalid)} is not a valid label value`;
    }
  }
  if (!pinned) {
    return `${quote(
      selector,
    )} needs at least one term key=value, key==value or key in (value): without one it matches nearly every workload of every cluster`;
  }
  return undefined;
}

/**
 * The terms of a label selector's string form, split at commas outside
 * `(...)`; undefined for unbalanced or nested parentheses.
 *
 * @public
 */
export function splitSelectorTerms(selector: string): string[] | undefined {
  const terms: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of selector) {
    if (char === '(') depth++;
    if (char === ')') depth--;
    if (depth < 0 || depth > 1) return undefined;
    if (char === ',' && depth === 0) {
      terms.push(current.trim());
      current = '';
    } else {
      current += char;
    }
  }
  if (depth !== 0) return undefined;
  terms.push(current.trim());
  return terms.filter(Boolean);
}

/** `prefix/name` with an optional DNS subdomain prefix, as Kubernetes allows. */
function isLabelKey(key: string): boolean {
  const slash = key.indexOf('/');
  if (slash < 0) return LABEL_NAME.test(key);
  const prefix = key.slice(0, slash);
  return (
    prefix.length <= 253 &&
    DNS_SUBDOMAIN.test(prefix) &&
    LABEL_NAME.test(key.slice(slash + 1))
  );
}

/** Quotes a piece of an annotation for a message, cut short if long. */
function quote(value: string): string {
  const max = 80;
  return `'${value.length > max ? `${value.slice(0, max)}…` : value}'`;
}
