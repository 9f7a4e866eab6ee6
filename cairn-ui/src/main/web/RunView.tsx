import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, artifactUrl, type FileInfo, type Run } from './api';
import { ChartControls, chartOptionsFrom, MetricChart, type ChartOptions } from './MetricChart';
import { formatBytes, parseDelimited, prettyJson, previewKind } from './preview';
import { runsPath, setQueryParam } from './router';
import { formatDuration, formatNumber, formatTime } from './runsModel';
import { Empty, ErrorBox, Loading, StatusBadge, useAsync } from './ui';

const TABS = ['overview', 'params', 'metrics', 'tags', 'datasets', 'artifacts'] as const;
type Tab = (typeof TABS)[number];

export function RunView({ runId, query }: { runId: string; query: URLSearchParams }) {
  const tab = (TABS as readonly string[]).includes(query.get('tab') ?? '') ? (query.get('tab') as Tab) : 'overview';
  const run = useAsync(() => api.getRun(runId).then((r) => r.run), [runId]);
  const [actionError, setActionError] = useState<unknown>(null);

  async function act(action: () => Promise<unknown>) {
    setActionError(null);
    try {
      await action();
      run.reload();
    } catch (e) {
      setActionError(e);
    }
  }

  if (run.error) {
    const missing = run.error instanceof ApiError && run.error.errorCode === 'RESOURCE_DOES_NOT_EXIST';
    return (
      <section class="view run-view">
        {missing ? (
          <Empty title="Run not found">
            <p class="mono">{runId}</p>
            <p>It may have been deleted permanently, or the link is wrong.</p>
            <a href="/experiments">Back to experiments</a>
          </Empty>
        ) : (
          <ErrorBox error={run.error} onRetry={run.reload} />
        )}
      </section>
    );
  }
  if (!run.data) return <Loading what="run" />;
  const r = run.data;
  const info = r.info;
  const name = info.run_name || runId;
  return (
    <section class="view run-view" data-run-id={runId}>
      <header class="view-header">
        <h2>
          <a href="/experiments">Experiments</a> / <a href={runsPath([info.experiment_id])}>{info.experiment_id}</a> / <span class="run-name">{name}</span>{' '}
          <StatusBadge status={info.status} />
        </h2>
        <div class="actions">
          {info.lifecycle_stage === 'active' ? (
            <button type="button" class="danger delete-run" onClick={() => act(() => api.deleteRun(runId))}>
              Delete run
            </button>
          ) : (
            <button type="button" class="restore-run" onClick={() => act(() => api.restoreRun(runId))}>
              Restore run
            </button>
          )}
        </div>
      </header>
      {info.lifecycle_stage === 'deleted' && (
        <div class="warning-banner run-deleted" role="status">
          This run is deleted. It is hidden from the runs table and will be removed for good by garbage collection; restore it to keep it.
        </div>
      )}
      {actionError !== null && <ErrorBox error={actionError} />}
      <nav class="tabs" role="tablist">
        {TABS.map((t) => (
          <button type="button" role="tab" key={t} class={'tab' + (t === tab ? ' active' : '')} aria-selected={t === tab} data-tab={t} onClick={() => setQueryParam('tab', t === 'overview' ? undefined : t)}>
            {t[0].toUpperCase() + t.slice(1)}
          </button>
        ))}
      </nav>
      <div class="tab-panel">
        {tab === 'overview' && <Overview run={r} />}
        {tab === 'params' && <KeyValueTable items={r.data.params ?? []} empty="No parameters logged." cls="params-table" />}
        {tab === 'metrics' && <MetricsTab run={r} query={query} />}
        {tab === 'tags' && <TagsTab run={r} onChange={act} />}
        {tab === 'datasets' && <DatasetsTab run={r} />}
        {tab === 'artifacts' && <ArtifactsTab runId={runId} path={query.get('path') ?? ''} />}
      </div>
    </section>
  );
}

function Overview({ run }: { run: Run }) {
  const i = run.info;
  const tags = new Map((run.data.tags ?? []).map((t) => [t.key, t.value]));
  const rows: [string, string | preact.JSX.Element][] = [
    ['Run ID', <span class="mono">{i.run_id}</span>],
    ['Name', i.run_name ?? ''],
    ['Experiment', <a href={runsPath([i.experiment_id])}>{i.experiment_id}</a>],
    ['Status', <StatusBadge status={i.status} />],
    ['User', i.user_id ?? ''],
    ['Started', formatTime(i.start_time)],
    ['Ended', formatTime(i.end_time)],
    ['Duration', i.start_time !== undefined && i.end_time !== undefined ? formatDuration(i.end_time - i.start_time) : ''],
    ['Lifecycle', i.lifecycle_stage],
    ['Artifact URI', <span class="mono">{i.artifact_uri ?? ''}</span>],
    ['Source', tags.get('mlflow.source.name') ?? ''],
    ['Git commit', <span class="mono">{tags.get('mlflow.source.git.commit') ?? ''}</span>],
    ['Parent run', tags.has('mlflow.parentRunId') ? <a href={'/runs/' + tags.get('mlflow.parentRunId')}>{tags.get('mlflow.parentRunId')}</a> : ''],
  ];
  return (
    <table class="data-table overview-table">
      <tbody>
        {rows.map(([k, v]) => (
          <tr key={k}>
            <th>{k}</th>
            <td>{v}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function KeyValueTable({ items, empty, cls }: { items: { key: string; value: string }[]; empty: string; cls: string }) {
  if (items.length === 0) return <Empty title={empty} />;
  const sorted = [...items].sort((a, b) => (a.key < b.key ? -1 : 1));
  return (
    <table class={'data-table ' + cls}>
      <thead>
        <tr>
          <th>Key</th>
          <th>Value</th>
        </tr>
      </thead>
      <tbody>
        {sorted.map((p) => (
          <tr key={p.key} data-key={p.key}>
            <td class="mono">{p.key}</td>
            <td class="value">{p.value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function MetricsTab({ run, query }: { run: Run; query: URLSearchParams }) {
  const summary = useAsync(() => api.metricSummary(run.info.run_id).then((r) => r.metrics ?? []), [run.info.run_id]);
  const keys = (run.data.metrics ?? []).map((m) => m.key).sort();
  const chosen = query.get('metrics') !== null ? (query.get('metrics') ?? '').split(',').filter(Boolean) : keys.slice(0, 1);
  const options = chartOptionsFrom(query);
  function setOptions(o: ChartOptions) {
    setQueryParam('x', o.xAxis === 'step' ? undefined : o.xAxis);
    setQueryParam('smooth', o.smoothing ? String(o.smoothing) : undefined);
    setQueryParam('log', o.logScale ? '1' : undefined);
  }
  function toggle(key: string) {
    const next = chosen.includes(key) ? chosen.filter((k) => k !== key) : [...chosen, key];
    setQueryParam('metrics', next.join(','));
  }
  if (keys.length === 0) return <Empty title="No metrics logged." />;
  const byKey = new Map((summary.data ?? []).map((s) => [s.key, s]));
  return (
    <div class="metrics-tab">
      {summary.error !== undefined && <ErrorBox error={summary.error} />}
      <table class="data-table metrics-table">
        <thead>
          <tr>
            <th>Plot</th>
            <th>Metric</th>
            <th>Latest</th>
            <th>Min</th>
            <th>Max</th>
            <th>Points</th>
          </tr>
        </thead>
        <tbody>
          {keys.map((k) => {
            const latest = (run.data.metrics ?? []).find((m) => m.key === k);
            const s = byKey.get(k);
            return (
              <tr key={k} data-key={k}>
                <td>
                  <input type="checkbox" aria-label={'Plot ' + k} checked={chosen.includes(k)} onChange={() => toggle(k)} />
                </td>
                <td class="mono">{k}</td>
                <td class="num latest">{latest ? formatNumber(Number(latest.value)) : ''}</td>
                <td class="num min">{s ? formatNumber(s.min) : ''}</td>
                <td class="num max">{s ? formatNumber(s.max) : ''}</td>
                <td class="num count">{s ? s.count.toLocaleString('en-US') : ''}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <ChartControls options={options} onChange={setOptions} />
      <MetricChart runs={[{ id: run.info.run_id, name: run.info.run_name ?? run.info.run_id, startTime: run.info.start_time }]} keys={chosen} options={options} />
    </div>
  );
}

function TagsTab({ run, onChange }: { run: Run; onChange: (a: () => Promise<unknown>) => void }) {
  const [key, setKey] = useState('');
  const [value, setValue] = useState('');
  const [editing, setEditing] = useState<{ key: string; value: string } | null>(null);
  const id = run.info.run_id;
  const active = run.info.lifecycle_stage === 'active';
  const tags = [...(run.data.tags ?? [])].sort((a, b) => (a.key < b.key ? -1 : 1));
  return (
    <div class="tags-tab">
      {tags.length === 0 ? (
        <Empty title="No tags." />
      ) : (
        <table class="data-table tags-table">
          <thead>
            <tr>
              <th>Key</th>
              <th>Value</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            {tags.map((t) => (
              <tr key={t.key} data-key={t.key}>
                <td class="mono">{t.key}</td>
                <td class="value">
                  {editing?.key === t.key ? (
                    <form
                      class="inline-form edit-tag"
                      onSubmit={(e) => {
                        e.preventDefault();
                        const v = editing.value;
                        setEditing(null);
                        onChange(() => api.setTag(id, t.key, v));
                      }}
                    >
                      <input name="tag-value" value={editing.value} onInput={(e) => setEditing({ key: t.key, value: (e.target as HTMLInputElement).value })} autoFocus />
                      <button type="submit">Save</button>
                      <button type="button" onClick={() => setEditing(null)}>
                        Cancel
                      </button>
                    </form>
                  ) : (
                    t.value
                  )}
                </td>
                <td class="actions">
                  {active && editing?.key !== t.key && (
                    <>
                      <button type="button" class="edit" onClick={() => setEditing({ key: t.key, value: t.value })}>
                        Edit
                      </button>
                      <button type="button" class="danger remove" onClick={() => onChange(() => api.deleteTag(id, t.key))}>
                        Delete
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {active && (
        <form
          class="inline-form add-tag"
          onSubmit={(e) => {
            e.preventDefault();
            if (!key.trim()) return;
            const k = key.trim();
            const v = value;
            setKey('');
            setValue('');
            onChange(() => api.setTag(id, k, v));
          }}
        >
          <input name="new-tag-key" placeholder="Tag key" value={key} onInput={(e) => setKey((e.target as HTMLInputElement).value)} />
          <input name="new-tag-value" placeholder="Value" value={value} onInput={(e) => setValue((e.target as HTMLInputElement).value)} />
          <button type="submit">Add tag</button>
        </form>
      )}
    </div>
  );
}

function DatasetsTab({ run }: { run: Run }) {
  const inputs = run.inputs?.dataset_inputs ?? [];
  if (inputs.length === 0) return <Empty title="No datasets logged." />;
  return (
    <table class="data-table datasets-table">
      <thead>
        <tr>
          <th>Name</th>
          <th>Digest</th>
          <th>Context</th>
          <th>Source</th>
          <th>Schema</th>
          <th>Profile</th>
        </tr>
      </thead>
      <tbody>
        {inputs.map((d, i) => (
          <tr key={i}>
            <td>{d.dataset.name}</td>
            <td class="mono">{d.dataset.digest}</td>
            <td>{(d.tags ?? []).map((t) => t.key + '=' + t.value).join(', ')}</td>
            <td class="mono truncate" title={d.dataset.source}>
              {d.dataset.source_type}: {d.dataset.source}
            </td>
            <td>
              <pre class="small">{d.dataset.schema ? prettyJson(d.dataset.schema) : ''}</pre>
            </td>
            <td>
              <pre class="small">{d.dataset.profile ? prettyJson(d.dataset.profile) : ''}</pre>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function parentOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

function ArtifactsTab({ runId, path }: { runId: string; path: string }) {
  // path is either a directory being browsed or a file being previewed (then its folder is listed).
  const [selectedFile, setSelectedFile] = useState<FileInfo | null>(null);
  const listing = useAsync(async () => {
    const here = await api.listArtifacts(runId, path || undefined);
    const files = here.files ?? [];
    // A file path lists as nothing (or itself); then show its folder with it selected.
    if (path && (files.length === 0 || (files.length === 1 && files[0].path === path && !files[0].is_dir))) {
      const folder = await api.listArtifacts(runId, parentOf(path) || undefined);
      const match = (folder.files ?? []).find((f) => f.path === path && !f.is_dir);
      if (match) return { dir: parentOf(path), files: folder.files ?? [], file: match };
    }
    return { dir: path, files, file: null as FileInfo | null };
  }, [runId, path]);
  useEffect(() => setSelectedFile(listing.data?.file ?? null), [listing.data]);

  if (listing.error) return <ErrorBox error={listing.error} onRetry={listing.reload} />;
  if (!listing.data) return <Loading what="artifacts" />;
  const { dir, files } = listing.data;
  const crumbs = dir ? dir.split('/') : [];
  return (
    <div class="artifacts-tab">
      <div class="artifact-tree">
        <div class="crumbs">
          <a href={'/runs/' + runId + '?tab=artifacts'}>root</a>
          {crumbs.map((c, i) => (
            <span key={i}>
              {' / '}
              <a href={'/runs/' + runId + '?tab=artifacts&path=' + encodeURIComponent(crumbs.slice(0, i + 1).join('/'))}>{c}</a>
            </span>
          ))}
        </div>
        {files.length === 0 ? (
          <Empty title="No artifacts." />
        ) : (
          <ul class="file-list">
            {[...files]
              .sort((a, b) => (a.is_dir === b.is_dir ? (a.path < b.path ? -1 : 1) : a.is_dir ? -1 : 1))
              .map((f) => (
                <li key={f.path} class={(f.is_dir ? 'dir' : 'file') + (selectedFile?.path === f.path ? ' selected' : '')} data-path={f.path}>
                  <a href={'/runs/' + runId + '?tab=artifacts&path=' + encodeURIComponent(f.path)}>
                    {f.is_dir ? '📁 ' : '📄 '}
                    {f.path.split('/').pop()}
                  </a>
                  {!f.is_dir && <span class="size">{formatBytes(f.file_size)}</span>}
                </li>
              ))}
          </ul>
        )}
      </div>
      <div class="artifact-preview">{selectedFile ? <Preview runId={runId} file={selectedFile} /> : <div class="hint">Select a file to preview it.</div>}</div>
    </div>
  );
}

const MAX_PREVIEW_BYTES = 5 * 1024 * 1024;

function Preview({ runId, file }: { runId: string; file: FileInfo }) {
  const kind = previewKind(file.path);
  const url = artifactUrl(runId, file.path);
  const tooBig = (file.file_size ?? 0) > MAX_PREVIEW_BYTES;
  const content = useAsync(async () => {
    if (kind === 'none' || kind === 'image' || tooBig) return '';
    const response = await fetch(url);
    if (!response.ok) throw new ApiError(response.status, 'HTTP_' + response.status, (await response.text()).slice(0, 300) || response.statusText);
    return response.text();
  }, [url]);
  return (
    <div class="preview" data-kind={kind}>
      <div class="preview-header">
        <span class="mono">{file.path}</span> <span class="size">{formatBytes(file.file_size)}</span>{' '}
        <a class="download" href={url} download={file.path.split('/').pop()}>
          Download
        </a>
      </div>
      {tooBig && kind !== 'image' ? (
        <div class="hint">Too large to preview; download it instead.</div>
      ) : kind === 'none' ? (
        <div class="hint">No preview for this file type.</div>
      ) : kind === 'image' ? (
        <img class="preview-image" src={url} alt={file.path} />
      ) : content.error ? (
        <ErrorBox error={content.error} />
      ) : content.data === undefined ? (
        <Loading what="preview" />
      ) : kind === 'csv' ? (
        <CsvTable text={content.data} delimiter={file.path.toLowerCase().endsWith('.tsv') ? '\t' : ','} />
      ) : (
        <pre class="preview-text">{kind === 'json' ? prettyJson(content.data) : content.data}</pre>
      )}
    </div>
  );
}

function CsvTable({ text, delimiter }: { text: string; delimiter: string }) {
  const { rows, truncated } = parseDelimited(text, delimiter, 1001);
  if (rows.length === 0) return <div class="hint">Empty file.</div>;
  const [head, ...body] = rows;
  return (
    <div class="csv-preview">
      <table class="data-table csv-table">
        <thead>
          <tr>
            {head.map((h, i) => (
              <th key={i}>{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {body.map((r, i) => (
            <tr key={i}>
              {r.map((c, j) => (
                <td key={j}>{c}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {truncated && <div class="hint">Showing the first 1,000 rows.</div>}
    </div>
  );
}
