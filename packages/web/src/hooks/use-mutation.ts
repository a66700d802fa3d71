import { useCallback, useState } from 'react';
import { asApiError, type ApiError } from '../api/client.ts';

/** State of a button or form that changes something on the server. */
export interface Mutation {
  readonly pending: boolean;
  readonly error: ApiError | undefined;
  /** Runs the change; resolves to its result, or to undefined after recording the error for display. */
  readonly run: <T>(change: () => Promise<T>) => Promise<T | undefined>;
  readonly clearError: () => void;
}

export function useMutation(): Mutation {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | undefined>(undefined);

  const run = useCallback(async <T>(change: () => Promise<T>): Promise<T | undefined> => {
    setPending(true);
    setError(undefined);
    try {
      return await change();
    } catch (caught) {
      setError(asApiError(caught));
      return undefined;
    } finally {
      setPending(false);
    }
  }, []);
  const clearError = useCallback(() => setError(undefined), []);

  return { pending, error, run, clearError };
}
