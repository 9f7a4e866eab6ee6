import { useMemo, useState } from 'preact/hooks';
import { api, ApiError } from './api';
import { buildAxis, compareMetrics, compareParams, compareTags, normalise, type Axis, type CompareLine } from './compareModel';
import { ChartControls, chartOptionsFrom, MetricChart, type ChartOptions } from './MetricChart';
import { runPath, runsPath, setQueryParam } from './router';
import { formatNumber, toRow, type Row } from './runsModel';
import { Empty, ErrorBox, Loading, useAsync } from './ui';

const COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];

async function loadRuns(ids: string[]): Promise<{ rows: Row[]; missing: string[] }> {
  const results = await Promise.allSettled(ids.map((id) => api.getRun(id)));
  const rows: Row[] = [];
  const missing: string[] = [];
  results.forEach((r, i) => {
    if (r.status === 'fulfilled') rows.push(toRow(r.value.run));
    else if (r.reason instanceof ApiError && r.reason.errorCode === 'RESOURCE_DOES_NOT_EXIST') missing.push(ids[i]);
    else throw r.reason;
  });
  return { rows, missing };
}

export function CompareView({ runIds, query }: { runIds: string[]; query: URLSearchParams }) {
  const data = useAsync(() => loadRuns(runIds), [runIds.join(',')]);
  const onlyDiff = query.get('diff') === '1';
  if (runIds.length === 0) return <Empty title="No runs to compare">Select runs in a runs table and press “Compare”.</Empty>;
  if (data.error) return <ErrorBox error={data.error} onRetry={data.reload} />;
  if (!data.data) return <Loading what="runs" />;
  const { rows, missing } = data.data;
  const experimentIds = [...new Set(rows.map((r) => r.run.info.experiment_id))];
  return (
    <section class="view compare-view">
      <header class="view-header">
        <h2>
          <a href="/experiments">Experiments</a> / {experimentIds.length > 0 && <a href={runsPath(experimentIds)}>runs</a>} / compare {rows.length} runs
        </h2>
        <label>
          <input type="checkbox" class="only-differences" checked={onlyDiff} onChange={(e) => setQueryParam('diff', (e.target as HTMLInputElement).checked ? '1' : undefined)} /> Only
          differences
        </label>
      </header>
      {missing.length > 0 && <div class="warning-banner">Not found (deleted for good?): {missing.join(', ')}</div>}
      {rows.some((r) => r.run.info.lifecycle_stage === 'deleted') && <div class="warning-banner">Some compared runs are deleted.</div>}
      <CompareTable title="Parameters" cls="compare-params" rows={rows} lines={compareParams(rows)} onlyDiff={onlyDiff} />
      <CompareTable title="Metrics (latest)" cls="compare-metrics" rows={rows} lines={compareMetrics(rows)} onlyDiff={onlyDiff} />
      <CompareTable title="Tags" cls="compare-tags" rows={rows} lines={compareTags(rows)} onlyDiff={onlyDiff} />
      <h3>Parallel coordinates</h3>
      <ParallelCoordinates rows={rows} />
      <h3>Scatter</h3>
      <Scatter rows={rows} query={query} />
      <h3>Metric history</h3>
      <CompareCharts rows={rows} query={query} />
    </section>
  );
}

function CompareTable({ title, cls, rows, lines, onlyDiff }: { title: string; cls: string; rows: Row[]; lines: CompareLine[]; onlyDiff: boolean }) {
  const shown = onlyDiff ? lines.filter((l) => l.differs) : lines;
  return (
    <>
      <h3>{title}</h3>
      {shown.length === 0 ? (
        <div class="hint">{lines.length === 0 ? 'None logged.' : 'No differences.'}</div>
      ) : (
        <div class="table-scroll">
          <table class={'data-table compare-table ' + cls}>
            <thead>
              <tr>
                <th>Key</th>
                {rows.map((r) => (
                  <th key={r.id}>
                    <a href={runPath(r.id)}>{r.name}</a>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {shown.map((l) => (
                <tr key={l.key} class={l.differs ? 'differs' : 'same'} data-key={l.key}>
                  <td class="mono">{l.key}</td>
                  {l.values.map((v, i) => (
                    <td key={i} class={typeof v === 'number' ? 'num' : ''}>
                      {v === null ? '—' : typeof v === 'number' ? formatNumber(v) : v}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

/** Axes: params that differ, then metrics; categorical params get one position per distinct value. */
function defaultAxes(rows: Row[]): Axis[] {
  const params = compareParams(rows).filter((l) => l.differs).slice(0, 6);
  const metrics = compareMetrics(rows).slice(0, 4);
  return [...params.map((l) => buildAxis('params.' + l.key, l.values)), ...metrics.map((l) => buildAxis('metrics.' + l.key, l.values))];
}

function ParallelCoordinates({ rows }: { rows: Row[] }) {
  const axes = useMemo(() => defaultAxes(rows), [rows]);
  if (axes.length < 2) return <div class="hint">Needs at least two differing parameters or metrics.</div>;
  const width = Math.max(600, axes.length * 160);
  const height = 320;
  const pad = { top: 30, bottom: 40, left: 60, right: 60 };
  const x = (i: number) => pad.left + (i * (width - pad.left - pad.right)) / (axes.length - 1);
  const y = (a: Axis, v: number) => pad.top + (1 - normalise(a, v)) * (height - pad.top - pad.bottom);
  return (
    <div class="table-scroll">
      <svg class="parallel-coordinates" width={width} height={height} role="img" aria-label="Parallel coordinates">
        {rows.map((r, ri) => {
          const points = axes.map((a, i) => (a.values[ri] === null ? null : [x(i), y(a, a.values[ri]!)]));
          const d = points.map((p, i) => (p === null ? '' : (i === 0 || points[i - 1] === null ? 'M' : 'L') + p[0].toFixed(1) + ',' + p[1].toFixed(1))).join(' ');
          return (
            <path key={r.id} class="pc-line" d={d} fill="none" stroke={COLORS[ri % COLORS.length]} stroke-width="1.5" opacity="0.8">
              <title>{r.name}</title>
            </path>
          );
        })}
        {axes.map((a, i) => (
          <g key={a.label} class="pc-axis">
            <line x1={x(i)} x2={x(i)} y1={pad.top} y2={height - pad.bottom} stroke="#555" />
            <text x={x(i)} y={height - pad.bottom + 18} text-anchor="middle" class="axis-label">
              {a.label}
            </text>
            <text x={x(i) + 4} y={pad.top - 6} class="tick">
              {a.numeric ? formatNumber(a.max) : a.categories[a.categories.length - 1]}
            </text>
            <text x={x(i) + 4} y={height - pad.bottom + 32} class="tick">
              {a.numeric ? formatNumber(a.min) : a.categories[0]}
            </text>
          </g>
        ))}
      </svg>
    </div>
  );
}

function Scatter({ rows, query }: { rows: Row[]; query: URLSearchParams }) {
  const choices = useMemo(() => {
    const p = compareParams(rows).map((l) => ({ id: 'params.' + l.key, values: l.values }));
    const m = compareMetrics(rows).map((l) => ({ id: 'metrics.' + l.key, values: l.values }));
    return [...p, ...m];
  }, [rows]);
  if (choices.length === 0) return <div class="hint">No parameters or metrics to plot.</div>;
  const numericFirst = [...choices].sort((a, b) => Number(buildAxis(b.id, b.values).numeric) - Number(buildAxis(a.id, a.values).numeric));
  const xId = query.get('sx') ?? numericFirst[0].id;
  const yId = query.get('sy') ?? (choices.find((c) => c.id.startsWith('metrics.') && c.id !== xId) ?? numericFirst[Math.min(1, numericFirst.length - 1)]).id;
  const xc = choices.find((c) => c.id === xId) ?? choices[0];
  const yc = choices.find((c) => c.id === yId) ?? choices[0];
  const ax = buildAxis(xc.id, xc.values);
  const ay = buildAxis(yc.id, yc.values);
  const width = 560;
  const height = 360;
  const pad = 50;
  const left = 80;
  const px = (v: number) => left + normalise(ax, v) * (width - left - pad);
  const py = (v: number) => height - pad - normalise(ay, v) * (height - 2 * pad);
  const select = (param: string, value: string) => (
    <select class={'scatter-' + param} value={value} onChange={(e) => setQueryParam(param, (e.target as HTMLSelectElement).value)}>
      {choices.map((c) => (
        <option key={c.id} value={c.id}>
          {c.id}
        </option>
      ))}
    </select>
  );
  return (
    <div class="scatter">
      <div class="chart-controls">
        <label>X {select('sx', xc.id)}</label>
        <label>Y {select('sy', yc.id)}</label>
      </div>
      <svg class="scatter-plot" width={width} height={height} role="img" aria-label="Scatter plot">
        <line x1={left} x2={width - pad} y1={height - pad} y2={height - pad} stroke="#555" />
        <line x1={left} x2={left} y1={pad} y2={height - pad} stroke="#555" />
        <text x={width / 2} y={height - 12} text-anchor="middle" class="axis-label">
          {ax.label}
        </text>
        <text x={14} y={height / 2} text-anchor="middle" transform={`rotate(-90 14 ${height / 2})`} class="axis-label">
          {ay.label}
        </text>
        <text x={left} y={height - pad + 16} class="tick">{ax.numeric ? formatNumber(ax.min) : ax.categories[0]}</text>
        <text x={width - pad} y={height - pad + 16} text-anchor="end" class="tick">{ax.numeric ? formatNumber(ax.max) : ax.categories[ax.categories.length - 1]}</text>
        <text x={left - 4} y={height - pad} text-anchor="end" class="tick">{ay.numeric ? formatNumber(ay.min) : ay.categories[0]}</text>
        <text x={left - 4} y={pad + 4} text-anchor="end" class="tick">{ay.numeric ? formatNumber(ay.max) : ay.categories[ay.categories.length - 1]}</text>
        {rows.map((r, i) =>
          ax.values[i] === null || ay.values[i] === null ? null : (
            <circle key={r.id} class="scatter-point" cx={px(ax.values[i]!)} cy={py(ay.values[i]!)} r="5" fill={COLORS[i % COLORS.length]}>
              <title>
                {r.name}: {String(xc.values[i])}, {String(yc.values[i])}
              </title>
            </circle>
          ),
        )}
      </svg>
    </div>
  );
}

function CompareCharts({ rows, query }: { rows: Row[]; query: URLSearchParams }) {
  const keys = useMemo(() => compareMetrics(rows).map((l) => l.key), [rows]);
  const chosen = query.get('metrics') !== null ? (query.get('metrics') ?? '').split(',').filter(Boolean) : keys.slice(0, 1);
  const [, force] = useState(0);
  const options = chartOptionsFrom(query);
  function setOptions(o: ChartOptions) {
    setQueryParam('x', o.xAxis === 'step' ? undefined : o.xAxis);
    setQueryParam('smooth', o.smoothing ? String(o.smoothing) : undefined);
    setQueryParam('log', o.logScale ? '1' : undefined);
    force((n) => n + 1);
  }
  if (keys.length === 0) return <div class="hint">No metrics logged.</div>;
  return (
    <div class="compare-charts">
      <div class="metric-picker">
        {keys.map((k) => (
          <label key={k}>
            <input
              type="checkbox"
              data-metric={k}
              checked={chosen.includes(k)}
              onChange={() => setQueryParam('metrics', (chosen.includes(k) ? chosen.filter((c) => c !== k) : [...chosen, k]).join(','))}
            />{' '}
            {k}
          </label>
        ))}
      </div>
      <ChartControls options={options} onChange={setOptions} />
      <MetricChart runs={rows.map((r) => ({ id: r.id, name: r.name, startTime: r.start ?? undefined }))} keys={chosen} options={options} />
    </div>
  );
}
