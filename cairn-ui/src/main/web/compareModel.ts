// Side-by-side comparison: which keys differ across the compared runs.
import type { Row } from './runsModel';

export interface CompareLine {
  key: string;
  values: (string | number | null)[];
  differs: boolean;
}

function lines(rows: Row[], pick: (r: Row) => Map<string, string | number>): CompareLine[] {
  const keys = new Set<string>();
  rows.forEach((r) => pick(r).forEach((_, k) => keys.add(k)));
  return [...keys].sort().map((key) => {
    const values = rows.map((r) => (pick(r).has(key) ? pick(r).get(key)! : null));
    return { key, values, differs: differs(values) };
  });
}

/** Values differ when any two are unequal; a missing value differs from a present one. NaN equals NaN here. */
export function differs(values: (string | number | null)[]): boolean {
  if (values.length < 2) return false;
  const first = values[0];
  return values.some((v) => !(v === first || (typeof v === 'number' && typeof first === 'number' && Number.isNaN(v) && Number.isNaN(first))));
}

export function compareParams(rows: Row[]): CompareLine[] {
  return lines(rows, (r) => r.params);
}

export function compareMetrics(rows: Row[]): CompareLine[] {
  return lines(rows, (r) => r.metrics);
}

export function compareTags(rows: Row[]): CompareLine[] {
  return lines(rows, (r) => new Map([...r.tags].filter(([k]) => !k.startsWith('mlflow.'))));
}

/** A numeric axis for parallel coordinates / scatter, or categories mapped to evenly spaced positions. */
export interface Axis {
  label: string;
  numeric: boolean;
  categories: string[];
  values: (number | null)[];
  min: number;
  max: number;
}

export function buildAxis(label: string, raw: (string | number | null)[]): Axis {
  const nums = raw.map((v) => (v === null ? null : typeof v === 'number' ? v : v.trim() === '' ? NaN : Number(v)));
  const numeric = nums.every((n) => n === null || Number.isFinite(n));
  let values: (number | null)[];
  let categories: string[] = [];
  if (numeric) {
    values = nums;
  } else {
    categories = [...new Set(raw.filter((v): v is string | number => v !== null).map(String))].sort();
    values = raw.map((v) => (v === null ? null : categories.indexOf(String(v))));
  }
  const present = values.filter((v): v is number => v !== null);
  const min = present.length ? Math.min(...present) : 0;
  const max = present.length ? Math.max(...present) : 1;
  return { label, numeric, categories, values, min, max };
}

/** Position of a value on an axis in [0, 1]; a constant axis puts everything in the middle. */
export function normalise(axis: Axis, v: number): number {
  return axis.max === axis.min ? 0.5 : (v - axis.min) / (axis.max - axis.min);
}
