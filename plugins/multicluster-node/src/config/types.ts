/** Credentials towards one Karmada API server, already read from files. */
export type KarmadaAuth =
  | { type: 'none' }
  | { type: 'serviceAccount'; token: string }
  | { type: 'clientCertificate'; certData: string; keyData: string };

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
