// How an artifact is previewed, chosen by its name (as MLflow's UI does: no content sniffing).

export type PreviewKind = 'image' | 'json' | 'yaml' | 'csv' | 'text' | 'none';

const IMAGE = ['png', 'jpg', 'jpeg', 'gif', 'svg', 'webp', 'bmp'];
const TEXT = ['txt', 'log', 'md', 'py', 'java', 'scala', 'r', 'sh', 'ini', 'cfg', 'toml', 'xml', 'html', 'sql', 'properties', 'conf', 'ts', 'js'];
const TEXT_NAMES = ['MLmodel', 'MLproject', 'requirements.txt', 'conda.yaml', 'Dockerfile', 'LICENSE', 'README'];

export function previewKind(path: string): PreviewKind {
  const name = path.split('/').pop() ?? path;
  const dot = name.lastIndexOf('.');
  const ext = dot >= 0 ? name.slice(dot + 1).toLowerCase() : '';
  if (IMAGE.includes(ext)) return 'image';
  if (ext === 'json') return 'json';
  if (ext === 'yaml' || ext === 'yml' || name === 'MLmodel' || name === 'MLproject') return 'yaml';
  if (ext === 'csv' || ext === 'tsv') return 'csv';
  if (TEXT.includes(ext) || TEXT_NAMES.includes(name)) return 'text';
  return 'none';
}

/** Pretty-prints JSON; text that does not parse is shown as it is. */
export function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/**
 * Parses delimited text (RFC 4180 quoting: "" inside quotes, delimiters and newlines in quotes)
 * into at most maxRows rows; truncated tells whether rows were left out.
 */
export function parseDelimited(text: string, delimiter: string, maxRows: number): { rows: string[][]; truncated: boolean } {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += c;
      i++;
      continue;
    }
    if (c === '"' && field === '') {
      quoted = true;
      i++;
    } else if (c === delimiter) {
      row.push(field);
      field = '';
      i++;
    } else if (c === '\n' || c === '\r') {
      row.push(field);
      field = '';
      rows.push(row);
      row = [];
      if (c === '\r' && text[i + 1] === '\n') i++;
      i++;
      if (rows.length >= maxRows) return { rows, truncated: i < n };
    } else {
      field += c;
      i++;
    }
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return { rows, truncated: false };
}

export function formatBytes(n: number | undefined): string {
  if (n === undefined) return '';
  if (n < 1024) return n + ' B';
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return v.toFixed(v < 10 ? 1 : 0) + ' ' + units[u];
}
