import { describe, expect, it } from 'vitest';
import { buildAxis, compareParams, differs, normalise } from '../../main/web/compareModel';
import { toRow } from '../../main/web/runsModel';

describe('compare model', () => {
  it('flags a key as differing when values differ or one is missing', () => {
    expect(differs(['a', 'a', 'a'])).toBe(false);
    expect(differs(['a', 'b'])).toBe(true);
    expect(differs(['a', null])).toBe(true);
    expect(differs([NaN, NaN])).toBe(false);
    expect(differs(['only'])).toBe(false);
  });

  it('lines params of several runs up by key', () => {
    const mk = (id: string, params: Record<string, string>) =>
      toRow({ info: { run_id: id, experiment_id: '0', status: 'FINISHED', lifecycle_stage: 'active' }, data: { params: Object.entries(params).map(([key, value]) => ({ key, value })) } });
    const lines = compareParams([mk('a', { lr: '0.1', opt: 'adam' }), mk('b', { lr: '0.2', opt: 'adam', extra: 'x' })]);
    expect(lines.map((l) => [l.key, l.differs])).toEqual([
      ['extra', true],
      ['lr', true],
      ['opt', false],
    ]);
    expect(lines[0].values).toEqual([null, 'x']);
  });

  it('maps categorical values to positions and numeric ones to their range', () => {
    const cat = buildAxis('opt', ['sgd', 'adam', null, 'adam']);
    expect(cat.numeric).toBe(false);
    expect(cat.categories).toEqual(['adam', 'sgd']);
    expect(cat.values).toEqual([1, 0, null, 0]);
    const num = buildAxis('lr', ['0.5', 1.5, null]);
    expect(num.numeric).toBe(true);
    expect(normalise(num, 1.0)).toBeCloseTo(0.5);
    expect(normalise(buildAxis('c', [3, 3]), 3)).toBe(0.5);
  });
});
