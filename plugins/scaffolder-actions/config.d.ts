export interface Config {
  multicluster?: {
    /**
     * How `multicluster:cluster:create` creates regional clusters. Templates
     * pick one by `name`. Each entry carries its settings under the key equal
     * to its `type`.
     */
    clusterProviders?: Array<{
      /** DNS-1123 label; prefixes the credential references it issues. */
      name: string;
      type: 'testbed' | 'clusterapi' | 'terraform';
      /** The local testbed (`testbed/testbed`): a new member on loopback. */
      testbed?: {
        /** Absolute path of the `testbed/testbed` launcher script. */
        command: string;
        /** Extra environment for the launcher, e.g. `TESTBED_STATE`. */
        environment?: { [name: string]: string };
      };
      /**
       * Cluster API: a rendered template of a `Cluster` and the objects it
       * references, applied to a management cluster with server-side apply.
       * The provider waits for Cluster API's admin kubeconfig (Secret
       * `<name>-kubeconfig`, key `value`); credentialsRef is
       * `<provider name>:<namespace>/<cluster>`.
       */
      clusterapi?: {
        /**
         * The management cluster's API server, configured like a
         * `multicluster.karmada[]` entry. Its credentials need to get, list,
         * apply (patch) and delete the template's kinds and get Secrets in
         * `namespace`.
         */
        management: {
          /** API server URL; optional with `auth.type: kubeconfig` or `inCluster`. */
          url?: string;
          /** PEM CA bundle of the API server, inline. */
          caData?: string;
          /** Path to a PEM CA bundle of the API server. */
          caFile?: string;
          /** Accept any serving certificate. For local experiments only. */
          dangerouslySkipTLSVerify?: boolean;
          /** How to authenticate. Defaults to no credentials. */
          auth?:
            | {
                type: 'serviceAccount';
                /**
                 * A bearer token.
                 * @visibility secret
                 */
                token?: string;
                /** Or a file holding the token, re-read every minute. */
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
                 * Server, CA and user from a kubeconfig file; any user
                 * kubectl accepts (exec plugins and OIDC included).
                 */
                type: 'kubeconfig';
                /** Path to the kubeconfig file. */
                path: string;
                /** The context to use; defaults to current-context. */
                context?: string;
              }
            | {
                /**
                 * Backstage runs in the management cluster: its pod's
                 * service account.
                 */
                type: 'inCluster';
              };
        };
        /**
         * Namespace (must exist) of the Cluster objects and their
         * references; every rendered object goes there.
         */
        namespace: string;
        /**
         * Multi-document YAML template (e.g.
         * `examples/clusterapi/cluster-template.yaml`): exactly one Cluster
         * (cluster.x-k8s.io) named `${{ name }}`, plus the objects its
         * infrastructureRef and controlPlaneRef name. String values may use
         * `${{ name }}`, `${{ region }}`, `${{ zones }}`, `${{ namespace }}`
         * and `${{ parameters.<key> }}`, optionally with `| int` or
         * `| join`; unknown variables and missing parameters are errors.
         * Values are substituted after parsing, so they cannot add keys or
         * objects. apiVersion and kind must be literal. Relative paths
         * resolve against the backend's working directory.
         */
        templateFile: string;
        /**
         * Longest wait for Cluster API to write the kubeconfig Secret; a
         * task's shorter timeout wins. Default 1800.
         */
        kubeconfigTimeoutSeconds?: number;
        /**
         * How long delete waits for Cluster API to remove the objects
         * (finalizers) before reporting them as left behind. Default 600.
         */
        deleteTimeoutSeconds?: number;
      };
      /**
       * Terraform / OpenTofu: a module per cluster from a template folder.
       * The module declares the variables `name` (string), `region`
       * (string), `zones` (list(string)) and `parameters` (map(string) or an
       * object type), which it gets in `terraform.tfvars.json`, and outputs
       * `api_endpoint` and `kubeconfig` (sensitive). Non-sensitive outputs
       * are shown as details; credentialsRef is `<provider name>:<cluster>`.
       */
      terraform?: {
        /**
         * The CLI: a path, or a name looked up on PATH. Default: `terraform`
         * on PATH, else `tofu`.
         */
        binary?: string;
        /**
         * Folder with the module template. Its files are copied as they are
         * (Terraform does the templating) into each cluster's folder;
         * `terraform.tfvars.json` is reserved for the values.
         */
        templateDir: string;
        /**
         * Folder of the per-cluster working folders `<workDir>/<name>`,
         * holding the Terraform state, which contains the kubeconfig: keep
         * it private and out of version control (an ignored folder such as
         * `.data/terraform`), or configure a remote backend in the module.
         */
        workDir: string;
        /**
         * Extra environment for the CLI, e.g. cloud credentials or
         * `TF_PLUGIN_CACHE_DIR`. TF_IN_AUTOMATION=1 and TF_INPUT=0 are set
         * always.
         * @deepVisibility secret
         */
        environment?: { [name: string]: string };
        /** How long `destroy` may take on delete. Default 1800. */
        deleteTimeoutSeconds?: number;
      };
    }>;

    /** What `karmada:apply` may write on behalf of a task's initiator. */
    apply?: {
      /**
       * Kinds that may be applied (`group` empty for the core group).
       * Default: what a service needs (Namespace, Service, ConfigMap,
       * ServiceAccount, PVC, workloads, Jobs, HPA, PDB, Istio routing and
       * security, Gateway API routes, Karmada's namespaced policies); never
       * RBAC, webhooks or Secrets.
       */
      allowedKinds?: Array<{ group?: string; kind: string }>;
      /** Whether cluster-scoped kinds of the list (other than Namespace) may be applied. Default false. */
      allowClusterScoped?: boolean;
      /** Namespaces nothing is applied into; `*` matches any characters. Default kube-*, karmada-*, istio-system. */
      protectedNamespaces?: string[];
      /** Namespace label and annotation prefixes nobody may set. Default pod-security.kubernetes.io/. */
      protectedNamespaceKeys?: string[];
    };

    /** `karmada:cluster:register`. */
    registration?: {
      /**
       * URL patterns (https only, `*` for one host label) Karmada may be sent
       * member credentials to besides the endpoint the action reached and
       * verified itself, e.g. https://*.eks.amazonaws.com.
       */
      allowedApiEndpoints?: string[];
      /** Lifetime of a Pull bootstrap token, 1 to 3600. Default 600. */
      bootstrapTokenTtlSeconds?: number;
    };

    /** The signed `credentialsRef` that `multicluster:cluster:create` outputs. */
    credentialsRefs?: {
      /**
       * HMAC key for signing. Without it a random key per process is used
       * (references then work only in the backend that issued them): set it
       * when the backend runs as several replicas.
       * @visibility secret
       */
      secret?: string;
      /** How long a reference stays valid, up to 720. Default 24. */
      ttlHours?: number;
    };
  };
}
