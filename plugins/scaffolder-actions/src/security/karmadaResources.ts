import {
  KarmadaConnection,
  KarmadaInstanceConfig,
  MulticlusterClusterResource,
  MulticlusterNamespaceResource,
  parseMulticlusterResourceRef,
} from '@multiregion/backstage-plugin-multicluster-node';
import { getCluster } from '../registration/clusterReady';
import {
  clusterResource,
  namespaceResource,
  ownerOf,
  readNamespace,
} from './ownership';

/**
 * Loads clusters and namespaces by resource ref (`<instance>:<name>`) for
 * the permission backend, which applies conditional decisions here when a
 * caller asks about one resource by ref.
 */
export function karmadaResources(instances: KarmadaInstanceConfig[]) {
  const load = async <T>(
    refs: string[],
    read: (
      karmada: KarmadaConnection,
      instance: string,
      name: string,
    ) => Promise<T | undefined>,
  ): Promise<Array<T | undefined>> =>
    Promise.all(
      refs.map(async ref => {
        const parsed = parseMulticlusterResourceRef(ref);
        const instance =
          parsed && instances.find(i => i.name === parsed.karmada);
        if (!parsed || !instance) return undefined;
        const karmada = new KarmadaConnection(instance);
        try {
          return await read(karmada, parsed.karmada, parsed.name);
        } catch {
          return undefined;
        } finally {
          await karmada.close();
        }
      }),
    );
  return {
    clusters: (refs: string[]) =>
      load<MulticlusterClusterResource>(
        refs,
        async (karmada, instance, name) => {
          const cluster = await getCluster(karmada, name);
          return cluster && clusterResource(instance, name, cluster as any);
        },
      ),
    namespaces: (refs: string[]) =>
      load<MulticlusterNamespaceResource>(
        refs,
        async (karmada, instance, name) => {
          const namespace = await readNamespace(karmada, name);
          return (
            namespace && namespaceResource(instance, name, ownerOf(namespace))
          );
        },
      ),
  };
}
