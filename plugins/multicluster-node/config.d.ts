export interface Config {
  /** Configuration for the multicluster (Karmada + Istio) plugins. */
  multicluster?: {
    /**
     * The Karmada control planes to read from. Each is addressed by `name` in
     * the API, in entity annotations (`multicluster.io/karmada-instance`) and in
     * scaffolder actions.
     */
    karmada?: Array<{
      /** Unique, DNS-1123 label style name, e.g. `global`. */
      name: string;
      /**
       * The Karmada API server URL, e.g. `https://127.0.0.1:17443`. Optional
       * with `auth.type: kubeconfig` or `inCluster`, which supply the server.
       */
      url?: string;
      /** PEM CA bundle of the Karmada API server, inline. */
      caData?: string;
      /** Path to a PEM CA bundle of the Karmada API server. */
      caFile?: string;
      /**
       * Accept any serving certificate. For local experiments only: a warning
       * is logged at start when set.
       */
      dangerouslySkipTLSVerify?: boolean;
      /** How the plugin authenticates to Karmada. Defaults to no credentials. */
      auth?:
        | {
            type: 'serviceAccount';
            /**
             * A bearer token, e.g. of a read-mostly service account.
             * @visibility secret
             */
            token?: string;
            /**
             * Or a file holding the token, re-read every minute (a projected
             * service account token, one renewed by Vault).
             */
            tokenFile?: string;
          }
        | {
            type: 'clientCertificate';
            /** PEM client certificate. */
            certData?: string;
            /** Path to a PEM client certificate. */
            certFile?: string;
            /**
             * PEM private key.
             * @visibility secret
             */
            keyData?: string;
            /** Path to a PEM private key. */
            keyFile?: string;
          }
        | {
            /**
             * The user of a kubeconfig context, applied by
             * `@kubernetes/client-node` as kubectl would: token, token file,
             * client certificate, exec credential plugins (`aws eks
             * get-token`, `gke-gcloud-auth-plugin`, `kubelogin`) cached
             * until they expire, OIDC. With `auth`, the context's server and
             * CA are used unless `url`/`caData`/`caFile` are set.
             */
            type: 'kubeconfig';
            /** Path to the kubeconfig file. */
            path: string;
            /** The context to use; defaults to the file's current-context. */
            context?: string;
          }
        | {
            /**
             * The pod's own service account, when Backstage runs in the
             * cluster it reads (KUBERNETES_SERVICE_HOST/PORT, the mounted
             * token, re-read as the kubelet rotates it, and CA).
             */
            type: 'inCluster';
          };
      /**
       * Credentials the scaffolder actions use instead of `auth`. The backend
       * plugin only reads; the actions register clusters and apply manifests,
       * so they usually need a more privileged identity (the platform team's).
       * Same shape as `auth` (a kubeconfig contributes only its user here).
       * Defaults to `auth`.
       */
      scaffolderAuth?:
        | {
            type: 'serviceAccount';
            /**
             * A bearer token, e.g. of a read-mostly service account.
             * @visibility secret
             */
            token?: string;
            /**
             * Or a file holding the token, re-read every minute (a projected
             * service account token, one renewed by Vault).
             */
            tokenFile?: string;
          }
        | {
            type: 'clientCertificate';
            /** PEM client certificate. */
            certData?: string;
            /** Path to a PEM client certificate. */
            certFile?: string;
            /**
             * PEM private key.
             * @visibility secret
             */
            keyData?: string;
            /** Path to a PEM private key. */
            keyFile?: string;
          }
        | {
            /**
             * The user of a kubeconfig context, applied by
             * `@kubernetes/client-node` as kubectl would: token, token file,
             * client certificate, exec credential plugins (`aws eks
             * get-token`, `gke-gcloud-auth-plugin`, `kubelogin`) cached
             * until they expire, OIDC. With `auth`, the context's server and
             * CA are used unless `url`/`caData`/`caFile` are set.
             */
            type: 'kubeconfig';
            /** Path to the kubeconfig file. */
            path: string;
            /** The context to use; defaults to the file's current-context. */
            context?: string;
          }
        | {
            /**
             * The pod's own service account, when Backstage runs in the
             * cluster it reads (KUBERNETES_SERVICE_HOST/PORT, the mounted
             * token, re-read as the kubelet rotates it, and CA).
             */
            type: 'inCluster';
          };
      /**
       * The Karmada API server URL as karmada-agents in member clusters
       * reach it, when it differs from `url` (Pull registration). The
       * agent's certificate goes only to `url` or this URL: a template
       * cannot name another endpoint.
       */
      agentApiEndpoint?: string;
    }>;
  };
}
