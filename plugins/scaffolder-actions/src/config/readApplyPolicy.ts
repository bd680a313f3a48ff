import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  ApplyPolicyOptions,
  DEFAULT_ALLOWED_KINDS,
  DEFAULT_PROTECTED_NAMESPACE_KEYS,
  DEFAULT_PROTECTED_NAMESPACES,
} from '../security/ApplyPolicy';

/** Reads `multicluster.apply`: what `karmada:apply` may write. */
export function readApplyPolicy(config: Config): ApplyPolicyOptions {
  const apply = config.getOptionalConfig('multicluster.apply');
  const kinds = apply?.getOptionalConfigArray('allowedKinds');
  return {
    allowedKinds: kinds
      ? kinds.map((entry, i) => {
          const at = `multicluster.apply.allowedKinds[${i}]`;
          const kind = entry.getString('kind');
          if (!/^[A-Z][A-Za-z0-9]*$/.test(kind)) {
            throw new InputError(
              `${at}.kind: '${kind}' is not a Kubernetes kind`,
            );
          }
          return { group: entry.getOptionalString('group') ?? '', kind };
        })
      : DEFAULT_ALLOWED_KINDS,
    allowClusterScoped:
      apply?.getOptionalBoolean('allowClusterScoped') ?? false,
    protectedNamespaces:
      apply?.getOptionalStringArray('protectedNamespaces') ??
      DEFAULT_PROTECTED_NAMESPACES,
    protectedNamespaceKeys:
      apply?.getOptionalStringArray('protectedNamespaceKeys') ??
      DEFAULT_PROTECTED_NAMESPACE_KEYS,
  };
}
