export interface Config {
  app?: {
    /** The sign-in page (packages/app/src/modules/signIn.tsx). */
    signIn?: {
      /**
       * `demo`: one-click sign-in as guest or as one of `demoUsers` (needs
       * `demo.enabled` in the backend). `proxy` (default): behind an
       * authenticating proxy, through the backend provider `proxyProvider`.
       * @visibility frontend
       */
      mode?: 'demo' | 'proxy';
      /**
       * The auth provider id for `proxy`. Default oauth2Proxy.
       * @visibility frontend
       */
      proxyProvider?: string;
      /**
       * Users offered besides guest in `demo` mode; each must be listed in
       * `auth.providers.demo.users` and exist in the catalog.
       * @visibility frontend
       */
      demoUsers?: Array<{
        /**
         * @visibility frontend
         */
        name: string;
        /**
         * @visibility frontend
         */
        title?: string;
        /**
         * @visibility frontend
         */
        description?: string;
      }>;
    };
  };
}
