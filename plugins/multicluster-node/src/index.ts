/**
 * Node library of the multicluster plugins: reads `multicluster.karmada[]`
 * and connects to Karmada API servers. Used by the backend plugin and the
 * scaffolder module so both resolve a Karmada instance by name the same way.
 *
 * @packageDocumentation
 */

export {
  readKarmadaInstances,
  readKubernetesEndpoint,
} from './config/readKarmadaInstances';
export type { KarmadaAuth, KarmadaInstanceConfig } from './config/types';
export {
  KarmadaApiError,
  KarmadaConnection,
} from './karmada/KarmadaConnection';
export type { KarmadaResponse } from './karmada/KarmadaConnection';
export { probeReadiness } from './karmada/probeReadiness';
export { describeRequestFailure } from './karmada/describeRequestFailure';
export {
  readKubeconfig,
  parseKubeconfig,
  kubeconfigEndpoint,
} from './config/readKubeconfig';
export type { KubeconfigConnection } from './config/readKubeconfig';
export {
  KubernetesApiError,
  KubernetesConnection,
  KubernetesTimeoutError,
} from './kubernetes/KubernetesConnection';
export {
  readBoundedText,
  ResponseTooLargeError,
} from './kubernetes/boundedBody';
export type { BoundedReadOptions } from './kubernetes/boundedBody';
export type {
  KubernetesConnectionOptions,
  KubernetesEndpoint,
  KubernetesRequest,
  KubernetesResponse,
  KubernetesStatusCause,
} from './kubernetes/KubernetesConnection';
export * from './permissions';
