import { ResourcePermission } from '@backstage/plugin-permission-common';
import { MulticlusterNamespaceResource } from '@multiregion/backstage-plugin-multicluster-node';
import { describeObject } from '../kube/objects';
import { ServerSideApplier } from '../kube/ServerSideApplier';
import { ActionSecurity } from './ActionSecurity';
import { ApplyTarget } from './ApplyPolicy';
import { Initiator } from './ActionGuard';
import {
  describeOwned,
  namespaceResource,
  ownerOf,
  readNamespace,
} from './ownership';

/**
 * Asks the permission policy about every namespace an apply writes into,
 * as it is and as it will be (a Namespace in the set may record a new
 * owner), and about every object there that records an owner of its own:
 * another team's service is not touched from a shared namespace.
 */
export async function requireNamespaceAccess(options: {
  security: ActionSecurity;
  initiator: Initiator;
  karmada: string;
  applier: ServerSideApplier;
  permission: ResourcePermission;
  targets: ApplyTarget[];
  defaultNamespace: string;
}): Promise<void> {
  const { karmada, applier, targets } = options;
  const checks: Array<{
    resource: MulticlusterNamespaceResource;
    target: string;
  }> = [];
  const add = (name: string, owner: string | undefined, what?: string) => {
    const resource = namespaceResource(karmada, name, owner);
    checks.push({
      resource,
      target: what ?? describeOwned('namespace', resource),
    });
  };

  const namespaces = [...new Set(targets.map(t => t.namespace))].filter(
    Boolean,
  );
  for (const name of namespaces) {
    const existing = await readNamespace(applier.connection, name);
    const declared = targets.find(
      t => t.manifest.object.kind === 'Namespace' && t.namespace === name,
    );
    if (existing) add(name, ownerOf(existing));
    const resulting = declared
      ? ownerOf(declared.manifest.object) ?? ownerOf(existing)
      : undefined;
    if (!existing || (declared && resulting !== ownerOf(existing))) {
      add(name, resulting);
    }
  }

  for (const { manifest, namespace } of targets) {
    const { object } = manifest;
    if (object.kind === 'Namespace') continue;
    const own = ownerOf(object);
    if (own) add(namespace, own, `${describeObject(object)} (owner ${own})`);
    const current = await applier
      .get(object, options.defaultNamespace)
      .catch(() => undefined); // kinds from CRDs of the same set: not yet served
    const recorded = ownerOf(current);
    if (recorded) {
      add(namespace, recorded, `${describeObject(object)} (owner ${recorded})`);
    }
  }

  await options.security.guard.requireOnEach(
    options.initiator,
    options.permission,
    checks,
    options.security.namespaceRules,
    { doing: 'apply into' },
  );
}
