import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { ClusterProvider } from '../providers/ClusterProvider';
import { createClusterApiProvider } from '../providers/clusterapi/ClusterApiProvider';
import { createTerraformProvider } from '../providers/terraform/TerraformProvider';
import { createTestbedProvider } from '../providers/testbed/TestbedProvider';
import { dnsLabelProblem } from '../kube/objects';

const FACTORIES: Record<
  ClusterProvider['type'],
  (name: string, config: Config, at: string) => ClusterProvider
> = {
  testbed: createTestbedProvider,
  clusterapi: createClusterApiProvider,
  terraform: createTerraformProvider,
};

/**
 * Reads `multicluster.clusterProviders[]`: each entry names a provider and
 * carries its settings under a key equal to its type.
 */
export function readClusterProviders(config: Config): ClusterProvider[] {
  const entries =
    config.getOptionalConfigArray('multicluster.clusterProviders') ?? [];
  const seen = new Set<string>();
  return entries.map((entry, index) => {
    const at = `multicluster.clusterProviders[${index}]`;
    const name = entry.getString('name');
    const problem = dnsLabelProblem(name);
    if (problem) {
      throw new InputError(`${at}.name: ${problem}`);
    }
    if (seen.has(name)) {
      throw new InputError(`${at}.name: '${name}' is configured twice`);
    }
    seen.add(name);
    const type = entry.getString('type') as ClusterProvider['type'];
    const factory = FACTORIES[type];
    if (!factory) {
      throw new InputError(
        `${at}.type: '${type}' is not one of ${Object.keys(FACTORIES).join(
          ', ',
        )}`,
      );
    }
    return factory(name, entry.getConfig(type), `${at}.${type}`);
  });
}
