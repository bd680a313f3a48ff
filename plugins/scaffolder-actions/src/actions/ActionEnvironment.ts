import { InputError } from '@backstage/errors';
import {
  KarmadaConnection,
  KarmadaInstanceConfig,
} from '@multiregion/backstage-plugin-multicluster-node';
import { dnsLabelProblem } from '../kube/objects';
import { ClusterProvider } from '../providers/ClusterProvider';
import { ActionSecurity } from '../security/ActionSecurity';

/** What the actions know from config: named targets, never credentials in inputs. */
export interface ActionEnvironment {
  instances: KarmadaInstanceConfig[];
  providers: ClusterProvider[];
  /** Region ids of `multicluster.regions`. */
  regions: string[];
  security: ActionSecurity;
}

/** A configured Karmada instance by name; errors name the `karmada` input. */
export function karmadaInstance(
  env: ActionEnvironment,
  name: string,
): KarmadaInstanceConfig {
  const instance = env.instances.find(i => i.name === name);
  if (!instance) {
    const known = env.instances.map(i => i.name).join(', ');
    throw new InputError(
      `karmada: unknown Karmada instance '${name}' (known: ${
        known || 'none configured'
      })`,
    );
  }
  return instance;
}

/** Opens a connection to a configured Karmada instance, by name. */
export function connectKarmada(
  env: ActionEnvironment,
  name: string,
): KarmadaConnection {
  return new KarmadaConnection(karmadaInstance(env, name));
}

export function requireRegion(env: ActionEnvironment, region: string) {
  if (!env.regions.includes(region)) {
    throw new InputError(
      `region: unknown region '${region}' (known: ${
        env.regions.join(', ') || 'none configured in multicluster.regions'
      })`,
    );
  }
}

export function requireDnsLabel(field: string, value: string) {
  const problem = dnsLabelProblem(value);
  if (problem) {
    throw new InputError(`${field}: ${problem}`);
  }
}
