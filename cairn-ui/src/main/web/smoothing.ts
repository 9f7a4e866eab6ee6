// Chart maths kept out of the components so it can be tested.

/**
 * Exponential moving average with debiasing (so the first points are not pulled towards 0), as
 * training dashboards do; gaps (null, NaN, ±Infinity) are kept as gaps and do not reset the average.
 * weight 0 returns the input unchanged; weight must be in [0, 1).
 */
export function smooth(values: (number | null)[], weight: number): (number | null)[] {
  if (weight <= 0) return values;
  const w = Math.min(weight, 0.999);
  let last = 0;
  let count = 0;
  const out: (number | null)[] = new Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || !Number.isFinite(v)) {
      out[i] = null;
      continue;
    }
    last = last * w + (1 - w) * v;
    count++;
    out[i] = last / (1 - Math.pow(w, count));
  }
  return out;
}

/**
 * Aligns several (x, y) series on the union of their x values, as uPlot wants one shared x array;
 * a series has null where it has no point at that x.
 */
export function alignSeries(series: { x: number[]; y: (number | null)[] }[]): { x: number[]; ys: (number | null)[][] } {
  if (series.length === 1) return { x: series[0].x, ys: [series[0].y] };
  const all = new Float64Array(series.reduce((n, s) => n + s.x.length, 0));
  let o = 0;
  for (const s of series) for (const x of s.x) all[o++] = x;
  all.sort();
  const x: number[] = [];
  for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[i - 1]) x.push(all[i]);
  const index = new Map<number, number>();
  x.forEach((v, i) => index.set(v, i));
  const ys = series.map((s) => {
    const y: (number | null)[] = new Array(x.length).fill(null);
    // Several points at one x (same step logged twice): the last one wins, as for a table cell.
    for (let i = 0; i < s.x.length; i++) y[index.get(s.x[i])!] = s.y[i];
    return y;
  });
  return { x, ys };
}

/** Log scales cannot show values <= 0; those become gaps rather than breaking the axis. */
export function positiveOnly(values: (number | null)[]): (number | null)[] {
  return values.map((v) => (v !== null && v > 0 ? v : null));
}
