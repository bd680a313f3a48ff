export interface Config {
  multicluster?: {
    /** Timeouts of the backend plugin towards Karmada. */
    timeouts?: {
      /** How long `/health` waits for each instance's `/readyz`, in ms. Default 3000. */
      healthProbeMs?: number;
    };
  };
}
