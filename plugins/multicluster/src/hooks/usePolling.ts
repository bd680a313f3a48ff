import { useCallback, useEffect, useRef, useState } from 'react';

export interface PollingState<T> {
  value?: T;
  error?: Error;
  /** True only until the first answer: refreshes keep showing the last one. */
  loading: boolean;
  refresh: () => void;
}

/**
 * Loads `load()` now and every `intervalMs`, paused while the browser tab
 * is hidden. Refreshes replace the value in place, so the page does not
 * flicker through a loading state.
 */
export function usePolling<T>(
  load: () => Promise<T>,
  intervalMs: number,
  deps: unknown[],
): PollingState<T> {
  const [state, setState] = useState<Omit<PollingState<T>, 'refresh'>>({
    loading: true,
  });
  // Answers of superseded loads (older generation) are dropped.
  const generation = useRef(0);
  const invalidate = useCallback(() => {
    generation.current++;
  }, []);

  // eslint-disable-next-line react-hooks/exhaustive-deps
  const run = useCallback(load, deps);

  const refresh = useCallback(() => {
    const current = ++generation.current;
    run().then(
      value => {
        if (current === generation.current) {
          setState({ value, loading: false });
        }
      },
      error => {
        if (current === generation.current) {
          setState(previous => ({ ...previous, error, loading: false }));
        }
      },
    );
  }, [run]);

  useEffect(() => {
    setState({ loading: true });
    refresh();
    if (!intervalMs) {
      return invalidate;
    }
    const timer = setInterval(() => {
      if (document.visibilityState !== 'hidden') {
        refresh();
      }
    }, intervalMs);
    const onVisible = () => {
      if (document.visibilityState === 'visible') refresh();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
      invalidate();
    };
  }, [refresh, intervalMs, invalidate]);

  return { ...state, refresh };
}
