import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  describeRequestFailure,
  KubernetesApiError,
  KubernetesConnection,
  KubernetesEndpoint,
  readKubernetesEndpoint,
} from '@multiregion/backstage-plugin-multicluster-node';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve as resolvePath } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ChangeSet, failAfterRollback } from '../../kube/ChangeSet';
import {
  describeObject,
  dnsLabelProblem,
  KubernetesObject,
} from '../../kube/objects';
import { ServerSideApplier } from '../../kube/ServerSideApplier';
import { managedLabels } from '../../registration/names';
import {
  ClusterCreateRequest,
  ClusterProvider,
  ProvisionedCluster,
} from '../ClusterProvider';
import {
  kubeconfigSecretName,
  readKubeconfigSecret,
} from './readKubeconfigSecret';
import { renderTemplate, templateKinds } from './renderTemplate';
import { OWNER_ANNOTATION } from '@multiregion/backstage-plugin-multicluster-common';

const CLUSTER_API_GROUP = 'cluster.x-k8s.io';
/** Set on every applied object with the cluster label, so delete finds them. */
const PROVIDER_LABEL = 'multicluster.io/cluster-provider';
const DEFAULT_KUBECONFIG_TIMEOUT_SECONDS = 1800;
const DEFAULT_DELETE_TIMEOUT_SECONDS = 600;
const POLL_MS = { first: 1000, max: 5000 };

export interface ClusterApiProviderOptions {
  /** `clusterProviders[].name`. */
  name: string;
  /** Config path of the provider's settings, for error messages. */
  at: string;
  management: KubernetesEndpoint;
  namespace: string;
  templateFile: string;
  /** Longest wait for the kubeconfig Secret; a task's timeout can shorten it. */
  kubeconfigTimeoutMs: number;
  /** How long delete waits for Cluster API to finish deleting. */
  deleteTimeoutMs: number;
}

/**
 * Creates workload clusters through Cluster API: renders a template of a
 * `Cluster` and the infrastructure and control-plane objects it references,
 * applies them to a management cluster and waits for Cluster API to write
 * the admin kubeconfig (Secret `<name>-kubeconfig`, key `value`).
 */
export class ClusterApiProvider implements ClusterProvider {
  readonly type = 'clusterapi' as const;
  readonly name: string;
  private readonly connection: KubernetesConnection;
  private readonly applier: ServerSideApplier;

  constructor(private readonly options: ClusterApiProviderOptions) {
    this.name = options.name;
    this.connection = new KubernetesConnection(options.management);
    this.applier = new ServerSideApplier(this.connection);
  }

  async validate(request: ClusterCreateRequest): Promise<void> {
    const { objects } = await this.prepare(request);
    const field = `${this.options.at}.templateFile`;
    for (const object of objects) {
      try {
        await this.applier.apply(object, { dryRun: true });
      } catch (error) {
        const reason = (error as Error).message;
        throw new InputError(
          `${field}: the management cluster rejects the rendered objects in a server-side dry run: ${reason}`,
        );
      }
    }
  }

  async create(request: ClusterCreateRequest): Promise<ProvisionedCluster> {
    const { objects, cluster } = await this.prepare(request);
    const { namespace } = this.options;
    const changes = new ChangeSet(request.logger, false);
    try {
      for (const object of objects) {
        await changes.apply(this.applier, object);
      }
    } catch (error) {
      // A partly applied cluster is of no use: remove what this run created.
      await failAfterRollback(changes, error);
    }

    const secret = `${namespace}/${kubeconfigSecretName(request.name)}`;
    const timeoutMs = Math.min(
      request.timeoutMs,
      this.options.kubeconfigTimeoutMs,
    );
    request.logger.info(
      `waiting up to ${Math.round(
        timeoutMs / 1000,
      )} s for Cluster API to write Secret ${secret}`,
    );
    const { endpoint, polls } = await this.waitForKubeconfig(
      request.name,
      timeoutMs,
      request.signal,
    ).catch(error => {
      // Not rolled back here: the cluster may still be coming up and a
      // retry picks it up; delete() (the task's rollback) removes it.
      const applied = changes.records.map(r => r.ref).join(', ');
      throw new Error(
        `${
          (error as Error).message
        }; applied and left in place by create: ${applied}`,
      );
    });
    request.logger.info(
      `Secret ${secret} is there; the API server of ${request.name} is ${endpoint.url}`,
    );

    return {
      name: request.name,
      region: request.region,
      zones: request.zones,
      apiEndpoint: endpoint.url,
      credentialsRef: `${this.name}:${namespace}/${request.name}`,
      result:
        changes.overall() === 'unchanged' && polls === 1
          ? 'unchanged'
          : 'created',
      details: {
        managementCluster: this.connection.url,
        namespace,
        cluster: describeObject(cluster),
        objects: changes.records.map(r => `${r.ref} ${r.result}`).join(', '),
        kubeconfigSecret: secret,
      },
    };
  }

  /** Recorded as an annotation on the Cluster API `Cluster` object. */
  async recordedOwner(name: string): Promise<string | undefined> {
    const kinds = templateKinds(
      await this.readTemplate(),
      `${this.options.at}.templateFile`,
    );
    const clusterKind = kinds.find(
      k =>
        k.kind === 'Cluster' &&
        k.apiVersion.split('/')[0] === CLUSTER_API_GROUP,
    );
    if (!clusterKind) return undefined;
    const cluster = await this.applier.get({
      ...clusterKind,
      metadata: { name, namespace: this.options.namespace },
    });
    return cluster?.metadata.annotations?.[OWNER_ANNOTATION] || undefined;
  }

  credentialsRefFor(cluster: string): string {
    return `${this.name}:${this.options.namespace}/${cluster}`;
  }

  /** A cluster exists once its kubeconfig Secret does. */
  async exists(name: string): Promise<boolean> {
    const response = await this.connection.request({
      path: `/api/v1/namespaces/${
        this.options.namespace
      }/secrets/${kubeconfigSecretName(name)}`,
      signal: AbortSignal.timeout(15_000),
    });
    return response.statusCode === 200;
  }

  async delete(name: string, logger: LoggerService): Promise<string[]> {
    const { namespace, at } = this.options;
    let kinds: Array<{ apiVersion: string; kind: string }>;
    try {
      kinds = templateKinds(await this.readTemplate(), `${at}.templateFile`);
    } catch (error) {
      return [
        `the objects of cluster ${name} in ${namespace}: cannot tell their kinds: ${
          (error as Error).message
        }`,
      ];
    }

    this.applier.discovery.reset();
    const remaining: string[] = [];
    const found: KubernetesObject[] = [];
    for (const kind of kinds) {
      try {
        found.push(...(await this.listObjectsOf(name, kind)));
      } catch (error) {
        remaining.push(
          `${
            kind.kind
          } objects of cluster ${name} in ${namespace}: cannot list them: ${
            (error as Error).message
          }`,
        );
      }
    }

    // The Cluster first: Cluster API then tears down what it owns in order.
    const pending: KubernetesObject[] = [];
    for (const object of sortClusterFirst(found)) {
      const ref = describeObject(object);
      try {
        await this.applier.delete(object);
        logger.info(`${this.connection.name}: ${ref} deleted`);
        pending.push(object);
      } catch (error) {
        remaining.push(`${ref}: ${(error as Error).message}`);
      }
    }

    for (const object of await this.waitUntilGone(pending)) {
      const finalizers = (object.metadata.finalizers as string[]) ?? [];
      remaining.push(
        `${describeObject(object)}: still being deleted after ${Math.round(
          this.options.deleteTimeoutMs / 1000,
        )} s${
          finalizers.length ? ` (finalizers: ${finalizers.join(', ')})` : ''
        }`,
      );
    }
    return remaining;
  }

  async resolveCredentials(
    credentialsRef: string,
  ): Promise<KubernetesEndpoint> {
    const { namespace } = this.options;
    const prefix = `${this.name}:`;
    const [refNamespace, name, ...extra] = credentialsRef
      .slice(prefix.length)
      .split('/');
    if (
      !credentialsRef.startsWith(prefix) ||
      extra.length ||
      !name ||
      dnsLabelProblem(name)
    ) {
      throw new InputError(
        `credentialsRef: '${credentialsRef}' is not of the form '${prefix}<namespace>/<cluster>'`,
      );
    }
    // Only Secrets of the configured namespace: a reference must not reach
    // other kubeconfigs the management credentials can read.
    if (refNamespace !== namespace) {
      throw new InputError(
        `credentialsRef: '${credentialsRef}' is outside namespace '${namespace}' of cluster provider '${this.name}'`,
      );
    }
    const endpoint = await readKubeconfigSecret(
      this.connection,
      namespace,
      name,
      'credentialsRef',
    );
    if (!endpoint) {
      throw new InputError(
        `credentialsRef: Secret ${namespace}/${kubeconfigSecretName(
          name,
        )} does not exist in the management cluster ${this.connection.url}`,
      );
    }
    return endpoint;
  }

  /**
   * Renders the template and checks everything that needs no write: the
   * namespace exists, there is exactly one Cluster named as asked, its
   * references are rendered too, and every kind is served and namespaced.
   */
  private async prepare(
    request: ClusterCreateRequest,
  ): Promise<{ objects: KubernetesObject[]; cluster: KubernetesObject }> {
    const { at, namespace } = this.options;
    const templateAt = `${at}.templateFile`;
    const rendered = renderTemplate(
      await this.readTemplate(),
      {
        name: request.name,
        region: request.region,
        zones: request.zones,
        namespace,
        parameters: request.parameters,
      },
      templateAt,
    );
    for (const key of Object.keys(request.parameters)) {
      if (!rendered.usedParameters.has(key)) {
        request.logger.warn(
          `parameters.${key}: not used by the cluster template of provider ${this.name}`,
        );
      }
    }

    const seen = new Set<string>();
    const objects = rendered.objects.map(object => {
      if (
        object.metadata.namespace &&
        object.metadata.namespace !== namespace
      ) {
        throw new InputError(
          `${templateAt}: ${describeObject(
            object,
          )} must be in namespace '${namespace}' (${at}.namespace); leave metadata.namespace out`,
        );
      }
      const placed: KubernetesObject = {
        ...object,
        metadata: {
          ...object.metadata,
          namespace,
          labels: {
            ...object.metadata.labels,
            ...managedLabels(request.name),
            [PROVIDER_LABEL]: this.name,
          },
        },
      };
      const ref = describeObject(placed);
      if (seen.has(ref)) {
        throw new InputError(`${templateAt}: ${ref} is rendered twice`);
      }
      seen.add(ref);
      return placed;
    });

    const clusters = objects.filter(isCluster);
    if (clusters.length !== 1) {
      throw new InputError(
        `${templateAt}: the template must render exactly one Cluster (${CLUSTER_API_GROUP}), found ${clusters.length}`,
      );
    }
    const [cluster] = clusters;
    if (cluster.metadata.name !== request.name) {
      throw new InputError(
        `${templateAt}: the Cluster is named '${cluster.metadata.name}' instead of '${request.name}'; name it \${{ name }}`,
      );
    }
    checkReferences(cluster, objects, templateAt);
    cluster.metadata.annotations = {
      ...cluster.metadata.annotations,
      [OWNER_ANNOTATION]: request.owner,
    };

    await this.checkNamespace();
    this.applier.discovery.reset(); // CRDs may have been installed since
    for (const object of objects) {
      const info = await this.applier.discovery
        .resolve(object.apiVersion, object.kind)
        .catch(error => {
          throw this.managementError(error);
        });
      if (!info) {
        throw new InputError(
          `${templateAt}: the management cluster does not serve kind ${object.kind} in ${object.apiVersion} (is that Cluster API provider installed?)`,
        );
      }
      if (!info.namespaced) {
        throw new InputError(
          `${templateAt}: ${object.kind} (${object.apiVersion}) is cluster-scoped; the template may only render objects in ${at}.namespace`,
        );
      }
    }
    // Referenced objects first, so the Cluster never points at nothing.
    return {
      objects: [...objects.filter(o => o !== cluster), cluster],
      cluster,
    };
  }

  private async checkNamespace(): Promise<void> {
    const { at, namespace } = this.options;
    const response = await this.connection
      .request({
        path: `/api/v1/namespaces/${encodeURIComponent(namespace)}`,
        signal: AbortSignal.timeout(15_000),
      })
      .catch(error => {
        throw this.managementError(error);
      });
    if (response.statusCode === 401) {
      throw new InputError(
        `${at}.management: the management cluster ${this.connection.url} refused the credentials (HTTP 401)`,
      );
    }
    // Other answers (e.g. 403 for namespace-scoped credentials) leave the
    // check to the dry run.
    if (response.statusCode === 404) {
      throw new InputError(
        `${at}.namespace: namespace '${namespace}' does not exist in the management cluster ${this.connection.url}`,
      );
    }
  }

  private managementError(error: unknown): Error {
    if (error instanceof KubernetesApiError || error instanceof InputError) {
      return error;
    }
    return new InputError(
      `${this.options.at}.management: cannot reach the management cluster ${
        this.connection.url
      }: ${describeRequestFailure(error)}`,
    );
  }

  private async readTemplate(): Promise<string> {
    const { at, templateFile } = this.options;
    try {
      return await readFile(templateFile, 'utf8');
    } catch (error) {
      throw new InputError(
        `${at}.templateFile: cannot read '${templateFile}': ${
          (error as Error).message
        }`,
      );
    }
  }

  /** Polls for the kubeconfig Secret; `polls` is 1 when it was already there. */
  private async waitForKubeconfig(
    name: string,
    timeoutMs: number,
    signal?: AbortSignal,
  ): Promise<{ endpoint: KubernetesEndpoint; polls: number }> {
    const { namespace } = this.options;
    const secret = `${namespace}/${kubeconfigSecretName(name)}`;
    const deadline = Date.now() + timeoutMs;
    let interval = POLL_MS.first;
    for (let polls = 1; ; polls++) {
      if (signal?.aborted) {
        throw new Error(`aborted while waiting for Secret ${secret}`);
      }
      const endpoint = await readKubeconfigSecret(
        this.connection,
        namespace,
        name,
        `Cluster ${namespace}/${name}`,
      );
      if (endpoint) return { endpoint, polls };
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(
          `timed out after ${Math.round(
            timeoutMs / 1000,
          )} s waiting for Cluster API to write Secret ${secret}`,
        );
      }
      await sleep(Math.min(interval, left), undefined, { signal }).catch(
        () => undefined,
      );
      interval = Math.min(interval * 2, POLL_MS.max);
    }
  }

  /** Waits up to deleteTimeoutMs; returns the objects still there. */
  private async waitUntilGone(
    objects: KubernetesObject[],
  ): Promise<KubernetesObject[]> {
    const deadline = Date.now() + this.options.deleteTimeoutMs;
    let pending = objects;
    let interval = POLL_MS.first;
    while (pending.length) {
      const left: KubernetesObject[] = [];
      for (const object of pending) {
        const current = await this.applier.get(object).catch(() => object);
        if (current) left.push(current);
      }
      pending = left;
      if (!pending.length || Date.now() >= deadline) break;
      await sleep(interval);
      interval = Math.min(interval * 2, POLL_MS.max);
    }
    return pending;
  }

  private async listObjectsOf(
    cluster: string,
    kind: { apiVersion: string; kind: string },
  ): Promise<KubernetesObject[]> {
    const info = await this.applier.discovery.resolve(
      kind.apiVersion,
      kind.kind,
    );
    if (!info?.namespaced) return [];
    const selector = `multicluster.io/cluster=${cluster},${PROVIDER_LABEL}=${this.name}`;
    const list = await this.connection.requestJson<{
      items: KubernetesObject[];
    }>({
      path: `${info.basePath}/namespaces/${encodeURIComponent(
        this.options.namespace,
      )}/${info.resource}`,
      query: { labelSelector: selector },
      signal: AbortSignal.timeout(15_000),
    });
    // List items of built-in kinds come without apiVersion and kind.
    return list.items.map(item => ({ ...item, ...kind }));
  }
}

function isCluster(object: KubernetesObject): boolean {
  return (
    object.kind === 'Cluster' &&
    object.apiVersion.split('/')[0] === CLUSTER_API_GROUP
  );
}

function sortClusterFirst(objects: KubernetesObject[]): KubernetesObject[] {
  return [...objects.filter(isCluster), ...objects.filter(o => !isCluster(o))];
}

/**
 * Checks that `spec.infrastructureRef` and `spec.controlPlaneRef` name
 * rendered objects (v1beta2 `apiGroup` or v1beta1 `apiVersion` refs), so
 * the cluster is complete and delete removes all of it.
 */
function checkReferences(
  cluster: KubernetesObject,
  objects: KubernetesObject[],
  at: string,
) {
  const spec = (cluster.spec ?? {}) as Record<
    string,
    { apiGroup?: string; apiVersion?: string; kind?: string; name?: string }
  >;
  for (const field of ['infrastructureRef', 'controlPlaneRef']) {
    const ref = spec[field];
    if (!ref) continue; // e.g. a ClusterClass-based Cluster (spec.topology)
    const group = ref.apiGroup ?? ref.apiVersion?.split('/')[0];
    const target = objects.find(
      o =>
        o.kind === ref.kind &&
        o.metadata.name === ref.name &&
        o.apiVersion.split('/')[0] === group,
    );
    if (!target) {
      throw new InputError(
        `${at}: the Cluster's spec.${field} names ${ref.kind} '${ref.name}' (${group}), which the template does not render`,
      );
    }
  }
}

/** Reads `clusterProviders[].clusterapi`. */
export function createClusterApiProvider(
  name: string,
  config: Config,
  at: string,
): ClusterProvider {
  const management = readKubernetesEndpoint(
    config.getConfig('management'),
    `${at}.management`,
    `${name}-management`,
  );
  const namespace = config.getString('namespace');
  const problem = dnsLabelProblem(namespace);
  if (problem) {
    throw new InputError(`${at}.namespace: ${problem}`);
  }
  const templateFile = resolvePath(config.getString('templateFile'));
  if (!existsSync(templateFile)) {
    throw new InputError(
      `${at}.templateFile: '${templateFile}' does not exist`,
    );
  }
  return new ClusterApiProvider({
    name,
    at,
    management,
    namespace,
    templateFile,
    kubeconfigTimeoutMs:
      readSeconds(
        config,
        'kubeconfigTimeoutSeconds',
        DEFAULT_KUBECONFIG_TIMEOUT_SECONDS,
        at,
      ) * 1000,
    deleteTimeoutMs:
      readSeconds(
        config,
        'deleteTimeoutSeconds',
        DEFAULT_DELETE_TIMEOUT_SECONDS,
        at,
      ) * 1000,
  });
}

function readSeconds(
  config: Config,
  key: string,
  fallback: number,
  at: string,
): number {
  const value = config.getOptionalNumber(key) ?? fallback;
  if (!(value > 0)) {
    throw new InputError(`${at}.${key}: must be a positive number of seconds`);
  }
  return value;
}
