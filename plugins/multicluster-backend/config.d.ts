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
    /** Timeouts of the backend plugin towards Karmada and members. */
    timeouts?: {
      /** How long `/health` waits for each instance's `/readyz`, in ms. Default 3000. */
      healthProbeMs?: number;
      /** How long the pods endpoint waits for each member cluster, in ms. Default 5000. */
      podsMs?: number;
    };
  };
}
