import {
  KubernetesApiError,
  KubernetesConnection,
} from '@multiregion/backstage-plugin-multicluster-node';
import { ApiDiscovery, ResourceInfo } from './ApiDiscovery';
import { describeObject, KubernetesObject } from './objects';

/** The field manager every action applies with, so ownership is stable. */
export const FIELD_MANAGER = 'backstage-multicluster';

export type ApplyResult = 'created' | 'configured' | 'unchanged';

export interface AppliedObject {
  /** `Kind ns/name (apiVersion)`, safe to log. */
  ref: string;
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
  result: ApplyResult;
  /** The object as the server returned it (may contain secret data). */
  object: KubernetesObject;
}

/** A server-side apply conflict, naming the object and each field. */
export class ApplyConflictError extends Error {
  constructor(
    readonly ref: string,
    readonly fields: string[],
    serverMessage: string,
  ) {
    super(`${ref}: conflict on ${fields.join(', ')}: ${serverMessage}`);
    this.name = 'ApplyConflictError';
  }
}

/**
 * Server-side apply (`application/apply-patch+yaml`) with a fixed field
 * manager. A no-op apply leaves `resourceVersion` untouched, which is how
 * `unchanged` is told apart from `configured`.
 */
export class ServerSideApplier {
  readonly discovery: ApiDiscovery;

  constructor(
    readonly connection: KubernetesConnection,
    discovery?: ApiDiscovery,
  ) {
    this.discovery = discovery ?? new ApiDiscovery(connection);
  }

  /** The REST path of an object; throws when the kind is not served. */
  async pathOf(object: KubernetesObject, defaultNamespace?: string) {
    const info = await this.discovery.resolve(object.apiVersion, object.kind);
    if (!info) {
      throw new Error(
        `${describeObject(object)}: ${
          this.connection.name
        } does not serve kind ${object.kind} in ${object.apiVersion}`,
      );
    }
    const namespace = info.namespaced
      ? object.metadata.namespace ?? defaultNamespace ?? 'default'
      : undefined;
    return {
      info,
      namespace,
      path: objectPath(info, namespace, object.metadata.name),
    };
  }

  async get(
    object: KubernetesObject,
    defaultNamespace?: string,
  ): Promise<KubernetesObject | undefined> {
    const { path } = await this.pathOf(object, defaultNamespace);
    const response = await this.connection.request({ path });
    if (response.statusCode === 404) return undefined;
    if (response.statusCode >= 300) {
      throw new KubernetesApiError(path, response.statusCode, response.body);
    }
    return JSON.parse(response.body);
  }

  async apply(
    object: KubernetesObject,
    options: {
      dryRun?: boolean;
      force?: boolean;
      defaultNamespace?: string;
    } = {},
  ): Promise<AppliedObject> {
    const { path, namespace } = await this.pathOf(
      object,
      options.defaultNamespace,
    );
    const body = {
      ...object,
      metadata: { ...object.metadata, ...(namespace ? { namespace } : {}) },
    };
    const ref = describeObject(body);
    const before = await this.get(body);
    let after: KubernetesObject;
    try {
      after = await this.connection.requestJson<KubernetesObject>({
        method: 'PATCH',
        path,
        query: {
          fieldManager: FIELD_MANAGER,
          force: options.force ? 'true' : undefined,
          dryRun: options.dryRun ? 'All' : undefined,
        },
        contentType: 'application/apply-patch+yaml',
        body,
      });
    } catch (error) {
      if (error instanceof KubernetesApiError && error.statusCode === 409) {
        const fields = error.causes.map(c => c.field ?? c.message ?? '?');
        throw new ApplyConflictError(ref, fields, error.serverMessage ?? '');
      }
      if (error instanceof KubernetesApiError) {
        throw new Error(`${ref}: ${error.serverMessage ?? error.message}`);
      }
      throw error;
    }
    return {
      ref,
      apiVersion: body.apiVersion,
      kind: body.kind,
      namespace,
      name: body.metadata.name,
      result: classify(body, before, after, Boolean(options.dryRun)),
      object: after,
    };
  }

  /**
   * Deletes an object (foreground by default); `false` when it was already
   * gone.
   */
  async delete(
    object: KubernetesObject,
    options: { dryRun?: boolean; propagationPolicy?: string } = {},
  ): Promise<boolean> {
    const { path } = await this.pathOf(object);
    const response = await this.connection.request({
      method: 'DELETE',
      path,
      query: { dryRun: options.dryRun ? 'All' : undefined },
      body: {
        kind: 'DeleteOptions',
        apiVersion: 'v1',
        propagationPolicy: options.propagationPolicy ?? 'Background',
      },
    });
    if (response.statusCode === 404) return false;
    if (response.statusCode >= 300) {
      throw new KubernetesApiError(
        path,
        response.statusCode,
        response.body,
        'DELETE',
      );
    }
    return true;
  }
}

export function objectPath(
  info: ResourceInfo,
  namespace: string | undefined,
  name: string,
): string {
  const ns = namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${info.basePath}${ns}/${info.resource}/${encodeURIComponent(name)}`;
}

function classify(
  applied: KubernetesObject,
  before: KubernetesObject | undefined,
  after: KubernetesObject,
  dryRun: boolean,
): ApplyResult {
  if (!before) return 'created';
  // Every applied field already held its value: nothing this apply changed,
  // even when a controller wrote the object between the read and the apply.
  if (containedIn(applied, before)) return 'unchanged';
  if (!dryRun) {
    return before.metadata.resourceVersion === after.metadata.resourceVersion
      ? 'unchanged'
      : 'configured';
  }
  // A dry run keeps resourceVersion either way: compare the content.
  return comparable(before) === comparable(after) ? 'unchanged' : 'configured';
}

/** Whether every field set in `part` has the same value in `whole`. */
export function containedIn(part: unknown, whole: unknown): boolean {
  if (Array.isArray(part)) {
    return (
      Array.isArray(whole) &&
      part.length === whole.length &&
      part.every((item, i) => containedIn(item, whole[i]))
    );
  }
  if (part && typeof part === 'object') {
    if (!whole || typeof whole !== 'object') return false;
    return Object.entries(part).every(([key, value]) =>
      containedIn(value, (whole as Record<string, unknown>)[key]),
    );
  }
  return part === whole;
}

function comparable(object: KubernetesObject): string {
  const { managedFields, resourceVersion, generation, ...metadata } =
    object.metadata as Record<string, unknown>;
  return JSON.stringify({ ...object, metadata, status: undefined });
}
