/**
 * Credentials towards one Kubernetes API server (Karmada or a member). Every
 * kind is applied through `@kubernetes/client-node`'s `KubeConfig`.
 */
export type KarmadaAuth =
  | { type: 'none' }
  /** A bearer token held in memory. */
  | { type: 'serviceAccount'; token: string }
  /**
   * A bearer token read from a file and re-read when it may have changed
   * (every minute, as client-go does): projected service account tokens,
   * tokens renewed by Vault, in-cluster config.
   */
  | { type: 'tokenFile'; tokenFile: string }
  | { type: 'clientCertificate'; certData: string; keyData: string }
  /**
   * The user of a kubeconfig context, whatever it is: token, client
   * certificate, exec credential plugin (EKS, GKE, AKS), OIDC.
   */
  | { type: 'kubeconfig'; path: string; context?: string };

/** One validated `multicluster.karmada[]` entry. */
export interface KarmadaInstanceConfig {
  name: string;
  url: string;
  caData?: string;
  dangerouslySkipTLSVerify: boolean;
  auth: KarmadaAuth;
  /** `scaffolderAuth`: what the scaffolder actions use instead of `auth`. */
  scaffolderAuth?: KarmadaAuth;
  /**
   * `agentApiEndpoint`: the Karmada API server as karmada-agents in member
   * clusters reach it (Pull registration), when it differs from `url`.
   */
  agentApiEndpoint?: string;
}
