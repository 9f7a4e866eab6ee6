// Small shared pieces: async loading, error and empty states.
import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from './api';

export interface Async<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

/** Runs {@code load} whenever {@code deps} change; answers of superseded loads are dropped. */
export function useAsync<T>(load: () => Promise<T>, deps: unknown[]): Async<T> {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true });
  const generation = useRef(0);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const mine = ++generation.current;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => mine === generation.current && setState({ data, loading: false }),
      (error) => mine === generation.current && setState({ error, loading: false }),
    );
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}

export function ErrorBox({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const e = error instanceof ApiError ? error : null;
  let title = 'Something went wrong';
  if (e?.unreachable) title = 'Server unreachable';
  else if (e?.errorCode === 'RESOURCE_DOES_NOT_EXIST') title = 'Not found';
  else if (e?.errorCode === 'INVALID_PARAMETER_VALUE') title = 'Invalid request';
  return (
    <div class="error-box" role="alert" data-error-code={e?.errorCode ?? 'UNKNOWN'}>
      <strong>{title}</strong>
      <div class="error-message">{error instanceof Error ? error.message : String(error)}</div>
      {onRetry && (
        <button type="button" onClick={onRetry}>
          Retry
        </button>
      )}
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: ComponentChildren }) {
  return (
    <div class="empty-state">
      <h3>{title}</h3>
      {children}
    </div>
  );
}

export function Loading({ what }: { what: string }) {
  return <div class="loading">Loading {what}…</div>;
}

export function StatusBadge({ status }: { status: string }) {
  return <span class={'status status-' + status.toLowerCase()}>{status}</span>;
}
