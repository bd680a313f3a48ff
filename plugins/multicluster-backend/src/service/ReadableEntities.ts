import {
  BackstageCredentials,
  BackstageUserPrincipal,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { multiclusterEntityReadPermission } from '@multiregion/backstage-plugin-multicluster-common';

export interface ReadableEntitiesOptions {
  catalog: CatalogService;
  permissions: PermissionsService;
  /** How long a granted lookup is reused for the same user; 0 never reuses. */
  ttlMs: number;
  /** Most lookups remembered at once; the oldest go first. */
  maxEntries: number;
  /** A monotonic clock in ms, so that setting the wall clock back never extends a TTL. */
  now?: () => number;
}

interface Entry {
  expiresAt: number;
  entity: Promise<Entity>;
}

/**
 * The catalog entity behind an entity route, as its caller may see it: not
 * visible is not found, and reading where it runs needs
 * `multicluster.entity.read`.
 *
 * Each lookup is two round trips through Backstage's HTTP stack (catalog,
 * then permission), which cost more than answering placement from the watch
 * caches; the Regions tab asks for placement, pods and mesh of one entity at
 * once. So a granted lookup is reused for the same user and entity for
 * `ttlMs`, and concurrent identical lookups share one call. A revoked
 * permission or a changed annotation therefore takes effect up to `ttlMs`
 * later. Failures are never reused.
 *
 * Only user callers are cached: a service's decision depends on its token's
 * access restrictions, which callers with the same subject need not share,
 * and is made in-process anyway.
 */
export class ReadableEntities {
  private readonly entries = new Map<string, Entry>();
  private readonly now: () => number;

  constructor(private readonly options: ReadableEntitiesOptions) {
    this.now = options.now ?? (() => performance.now());
  }

  async get(
    ref: CompoundEntityRef,
    credentials: BackstageCredentials,
  ): Promise<Entity> {
    const user = userOf(credentials);
    if (this.options.ttlMs <= 0 || !user) {
      return this.lookup(ref, credentials);
    }
    // JSON, not a separator: neither part can then forge the other's key.
    const key = JSON.stringify([
      user.userEntityRef,
      user.actor?.subject ?? null,
      stringifyEntityRef(ref),
    ]);
    const now = this.now();
    const cached = this.entries.get(key);
    if (cached && cached.expiresAt > now) {
      return cached.entity;
    }

    const entity = this.lookup(ref, credentials);
    // Re-inserting keeps the map in expiry order for evict().
    this.entries.delete(key);
    this.entries.set(key, { expiresAt: now + this.options.ttlMs, entity });
    entity.catch(() => {
      if (this.entries.get(key)?.entity === entity) {
        this.entries.delete(key);
      }
    });
    this.evict(now);
    return entity;
  }

  private async lookup(
    ref: CompoundEntityRef,
    credentials: BackstageCredentials,
  ): Promise<Entity> {
    const entity = await this.options.catalog.getEntityByRef(ref, {
      credentials,
    });
    if (!entity) {
      throw new NotFoundError(
        `no entity ${ref.kind}:${ref.namespace}/${ref.name}`,
      );
    }
    const entityRef = stringifyEntityRef(entity);
    const [decision] = await this.options.permissions.authorize(
      [
        {
          permission: multiclusterEntityReadPermission,
          resourceRef: entityRef,
        },
      ],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`not allowed to read where ${entityRef} runs`);
    }
    return entity;
  }

  private evict(now: number): void {
    for (const [key, entry] of this.entries) {
      const full = this.entries.size > this.options.maxEntries;
      if (!full && entry.expiresAt > now) {
        return;
      }
      this.entries.delete(key);
    }
  }
}

/** The user behind the request, directly or through a service acting for them. */
function userOf(
  credentials: BackstageCredentials,
): BackstageUserPrincipal | undefined {
  const principal = credentials.principal as { type?: string };
  return principal.type === 'user'
    ? (principal as BackstageUserPrincipal)
    : undefined;
}
