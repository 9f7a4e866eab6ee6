// History-API routes; the server answers every UI path with index.html so deep links load.
import { useEffect, useState } from 'preact/hooks';

export type Route =
  | { view: 'experiments'; query: URLSearchParams }
  | { view: 'runs'; experimentIds: string[]; query: URLSearchParams }
  | { view: 'run'; runId: string; query: URLSearchParams }
  | { view: 'compare'; runIds: string[]; query: URLSearchParams }
  | { view: 'notFound'; path: string };

export function parseRoute(pathname: string, search: string): Route {
  const query = new URLSearchParams(search);
  const parts = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts.length === 0 || (parts.length === 1 && parts[0] === 'experiments')) {
    return { view: 'experiments', query };
  }
  if (parts[0] === 'experiments' && parts.length === 2) {
    const ids = parts[1].split(',').map((s) => s.trim()).filter(Boolean);
    if (ids.length > 0) return { view: 'runs', experimentIds: ids, query };
  }
  if (parts[0] === 'runs' && parts.length === 2) {
    return { view: 'run', runId: parts[1], query };
  }
  if (parts[0] === 'compare' && parts.length === 1) {
    const runIds = (query.get('runs') ?? '').split(',').filter(Boolean);
    return { view: 'compare', runIds, query };
  }
  return { view: 'notFound', path: pathname };
}

export function runsPath(experimentIds: string[], query?: Record<string, string | undefined>): string {
  return '/experiments/' + experimentIds.map(encodeURIComponent).join(',') + toSearch(query);
}

export function runPath(runId: string, tab?: string): string {
  return '/runs/' + encodeURIComponent(runId) + (tab ? toSearch({ tab }) : '');
}

export function comparePath(runIds: string[]): string {
  return '/compare?runs=' + runIds.map(encodeURIComponent).join(',');
}

export function toSearch(query?: Record<string, string | undefined>): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') params.set(k, v);
  const s = params.toString();
  return s ? '?' + s : '';
}

const listeners = new Set<() => void>();

export function navigate(to: string, replace = false): void {
  if (replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  listeners.forEach((l) => l());
}

/** Updates one query parameter of the current location without adding a history entry. */
export function setQueryParam(key: string, value: string | undefined): void {
  const params = new URLSearchParams(location.search);
  if (value === undefined || value === '') params.delete(key);
  else params.set(key, value);
  const s = params.toString();
  navigate(location.pathname + (s ? '?' + s : ''), true);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.pathname, location.search));
  useEffect(() => {
    const update = () => setRoute(parseRoute(location.pathname, location.search));
    listeners.add(update);
    window.addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return route;
}

/** Lets plain <a href="/..."> links navigate in-page; modified clicks still open new tabs. */
export function interceptLinks(root: HTMLElement): void {
  root.addEventListener('click', (e) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const a = (e.target as HTMLElement).closest('a');
    if (!a || a.target || a.hasAttribute('download')) return;
    const href = a.getAttribute('href');
    if (!href || !href.startsWith('/') || href.startsWith('/get-artifact') || href.startsWith('/ajax-api') || href.startsWith('/api')) return;
    e.preventDefault();
    navigate(href);
  });
}
