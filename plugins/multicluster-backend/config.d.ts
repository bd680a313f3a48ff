export interface Config {
  multicluster?: {
    /**
     * Display data of regions, keyed by the region id Karmada clusters carry
     * in `spec.region`. Regions not listed still show, under their raw id
     * (or "Unassigned" for clusters without a region).
     */
    regions?: {
      [id: string]: {
        /** e.g. `North America` */
        title?: string;
        /** Marker position on the Regions tab's map. */
        latitude?: number;
        longitude?: number;
      };
    };
    /** The watch caches of Karmada objects. */
    cache?: {
      /** Page size of the initial list of each collection. Default 500. */
      pageSize?: number;
      /** Server-side lifetime of one watch, in seconds. Default 300. */
      watchTimeoutSeconds?: number;
      /** How long one full list may take, in ms. Default 30000. */
      listTimeoutMs?: number;
      /** First reconnect delay after Karmada is lost, in ms. Default 1000. */
      backoffMinMs?: number;
      /** Longest reconnect delay (the delay doubles up to it), in ms. Default 30000. */
      backoffMaxMs?: number;
    };
    /**
     * Reuse of the catalog lookup and permission decision behind the entity
     * routes (placement, pods, mesh), per user and entity: the Regions tab
     * asks for all three at once. Service callers are never cached.
     */
    entityCache?: {
      /**
       * How long a granted lookup is reused, in ms: a revoked permission or
       * a changed annotation takes effect up to this much later. 0 looks
       * up on every request (and concurrent requests no longer share a
       * lookup). Default 5000, shorter than the tab's 10 s refresh: it
       * serves the requests of one refresh, not the next.
       */
      ttlMs?: number;
      /** Most lookups remembered at once; the oldest go first. Default 10000. */
      maxEntries?: number;
    };
    /** Timeouts of the backend plugin towards Karmada and members. */
    timeouts?: {
      /** How long `/health` waits for each instance's `/readyz`, in ms. Default 3000. */
      healthProbeMs?: number;
      /** How long the pods endpoint waits for each member cluster, in ms. Default 5000. */
      podsMs?: number;
    };
    /**
     * The Istio mesh view (`GET /entities/.../mesh`): each member's istiod
     * debug endpoints, its Istio objects, and traffic from Prometheus.
     */
    mesh?: {
      /** How long each member cluster, istiod and Prometheus may take, in ms. Default 5000. */
      timeoutMs?: number;
      /**
       * Where istiod serves `/debug/clusterz` and `/debug/endpointShardz`.
       * By default through Karmada's cluster proxy and the member API
       * server's service proxy to `<namespace>/<service>:<port>`. istiod only
       * answers debug requests from loopback or from an authenticated
       * workload identity, so a real cluster usually needs `debugUrls`
       * (e.g. an in-cluster sidecar or gateway you control).
       */
      istiod?: {
        /** Default `istio-system` (also the mesh root namespace for PeerAuthentication). */
        namespace?: string;
        /** Default `istiod`. */
        service?: string;
        /** Port name or number of the monitoring port. Default 15014. */
        port?: string | number;
        /** Per Karmada cluster name, a base URL serving istiod's `/debug/*` directly. */
        debugUrls?: { [cluster: string]: string };
        /**
         * The largest debug answer read from one istiod, in bytes; a larger
         * one is dropped with an error. `/debug/endpointShardz` lists every
         * endpoint of the mesh, a few hundred bytes each. Default 67108864
         * (64 MiB).
         */
        maxResponseBytes?: number;
      };
      /**
       * Prometheus that scrapes Istio's standard metrics. Without it, the
       * traffic edges are left out and the answer says why.
       */
      prometheus?: {
        /** e.g. `http://prometheus.istio-system:9090` */
        url: string;
        /** The PromQL range of rates, e.g. `30s`, `5m`. Default `1m`. */
        window?: string;
      };
    };
  };
}
