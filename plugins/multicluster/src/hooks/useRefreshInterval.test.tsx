import { ReactNode } from 'react';
import { renderHook } from '@testing-library/react';
import { configApiRef } from '@backstage/core-plugin-api';
import { mockApis, TestApiProvider } from '@backstage/test-utils';
import { useRefreshInterval } from './useRefreshInterval';

function withConfig(data: object) {
  return ({ children }: { children: ReactNode }) => (
    <TestApiProvider apis={[[configApiRef, mockApis.config({ data })]]}>
      {children}
    </TestApiProvider>
  );
}

describe('useRefreshInterval', () => {
  it('reads multicluster.ui.refreshIntervalSeconds', () => {
    const { result } = renderHook(() => useRefreshInterval(), {
      wrapper: withConfig({
        multicluster: { ui: { refreshIntervalSeconds: 30 } },
      }),
    });
    expect(result.current).toBe(30_000);
  });

  it('lets the prop win over config', () => {
    const { result } = renderHook(() => useRefreshInterval(2_000), {
      wrapper: withConfig({
        multicluster: { ui: { refreshIntervalSeconds: 30 } },
      }),
    });
    expect(result.current).toBe(2_000);
  });

  it('defaults to 10 s', () => {
    const { result } = renderHook(() => useRefreshInterval(), {
      wrapper: withConfig({}),
    });
    expect(result.current).toBe(10_000);
  });
});
