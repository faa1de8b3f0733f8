import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../lib/http';

export interface Resource<T> {
  data: T | undefined;
  error: string | null;
  loading: boolean;
  reload(): void;
  /** Replaces the data locally after a write the server confirmed. */
  set(update: (data: T | undefined) => T): void;
}

/** Loads `fetcher()` now and whenever `deps` change; the last answer wins. */
export function useResource<T>(fetcher: () => Promise<T>, deps: unknown[]): Resource<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const generation = useRef(0);
  const run = useCallback(() => {
    const mine = ++generation.current;
    setLoading(true);
    setError(null);
    fetcher().then(
      (value) => {
        if (mine !== generation.current) return;
        setData(value);
        setLoading(false);
      },
      (err: unknown) => {
        if (mine !== generation.current) return;
        setError(err instanceof ApiError ? err.message : 'Something went wrong.');
        setLoading(false);
      },
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  useEffect(run, [run]);
  return { data, error, loading, reload: run, set: (update) => setData((d) => update(d)) };
}
