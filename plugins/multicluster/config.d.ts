export interface Config {
  multicluster?: {
    /** Settings of the frontend plugin's views. */
    ui?: {
      /**
       * How often the Regions tab and the cluster inventory refresh, in
       * seconds, while the browser tab is visible. Default 10.
       * @visibility frontend
       */
      refreshIntervalSeconds?: number;
    };
  };
}
