// Loads data for a page and keeps its loading / error / data state, reloading when its inputs change.
import { type DependencyList, useCallback, useEffect, useRef, useState } from "react";
import { type ApiError, asApiError } from "../api/errors";

export interface Resource<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload: () => Promise<void>;
  /** Replaces the data in place, e.g. with what a successful save returned (or derives it from the latest). */
  set: (data: T | ((current: T | undefined) => T)) => void;
}

export function useResource<T>(load: () => Promise<T>, deps: DependencyList): Resource<T> {
  const [state, setState] = useState<{ data?: T; error?: ApiError; loading: boolean }>({ loading: true });
  const latest = useRef(0);
  const run = useCallback(async () => {
    const ticket = ++latest.current;
    setState((s) => ({ ...s, loading: true, error: undefined }));
    try {
      const data = await load();
      if (ticket === latest.current) setState({ data, loading: false });
    } catch (e) {
      if (ticket === latest.current) setState((s) => ({ data: s.data, error: asApiError(e), loading: false }));
    }
    // biome-ignore lint/correctness/useExhaustiveDependencies: the caller lists what the loader depends on.
  }, deps);
  useEffect(() => {
    void run();
  }, [run]);
  return {
    data: state.data,
    error: state.error,
    loading: state.loading,
    reload: run,
    set: (data) =>
      setState((s) => ({
        data: typeof data === "function" ? (data as (c: T | undefined) => T)(s.data) : data,
        loading: false,
      })),
  };
}

/** Runs a user action (save, join, accept…), keeping its pending state and its error for the form to show. */
export function useAction<A extends unknown[], R>(action: (...args: A) => Promise<R>) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();
  const run = async (...args: A): Promise<R | undefined> => {
    setPending(true);
    setError(undefined);
    try {
      return await action(...args);
    } catch (e) {
      setError(asApiError(e));
      return undefined;
    } finally {
      setPending(false);
    }
  };
  return { run, pending, error, clearError: () => setError(undefined) };
}
