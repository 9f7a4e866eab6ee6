// The runs table's data model: columns, cell values, sorting and formatting (no DOM here).
import type { Run } from './api';

export type ColumnKind = 'attr' | 'metric' | 'param' | 'tag';

export interface Column {
  kind: ColumnKind;
  key: string;
}

export const ATTRIBUTE_COLUMNS: Column[] = [
  { kind: 'attr', key: 'run_name' },
  { kind: 'attr', key: 'status' },
  { kind: 'attr', key: 'start_time' },
  { kind: 'attr', key: 'duration' },
  { kind: 'attr', key: 'user_id' },
];

export interface Row {
  run: Run;
  id: string;
  name: string;
  status: string;
  start: number | null;
  duration: number | null;
  metrics: Map<string, number>;
  params: Map<string, string>;
  tags: Map<string, string>;
}

export function toRow(run: Run): Row {
  const metrics = new Map<string, number>();
  for (const m of run.data.metrics ?? []) metrics.set(m.key, Number(m.value));
  const params = new Map<string, string>();
  for (const p of run.data.params ?? []) params.set(p.key, p.value);
  const tags = new Map<string, string>();
  for (const t of run.data.tags ?? []) tags.set(t.key, t.value);
  const start = run.info.start_time ?? null;
  const end = run.info.end_time ?? null;
  return {
    run,
    id: run.info.run_id,
    name: run.info.run_name || tags.get('mlflow.runName') || run.info.run_id.slice(0, 8),
    status: run.info.status,
    start,
    duration: start !== null && end !== null ? end - start : null,
    metrics,
    params,
    tags,
  };
}

export function columnId(c: Column): string {
  return c.kind + ':' + c.key;
}

export function parseColumnId(id: string): Column | null {
  const i = id.indexOf(':');
  if (i <= 0) return null;
  const kind = id.slice(0, i) as ColumnKind;
  if (!['attr', 'metric', 'param', 'tag'].includes(kind)) return null;
  return { kind, key: id.slice(i + 1) };
}

export function columnLabel(c: Column): string {
  if (c.kind === 'attr') {
    return { run_name: 'Run', status: 'Status', start_time: 'Started', duration: 'Duration', user_id: 'User' }[c.key] ?? c.key;
  }
  return c.key;
}

export function cellValue(row: Row, c: Column): string | number | null {
  switch (c.kind) {
    case 'attr':
      switch (c.key) {
        case 'run_name':
          return row.name;
        case 'status':
          return row.status;
        case 'start_time':
          return row.start;
        case 'duration':
          return row.duration;
        case 'user_id':
          return row.run.info.user_id ?? null;
        default:
          return null;
      }
    case 'metric':
      return row.metrics.has(c.key) ? row.metrics.get(c.key)! : null;
    case 'param':
      return row.params.get(c.key) ?? null;
    case 'tag':
      return row.tags.get(c.key) ?? null;
  }
}

/** Orders numbers numerically (also numeric strings such as params), other text by code point; missing values always last. */
export function compareValues(a: string | number | null, b: string | number | null, descending: boolean): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  const na = typeof a === 'number' ? a : numeric(a);
  const nb = typeof b === 'number' ? b : numeric(b);
  let order: number;
  if (na !== null && nb !== null) {
    if (Number.isNaN(na) || Number.isNaN(nb)) order = Number.isNaN(na) ? (Number.isNaN(nb) ? 0 : 1) : -1;
    else order = na < nb ? -1 : na > nb ? 1 : 0;
  } else {
    const sa = String(a);
    const sb = String(b);
    order = sa < sb ? -1 : sa > sb ? 1 : 0;
  }
  return descending ? -order : order;
}

function numeric(s: string): number | null {
  if (s.trim() === '') return null;
  const n = Number(s);
  return Number.isNaN(n) ? null : n;
}

export function sortRows(rows: Row[], column: Column, descending: boolean): Row[] {
  const keyed = rows.map((row) => ({ row, value: cellValue(row, column) }));
  keyed.sort((x, y) => compareValues(x.value, y.value, descending) || (x.row.id < y.row.id ? -1 : 1));
  return keyed.map((k) => k.row);
}

/** The union of metric, param and tag keys over the rows, each sorted; system tags (mlflow.*) last. */
export function availableKeys(rows: Row[]): { metrics: string[]; params: string[]; tags: string[] } {
  const metrics = new Set<string>();
  const params = new Set<string>();
  const tags = new Set<string>();
  for (const r of rows) {
    r.metrics.forEach((_, k) => metrics.add(k));
    r.params.forEach((_, k) => params.add(k));
    r.tags.forEach((_, k) => tags.add(k));
  }
  const sorted = (s: Set<string>) => [...s].sort();
  const tagList = sorted(tags);
  return {
    metrics: sorted(metrics),
    params: sorted(params),
    tags: [...tagList.filter((t) => !t.startsWith('mlflow.')), ...tagList.filter((t) => t.startsWith('mlflow.'))],
  };
}

export function formatDuration(ms: number | null): string {
  if (ms === null || ms < 0) return '';
  if (ms < 1000) return ms + 'ms';
  const s = ms / 1000;
  if (s < 60) return s.toFixed(1) + 's';
  const m = Math.floor(s / 60);
  if (m < 60) return m + 'm ' + Math.round(s - m * 60) + 's';
  const h = Math.floor(m / 60);
  if (h < 24) return h + 'h ' + (m - h * 60) + 'm';
  const d = Math.floor(h / 24);
  return d + 'd ' + (h - d * 24) + 'h';
}

export function formatTime(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '';
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

export function formatNumber(v: number | null | undefined): string {
  if (v === null || v === undefined) return '';
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return String(v);
  const abs = Math.abs(v);
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e9)) return v.toExponential(4);
  return String(Number(v.toPrecision(6)));
}

export function formatCell(c: Column, v: string | number | null): string {
  if (v === null) return '';
  if (c.kind === 'attr' && c.key === 'start_time') return formatTime(v as number);
  if (c.kind === 'attr' && c.key === 'duration') return formatDuration(v as number);
  if (typeof v === 'number') return formatNumber(v);
  return v;
}
