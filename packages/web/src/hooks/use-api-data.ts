import { useCallback, useEffect, useState } from 'react';
import { asApiError, type ApiError } from '../api/client.ts';

/** The latest result of a GET, kept while a refetch runs so tables do not flash empty. */
export interface ApiData<T> {
  readonly data: T | undefined;
  readonly error: ApiError | undefined;
  readonly loading: boolean;
  /** Fetches again now: call it after every successful mutation that changes this data. */
  readonly reload: () => void;
}

interface State<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
}

/**
 * Loads `load()` on mount, on `reload()`, and every `refreshMs` if given. Pass `null` when the user may not
 * read the data: nothing is fetched. `load` must be stable (a module-level function), or it refetches on
 * every render.
 */
export function useApiData<T>(load: (() => Promise<T>) | null, refreshMs?: number): ApiData<T> {
  const [state, setState] = useState<State<T>>({ data: undefined, error: undefined, loading: load !== null });
  const [version, setVersion] = useState(0);

  useEffect(() => {
    if (load === null) return undefined;
    let active = true;
    // With polling, a slow answer could arrive after a newer one: only the latest request may set state.
    let latest = 0;
    const run = (): void => {
      const call = ++latest;
      setState((s) => ({ ...s, loading: true }));
      load().then(
        (data) => {
          if (active && call === latest) setState({ data, error: undefined, loading: false });
        },
        (error: unknown) => {
          if (active && call === latest) setState((s) => ({ data: s.data, error: asApiError(error), loading: false }));
        },
      );
    };
    run();
    const timer = refreshMs === undefined ? undefined : window.setInterval(run, refreshMs);
    return () => {
      active = false;
      if (timer !== undefined) window.clearInterval(timer);
    };
  }, [load, refreshMs, version]);

  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { ...state, reload };
}
