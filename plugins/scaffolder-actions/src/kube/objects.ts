/** The identifying part of a Kubernetes object. */
export interface KubernetesObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

/** How an object is named in logs, outputs and errors: no content, ever. */
export function describeObject(object: {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string };
}): string {
  const ns = object.metadata?.namespace ? `${object.metadata.namespace}/` : '';
  return `${object.kind ?? '?'} ${ns}${object.metadata?.name ?? '?'} (${
    object.apiVersion ?? '?'
  })`;
}

/** RFC 1123 label: what Kubernetes requires of namespace and cluster names. */
export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** RFC 1123 subdomain: what most object names must be. */
export const DNS1123_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Checks a DNS-1123 label; returns why not, or undefined when it is one. */
export function dnsLabelProblem(value: string): string | undefined {
  if (!value) return 'must not be empty';
  if (value.length > 63) return `'${value}' is longer than 63 characters`;
  if (!DNS1123_LABEL.test(value)) {
    return `'${value}' is not a DNS-1123 label (lower case letters, digits and '-', starting and ending with a letter or digit)`;
  }
  return undefined;
}

/** A reference to an object by kind and name, e.g. for deletion. */
export function objectRef(
  apiVersion: string,
  kind: string,
  name: string,
  namespace?: string,
): KubernetesObject {
  return {
    apiVersion,
    kind,
    metadata: { name, ...(namespace ? { namespace } : {}) },
  };
}
