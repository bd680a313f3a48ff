import { configApiRef, useApi } from '@backstage/core-plugin-api';

/** How often views refresh when nothing says otherwise. */
export const DEFAULT_REFRESH_INTERVAL_MS = 10_000;

/**
 * The refresh interval of the plugin's views, in ms: the component's prop
 * wins, then `multicluster.ui.refreshIntervalSeconds` in app-config.
 */
export function useRefreshInterval(fromProps?: number): number {
  const config = useApi(configApiRef);
  if (fromProps !== undefined) return fromProps;
  const seconds = config.getOptionalNumber(
    'multicluster.ui.refreshIntervalSeconds',
  );
  return seconds !== undefined && seconds > 0
    ? seconds * 1000
    : DEFAULT_REFRESH_INTERVAL_MS;
}
