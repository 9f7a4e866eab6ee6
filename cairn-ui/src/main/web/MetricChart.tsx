// Overlaid metric charts drawn by uPlot from server-downsampled series (extremes kept per bucket).
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, type MetricSeries } from './api';
import { alignSeries, positiveOnly, smooth } from './smoothing';
import { ErrorBox } from './ui';

export type XAxis = 'step' | 'time' | 'relative';

export interface ChartRun {
  id: string;
  name: string;
  startTime?: number;
}

const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];

interface Zoom {
  min: number;
  max: number;
}

export interface ChartOptions {
  xAxis: XAxis;
  smoothing: number;
  logScale: boolean;
}

/** Fetches downsampled series for every run x metric; relative time needs one window per run (each run starts elsewhere). */
async function fetchSeries(runs: ChartRun[], keys: string[], xAxis: XAxis, zoom: Zoom | null, maxPoints: number, signal: AbortSignal) {
  if (xAxis !== 'relative' || zoom === null) {
    const serverAxis = xAxis === 'step' ? 'step' : 'time';
    const range = zoom === null ? {} : xAxis === 'time' ? { xMin: zoom.min * 1000, xMax: zoom.max * 1000 } : { xMin: zoom.min, xMax: zoom.max };
    const r = await api.metricSeries({ runIds: runs.map((r) => r.id), keys, maxPoints, xAxis: serverAxis, ...range }, signal);
    return r.series ?? [];
  }
  const parts = await Promise.all(
    runs.map((run) =>
      api.metricSeries(
        { runIds: [run.id], keys, maxPoints, xAxis: 'time', xMin: (run.startTime ?? 0) + zoom.min * 1000, xMax: (run.startTime ?? 0) + zoom.max * 1000 },
        signal,
      ),
    ),
  );
  return parts.flatMap((p) => p.series ?? []);
}

function toX(series: MetricSeries, run: ChartRun | undefined, xAxis: XAxis, firstTimestamp: Map<string, number>): number[] {
  if (xAxis === 'step') return series.x;
  if (xAxis === 'time') return series.x.map((t) => t / 1000);
  const origin = run?.startTime ?? firstTimestamp.get(series.run_id) ?? series.x[0] ?? 0;
  return series.x.map((t) => (t - origin) / 1000);
}

export function MetricChart({ runs, keys, options, height = 360 }: { runs: ChartRun[]; keys: string[]; options: ChartOptions; height?: number }) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const [zoom, setZoom] = useState<Zoom | null>(null);
  const [series, setSeries] = useState<MetricSeries[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [timing, setTiming] = useState<{ fetchMs: number; drawMs?: number; drawnAt?: number; points: number; total: number; source: string } | null>(null);
  const runKey = runs.map((r) => r.id).join(',');
  const keyKey = keys.join(',');

  useEffect(() => setZoom(null), [runKey, keyKey, options.xAxis]);

  useEffect(() => {
    if (runs.length === 0 || keys.length === 0) return;
    const abort = new AbortController();
    const started = performance.now();
    setError(null);
    setTiming(null);
    const width = host.current?.clientWidth || 1000;
    // Two points per pixel column lets min/max buckets draw the full vertical extent of each column.
    fetchSeries(runs, keys, options.xAxis, zoom, Math.max(200, Math.min(8000, Math.round(width * 2))), abort.signal).then(
      (s) => {
        const fetchMs = performance.now() - started;
        setSeries(s);
        setTiming({
          fetchMs,
          points: s.reduce((n, x) => n + x.x.length, 0),
          total: s.reduce((n, x) => n + x.total_points, 0),
          source: s.some((x) => x.source === 'outline') ? 'outline' : 'history',
        });
      },
      (e) => {
        if (!abort.signal.aborted) setError(e);
      },
    );
    return () => abort.abort();
  }, [runKey, keyKey, options.xAxis, zoom?.min, zoom?.max]);

  useEffect(() => {
    const el = host.current;
    if (!el || !series) return;
    const drawStart = performance.now();
    const runById = new Map(runs.map((r) => [r.id, r]));
    const present = series.filter((s) => s.x.length > 0);
    const firstTs = new Map<string, number>();
    const aligned = alignSeries(
      present.map((s) => {
        const y = options.logScale ? positiveOnly(smooth(s.y, options.smoothing)) : smooth(s.y, options.smoothing);
        return { x: toX(s, runById.get(s.run_id), options.xAxis, firstTs), y };
      }),
    );
    const multiRun = runs.length > 1;
    const multiKey = keys.length > 1;
    const opts: uPlot.Options = {
      width: el.clientWidth || 900,
      height,
      scales: {
        x: { time: options.xAxis === 'time', ...(zoom ? { auto: false, range: [zoom.min, zoom.max] as uPlot.Range.MinMax } : {}) },
        y: options.logScale ? { distr: 3 } : {},
      },
      axes: [
        { label: options.xAxis === 'step' ? 'step' : options.xAxis === 'time' ? 'wall time' : 'relative time (s)' },
        { size: 70 },
      ],
      cursor: { drag: { x: true, y: false, setScale: false } },
      legend: { live: true },
      series: [
        {},
        ...present.map((s, i) => ({
          label: [multiRun ? runById.get(s.run_id)?.name ?? s.run_id : '', multiKey || !multiRun ? s.metric_key : ''].filter(Boolean).join(' · '),
          stroke: PALETTE[i % PALETTE.length],
          width: 1.25,
          spanGaps: true,
          points: { show: false },
        })),
      ],
      hooks: {
        setSelect: [
          (u: uPlot) => {
            if (u.select.width < 3) return;
            const min = u.posToVal(u.select.left, 'x');
            const max = u.posToVal(u.select.left + u.select.width, 'x');
            u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
            setZoom({ min, max });
          },
        ],
      },
    };
    plot.current?.destroy();
    plot.current = new uPlot(opts, [aligned.x, ...aligned.ys] as uPlot.AlignedData, el);
    const drawnAt = performance.now();
    // drawnAt counts from the start of the page's navigation: what a user waits for on a first view
    setTiming((t) => (t ? { ...t, drawMs: drawnAt - drawStart, drawnAt } : t));
    const resize = new ResizeObserver(() => plot.current?.setSize({ width: el.clientWidth || 900, height }));
    resize.observe(el);
    return () => resize.disconnect();
  }, [series, options.smoothing, options.logScale, height]);

  useEffect(() => () => plot.current?.destroy(), []);

  if (keys.length === 0) return <div class="chart-empty">Choose a metric to plot.</div>;
  const empty = series !== null && series.every((s) => s.x.length === 0);
  return (
    <div class="metric-chart" data-state={error ? 'error' : series && timing?.drawMs !== undefined ? 'ready' : 'loading'}>
      <div class="chart-meta">
        {timing && (
          <span
            class="chart-timing"
            data-fetch-ms={timing.fetchMs.toFixed(1)}
            data-draw-ms={timing.drawMs?.toFixed(1)}
            data-drawn-at-ms={timing.drawnAt?.toFixed(0)}
            data-points={timing.points}
            data-total-points={timing.total}
            data-source={timing.source}
          >
            {timing.points.toLocaleString('en-US')} of {timing.total.toLocaleString('en-US')} points · fetched in {timing.fetchMs.toFixed(0)} ms
            {timing.drawMs !== undefined ? ' · drawn in ' + timing.drawMs.toFixed(0) + ' ms' : ''}
          </span>
        )}
        {zoom && (
          <button type="button" class="reset-zoom" onClick={() => setZoom(null)}>
            Reset zoom
          </button>
        )}
        <span class="hint">Drag across the chart to zoom; zoomed ranges are re-fetched at full detail.</span>
      </div>
      {error !== null && <ErrorBox error={error} />}
      {empty && <div class="chart-empty">No points logged for this selection.</div>}
      <div class="chart-host" ref={host} onDblClick={() => setZoom(null)} />
    </div>
  );
}

export function ChartControls({ options, onChange }: { options: ChartOptions; onChange: (o: ChartOptions) => void }) {
  return (
    <div class="chart-controls">
      <label>
        X axis{' '}
        <select class="x-axis" value={options.xAxis} onChange={(e) => onChange({ ...options, xAxis: (e.target as HTMLSelectElement).value as XAxis })}>
          <option value="step">Step</option>
          <option value="time">Wall time</option>
          <option value="relative">Relative time</option>
        </select>
      </label>
      <label>
        Smoothing{' '}
        <input
          type="range"
          class="smoothing"
          min="0"
          max="0.99"
          step="0.01"
          value={options.smoothing}
          onInput={(e) => onChange({ ...options, smoothing: Number((e.target as HTMLInputElement).value) })}
        />{' '}
        {options.smoothing.toFixed(2)}
      </label>
      <label>
        <input type="checkbox" class="log-scale" checked={options.logScale} onChange={(e) => onChange({ ...options, logScale: (e.target as HTMLInputElement).checked })} /> Log scale
      </label>
    </div>
  );
}

export function chartOptionsFrom(query: URLSearchParams): ChartOptions {
  const x = query.get('x');
  return {
    xAxis: x === 'time' || x === 'relative' ? x : 'step',
    smoothing: Math.min(0.99, Math.max(0, Number(query.get('smooth') ?? 0) || 0)),
    logScale: query.get('log') === '1',
  };
}
