import { describe, expect, it } from 'vitest';
import { alignSeries, positiveOnly, smooth } from '../../main/web/smoothing';

describe('chart maths', () => {
  it('leaves series untouched without smoothing', () => {
    const y = [1, 5, 2];
    expect(smooth(y, 0)).toBe(y);
  });

  it('debiases the moving average so it starts at the first value', () => {
    const out = smooth([10, 10, 10], 0.9);
    out.forEach((v) => expect(v).toBeCloseTo(10));
  });

  it('smooths a step towards the new level and keeps gaps', () => {
    const out = smooth([0, 0, null, 10, 10], 0.5);
    expect(out[2]).toBeNull();
    expect(out[3]!).toBeGreaterThan(0);
    expect(out[3]!).toBeLessThan(10);
    expect(out[4]!).toBeGreaterThan(out[3]!);
  });

  it('aligns series on the union of x with nulls where a series has no point', () => {
    const { x, ys } = alignSeries([
      { x: [0, 2, 4], y: [1, 2, 3] },
      { x: [1, 2], y: [9, 8] },
    ]);
    expect(x).toEqual([0, 1, 2, 4]);
    expect(ys[0]).toEqual([1, null, 2, 3]);
    expect(ys[1]).toEqual([null, 9, 8, null]);
  });

  it('drops non-positive values on a log scale', () => {
    expect(positiveOnly([1, 0, -2, null, 3])).toEqual([1, null, null, null, 3]);
  });
});
