import { describe, expect, it } from 'vitest';
import type { Run } from '../../main/web/api';
import { availableKeys, cellValue, compareValues, formatDuration, formatNumber, parseColumnId, sortRows, toRow } from '../../main/web/runsModel';

function run(id: string, opts: { metrics?: Record<string, number>; params?: Record<string, string>; tags?: Record<string, string>; start?: number; end?: number } = {}): Run {
  return {
    info: { run_id: id, experiment_id: '0', status: 'FINISHED', lifecycle_stage: 'active', start_time: opts.start, end_time: opts.end, run_name: 'run-' + id },
    data: {
      metrics: Object.entries(opts.metrics ?? {}).map(([key, value]) => ({ key, value, timestamp: 0, step: 0 })),
      params: Object.entries(opts.params ?? {}).map(([key, value]) => ({ key, value })),
      tags: Object.entries(opts.tags ?? {}).map(([key, value]) => ({ key, value })),
    },
  };
}

describe('runs table model', () => {
  it('sorts numeric params numerically, not as text', () => {
    const rows = [run('a', { params: { lr: '0.1' } }), run('b', { params: { lr: '0.01' } }), run('c', { params: { lr: '1e-3' } })].map(toRow);
    expect(sortRows(rows, { kind: 'param', key: 'lr' }, false).map((r) => r.id)).toEqual(['c', 'b', 'a']);
  });

  it('keeps missing values last in both directions', () => {
    const rows = [run('a', { metrics: { loss: 2 } }), run('b'), run('c', { metrics: { loss: 1 } })].map(toRow);
    expect(sortRows(rows, { kind: 'metric', key: 'loss' }, false).map((r) => r.id)).toEqual(['c', 'a', 'b']);
    expect(sortRows(rows, { kind: 'metric', key: 'loss' }, true).map((r) => r.id)).toEqual(['a', 'c', 'b']);
  });

  it('derives duration from start and end, and none for a running run', () => {
    expect(cellValue(toRow(run('a', { start: 1000, end: 4500 })), { kind: 'attr', key: 'duration' })).toBe(3500);
    expect(cellValue(toRow(run('b', { start: 1000 })), { kind: 'attr', key: 'duration' })).toBeNull();
  });

  it('orders NaN after real numbers', () => {
    expect(compareValues(NaN, 1, false)).toBe(1);
    expect(compareValues(1, NaN, false)).toBe(-1);
  });

  it('parses column ids, keeping colons in keys', () => {
    expect(parseColumnId('metric:val:loss')).toEqual({ kind: 'metric', key: 'val:loss' });
    expect(parseColumnId('bogus:x')).toBeNull();
    expect(parseColumnId('nocolon')).toBeNull();
  });

  it('lists keys with system tags last', () => {
    const keys = availableKeys([run('a', { tags: { 'mlflow.user': 'x', team: 'y' }, metrics: { b: 1, a: 2 } })].map(toRow));
    expect(keys.tags).toEqual(['team', 'mlflow.user']);
    expect(keys.metrics).toEqual(['a', 'b']);
  });

  it('formats durations and numbers for people', () => {
    expect(formatDuration(450)).toBe('450ms');
    expect(formatDuration(61_000)).toBe('1m 1s');
    expect(formatDuration(3 * 3600_000 + 5 * 60_000)).toBe('3h 5m');
    expect(formatNumber(0.123456789)).toBe('0.123457');
    expect(formatNumber(1e-7)).toBe('1.0000e-7');
    expect(formatNumber(42)).toBe('42');
  });
});
