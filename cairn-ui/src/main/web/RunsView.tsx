import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api, ApiError, type Experiment } from './api';
import { comparePath, navigate, runPath, setQueryParam } from './router';
import {
  ATTRIBUTE_COLUMNS,
  availableKeys,
  cellValue,
  columnId,
  columnLabel,
  formatCell,
  parseColumnId,
  sortRows,
  toRow,
  type Column,
  type Row,
} from './runsModel';
import { Empty, ErrorBox, Loading, StatusBadge, useAsync } from './ui';

// A small first page paints quickly; big pages after it keep the number of searches (each one a
// query or index scan on the server) low. Offset page tokens allow the size to change between pages.
const FIRST_PAGE_SIZE = 250;
const PAGE_SIZE = 5000;
const ROW_HEIGHT = 30;
const OVERSCAN = 12;
export const MAX_COMPARE = 100;

interface LoadState {
  rows: Row[];
  complete: boolean;
  error: unknown;
  firstPageMs?: number;
  allMs?: number;
  /** performance.now() when the first page / all pages arrived: milliseconds since navigation started. */
  firstPageAt?: number;
  allAt?: number;
}

/** Loads every matching run page by page; the table shows the first page while the rest arrive. */
function useAllRuns(experimentIds: string[], filter: string, viewType: string, tick: number): LoadState {
  const [state, setState] = useState<LoadState>({ rows: [], complete: false, error: null });
  useEffect(() => {
    const abort = new AbortController();
    const started = performance.now();
    setState({ rows: [], complete: false, error: null });
    (async () => {
      let rows: Row[] = [];
      let token: string | undefined;
      let first: number | undefined;
      let firstAt: number | undefined;
      try {
        do {
          const page = await api.searchRuns({ experimentIds, filter, viewType, maxResults: token ? PAGE_SIZE : FIRST_PAGE_SIZE, pageToken: token }, abort.signal);
          rows = rows.concat((page.runs ?? []).map(toRow));
          token = page.next_page_token || undefined;
          firstAt ??= performance.now();
          first ??= firstAt - started;
          if (!abort.signal.aborted) {
            const now = performance.now();
            setState({ rows, complete: !token, error: null, firstPageMs: first, firstPageAt: firstAt, allMs: token ? undefined : now - started, allAt: token ? undefined : now });
          }
        } while (token && !abort.signal.aborted);
      } catch (error) {
        if (!abort.signal.aborted) setState({ rows, complete: true, error, firstPageMs: first });
      }
    })();
    return () => abort.abort();
  }, [experimentIds.join(','), filter, viewType, tick]);
  return state;
}

function defaultColumns(rows: Row[]): Column[] {
  const keys = availableKeys(rows.slice(0, 200));
  return [
    ...keys.metrics.slice(0, 4).map((key): Column => ({ kind: 'metric', key })),
    ...keys.params.slice(0, 4).map((key): Column => ({ kind: 'param', key })),
  ];
}

export function RunsView({ experimentIds, query }: { experimentIds: string[]; query: URLSearchParams }) {
  const filter = query.get('filter') ?? '';
  const viewType = query.get('stage') ?? 'ACTIVE_ONLY';
  const sortId = query.get('sort') ?? '';
  const descending = query.get('desc') === '1';
  const colsParam = query.get('cols');
  const [tick, setTick] = useState(0);
  const [draft, setDraft] = useState(filter);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  useEffect(() => setDraft(filter), [filter]);

  const experiments = useAsync(
    () => Promise.all(experimentIds.map((id) => api.getExperiment(id).then((r) => r.experiment))),
    [experimentIds.join(',')],
  );
  const load = useAllRuns(experimentIds, filter, viewType, tick);

  const extraColumns = useMemo<Column[]>(() => {
    if (colsParam !== null) return colsParam.split(',').map(parseColumnId).filter((c): c is Column => c !== null);
    return defaultColumns(load.rows);
  }, [colsParam, load.rows.length > 0]);
  const columns = [...ATTRIBUTE_COLUMNS, ...extraColumns];

  const sortColumn = parseColumnId(sortId);
  const sorted = useMemo(() => (sortColumn ? sortRows(load.rows, sortColumn, descending) : load.rows), [load.rows, sortId, descending]);

  const searchError = load.error instanceof ApiError && load.error.errorCode === 'INVALID_PARAMETER_VALUE' ? load.error : null;

  function setColumns(next: Column[]) {
    setQueryParam('cols', next.map(columnId).join(','));
  }

  function clickHeader(c: Column) {
    const id = columnId(c);
    if (sortId === id) {
      if (!descending) setQueryParam('desc', '1');
      else {
        setQueryParam('sort', undefined);
        setQueryParam('desc', undefined);
      }
    } else {
      setQueryParam('sort', id);
      setQueryParam('desc', undefined);
    }
  }

  if (experiments.error) {
    const retry = () => {
      experiments.reload();
      setTick((t) => t + 1);
    };
    return <ErrorBox error={experiments.error} onRetry={retry} />;
  }
  const names = (experiments.data ?? []).map((e: Experiment) => e.name);
  const deletedExperiment = (experiments.data ?? []).find((e) => e.lifecycle_stage === 'deleted');

  return (
    <section class="view runs-view">
      <header class="view-header">
        <h2>
          <a href="/experiments">Experiments</a> / <span class="experiment-names">{names.join(', ') || experimentIds.join(', ')}</span>
        </h2>
      </header>
      {deletedExperiment && <div class="warning-banner">Experiment “{deletedExperiment.name}” is deleted; restore it from the experiments list to log to it again.</div>}
      <form
        class="search-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (draft === filter) setTick((t) => t + 1);
          else setQueryParam('filter', draft.trim());
        }}
      >
        <input
          type="search"
          class={'run-search' + (searchError ? ' invalid' : '')}
          name="filter"
          placeholder={"Filter runs, e.g. metrics.loss < 0.5 AND params.optimizer = 'adam'"}
          value={draft}
          aria-invalid={searchError ? 'true' : 'false'}
          onInput={(e) => setDraft((e.target as HTMLInputElement).value)}
        />
        <button type="submit">Search</button>
        {filter && (
          <button type="button" onClick={() => setQueryParam('filter', undefined)}>
            Clear
          </button>
        )}
        <select value={viewType} onChange={(e) => setQueryParam('stage', (e.target as HTMLSelectElement).value)} aria-label="Lifecycle">
          <option value="ACTIVE_ONLY">Active runs</option>
          <option value="DELETED_ONLY">Deleted runs</option>
          <option value="ALL">All runs</option>
        </select>
      </form>
      {searchError && (
        <div class="search-error" role="alert">
          {searchError.message}
        </div>
      )}
      {load.error !== null && !searchError && <ErrorBox error={load.error} onRetry={() => setTick((t) => t + 1)} />}
      <div class="toolbar">
        <span class="run-count" data-complete={load.complete ? 'true' : 'false'} data-first-page-ms={load.firstPageMs?.toFixed(0)} data-all-ms={load.allMs?.toFixed(0)} data-first-page-at-ms={load.firstPageAt?.toFixed(0)} data-all-at-ms={load.allAt?.toFixed(0)}>
          {load.rows.length.toLocaleString('en-US')} runs{load.complete ? '' : ' (loading more…)'}
        </span>
        <ColumnChooser rows={load.rows} columns={extraColumns} onChange={setColumns} />
        <button
          type="button"
          class="primary compare-button"
          disabled={selected.size < 1 || selected.size > MAX_COMPARE}
          title={selected.size > MAX_COMPARE ? 'Compare at most ' + MAX_COMPARE + ' runs' : ''}
          onClick={() => navigate(comparePath([...selected]))}
        >
          Compare {selected.size > 0 ? selected.size : ''} selected
        </button>
        {selected.size > 0 && (
          <button type="button" onClick={() => setSelected(new Set())}>
            Clear selection
          </button>
        )}
      </div>
      {!load.complete && load.rows.length === 0 && !load.error ? (
        <Loading what="runs" />
      ) : load.rows.length === 0 && !load.error ? (
        <Empty title={filter ? 'No run matches this filter' : 'No runs in this experiment yet'}>
          {!filter && <p>Runs appear here as soon as a client logs them.</p>}
        </Empty>
      ) : load.rows.length > 0 ? (
        <VirtualRunsTable
          rows={sorted}
          columns={columns}
          sortId={sortId}
          descending={descending}
          onHeader={clickHeader}
          selected={selected}
          onSelect={setSelected}
        />
      ) : null}
    </section>
  );
}

function ColumnChooser({ rows, columns, onChange }: { rows: Row[]; columns: Column[]; onChange: (c: Column[]) => void }) {
  const [open, setOpen] = useState(false);
  const keys = useMemo(() => (open ? availableKeys(rows) : { metrics: [], params: [], tags: [] }), [open, rows]);
  const chosen = new Set(columns.map(columnId));
  function toggle(c: Column) {
    const id = columnId(c);
    onChange(chosen.has(id) ? columns.filter((x) => columnId(x) !== id) : [...columns, c]);
  }
  const group = (title: string, kind: Column['kind'], list: string[]) =>
    list.length > 0 && (
      <fieldset>
        <legend>{title}</legend>
        {list.map((key) => (
          <label key={key}>
            <input type="checkbox" checked={chosen.has(kind + ':' + key)} onChange={() => toggle({ kind, key })} data-column={kind + ':' + key} /> {key}
          </label>
        ))}
      </fieldset>
    );
  return (
    <div class="column-chooser">
      <button type="button" class="columns-button" onClick={() => setOpen(!open)} aria-expanded={open}>
        Columns ▾
      </button>
      {open && (
        <div class="column-menu">
          {group('Metrics', 'metric', keys.metrics)}
          {group('Parameters', 'param', keys.params)}
          {group('Tags', 'tag', keys.tags)}
          {keys.metrics.length + keys.params.length + keys.tags.length === 0 && <p>No metrics, parameters or tags logged yet.</p>}
        </div>
      )}
    </div>
  );
}

function columnWidth(c: Column): number {
  if (c.kind === 'attr') return { run_name: 220, status: 100, start_time: 175, duration: 90, user_id: 110 }[c.key] ?? 120;
  return 130;
}

/** Renders only the rows in view (plus a margin), so 10,000 runs scroll as smoothly as 10. */
function VirtualRunsTable(props: {
  rows: Row[];
  columns: Column[];
  sortId: string;
  descending: boolean;
  onHeader: (c: Column) => void;
  selected: Set<string>;
  onSelect: (s: Set<string>) => void;
}) {
  const { rows, columns, selected } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(600);
  useEffect(() => {
    const el = scroller.current!;
    const observer = new ResizeObserver(() => setHeight(el.clientHeight));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  const template = '36px ' + columns.map((c) => columnWidth(c) + 'px').join(' ');
  const totalWidth = 36 + columns.reduce((w, c) => w + columnWidth(c), 0);
  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(rows.length, Math.ceil((scrollTop + height) / ROW_HEIGHT) + OVERSCAN);
  const allSelected = rows.length > 0 && rows.every((r) => selected.has(r.id));

  function toggle(id: string) {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    props.onSelect(next);
  }

  const visible = [];
  for (let i = first; i < last; i++) {
    const row = rows[i];
    visible.push(
      <div
        class={'vrow' + (selected.has(row.id) ? ' selected' : '') + (row.run.info.lifecycle_stage === 'deleted' ? ' deleted' : '')}
        key={row.id}
        role="row"
        data-run-id={row.id}
        style={{ top: i * ROW_HEIGHT + 'px', gridTemplateColumns: template, width: totalWidth + 'px' }}
      >
        <div class="cell">
          <input type="checkbox" aria-label={'Select ' + row.name} checked={selected.has(row.id)} onChange={() => toggle(row.id)} />
        </div>
        {columns.map((c) => {
          const v = cellValue(row, c);
          if (c.kind === 'attr' && c.key === 'run_name') {
            return (
              <div class="cell" key="name">
                <a href={runPath(row.id)} class="run-link" title={row.id}>
                  {row.name}
                </a>
              </div>
            );
          }
          if (c.kind === 'attr' && c.key === 'status') {
            return (
              <div class="cell" key="status">
                <StatusBadge status={row.status} />
              </div>
            );
          }
          const text = formatCell(c, v);
          return (
            <div class={'cell' + (typeof v === 'number' ? ' num' : '')} key={columnId(c)} data-column={columnId(c)} title={text}>
              {text}
            </div>
          );
        })}
      </div>,
    );
  }

  return (
    <div
      class="vtable"
      ref={scroller}
      role="table"
      aria-rowcount={rows.length}
      onScroll={(e) => {
        const top = (e.currentTarget as HTMLDivElement).scrollTop;
        requestAnimationFrame(() => setScrollTop(top));
      }}
    >
      <div class="vheader" role="row" style={{ gridTemplateColumns: template, width: totalWidth + 'px' }}>
        <div class="cell">
          <input
            type="checkbox"
            aria-label="Select all"
            checked={allSelected}
            onChange={() => props.onSelect(allSelected ? new Set() : new Set(rows.slice(0, MAX_COMPARE).map((r) => r.id)))}
          />
        </div>
        {columns.map((c) => {
          const id = columnId(c);
          const active = props.sortId === id;
          return (
            <div
              class={'cell sortable' + (active ? ' sorted' : '') + ' kind-' + c.kind}
              key={id}
              role="columnheader"
              data-column={id}
              aria-sort={active ? (props.descending ? 'descending' : 'ascending') : 'none'}
              onClick={() => props.onHeader(c)}
              title={c.kind === 'attr' ? columnLabel(c) : c.kind + ': ' + c.key}
            >
              {columnLabel(c)}
              {active ? (props.descending ? ' ▼' : ' ▲') : ''}
            </div>
          );
        })}
      </div>
      <div class="vbody" style={{ height: rows.length * ROW_HEIGHT + 'px', width: totalWidth + 'px' }}>
        {visible}
      </div>
    </div>
  );
}
