import { describe, expect, it } from 'vitest';
import { formatBytes, parseDelimited, prettyJson, previewKind } from '../../main/web/preview';

describe('artifact previews', () => {
  it('chooses the preview by file name', () => {
    expect(previewKind('plots/loss.PNG')).toBe('image');
    expect(previewKind('model/MLmodel')).toBe('yaml');
    expect(previewKind('config.yml')).toBe('yaml');
    expect(previewKind('data/eval.csv')).toBe('csv');
    expect(previewKind('metrics.json')).toBe('json');
    expect(previewKind('notes.txt')).toBe('text');
    expect(previewKind('model.pkl')).toBe('none');
  });

  it('parses quoted CSV fields with delimiters, quotes and newlines', () => {
    const { rows, truncated } = parseDelimited('a,b\n"x, y","say ""hi"""\r\n"multi\nline",2\n', ',', 100);
    expect(rows).toEqual([
      ['a', 'b'],
      ['x, y', 'say "hi"'],
      ['multi\nline', '2'],
    ]);
    expect(truncated).toBe(false);
  });

  it('stops at the row limit and says so', () => {
    const { rows, truncated } = parseDelimited('h\n1\n2\n3\n', ',', 2);
    expect(rows).toEqual([['h'], ['1']]);
    expect(truncated).toBe(true);
  });

  it('pretty-prints JSON and leaves other text alone', () => {
    expect(prettyJson('{"a":1}')).toBe('{\n  "a": 1\n}');
    expect(prettyJson('not json')).toBe('not json');
  });

  it('formats sizes', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(2048)).toBe('2.0 KB');
    expect(formatBytes(5 * 1024 * 1024)).toBe('5.0 MB');
  });
});
