import { describe, expect, it } from 'vitest';
import { comparePath, parseRoute, runsPath } from '../../main/web/router';

describe('routes', () => {
  it('maps paths to views', () => {
    expect(parseRoute('/', '').view).toBe('experiments');
    expect(parseRoute('/experiments', '?q=x').view).toBe('experiments');
    expect(parseRoute('/experiments/1,2', '')).toMatchObject({ view: 'runs', experimentIds: ['1', '2'] });
    expect(parseRoute('/runs/abc', '?tab=metrics')).toMatchObject({ view: 'run', runId: 'abc' });
    expect(parseRoute('/compare', '?runs=a,b')).toMatchObject({ view: 'compare', runIds: ['a', 'b'] });
    expect(parseRoute('/nope/x/y', '').view).toBe('notFound');
  });

  it('builds links that parse back', () => {
    expect(parseRoute(runsPath(['3', '4']), '')).toMatchObject({ experimentIds: ['3', '4'] });
    const c = comparePath(['r1', 'r2']);
    const [p, q] = c.split('?');
    expect(parseRoute(p, '?' + q)).toMatchObject({ runIds: ['r1', 'r2'] });
  });
});
