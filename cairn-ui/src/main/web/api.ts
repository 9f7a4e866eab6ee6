// Thin client for the server's MLflow-compatible REST API plus Cairn's UI-only endpoints.

export interface Experiment {
  experiment_id: string;
  name: string;
  artifact_location?: string;
  lifecycle_stage: 'active' | 'deleted';
  creation_time?: number;
  last_update_time?: number;
  tags?: KeyValue[];
}

export interface KeyValue {
  key: string;
  value: string;
}

export interface MetricValue {
  key: string;
  value: number | string;
  timestamp: number;
  step: number;
}

export interface RunInfo {
  run_id: string;
  run_name?: string;
  experiment_id: string;
  user_id?: string;
  status: string;
  start_time?: number;
  end_time?: number;
  artifact_uri?: string;
  lifecycle_stage: 'active' | 'deleted';
}

export interface DatasetInput {
  tags?: KeyValue[];
  dataset: {
    name: string;
    digest: string;
    source_type: string;
    source: string;
    schema?: string;
    profile?: string;
  };
}

export interface Run {
  info: RunInfo;
  data: { metrics?: MetricValue[]; params?: KeyValue[]; tags?: KeyValue[] };
  inputs?: { dataset_inputs?: DatasetInput[] };
}

export interface FileInfo {
  path: string;
  is_dir: boolean;
  file_size?: number;
}

export interface MetricSeries {
  run_id: string;
  metric_key: string;
  total_points: number;
  /** What the server chose the points from: every point of the history, or the store's outline of a long one. */
  source: 'history' | 'outline';
  min?: number;
  max?: number;
  x: number[];
  y: (number | null)[];
}

export interface MetricSummary {
  key: string;
  latest: number | null;
  min: number | null;
  max: number | null;
  count: number;
}

/** An error the server reported ({@code error_code}) or 'UNREACHABLE' when no answer came. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
  ) {
    super(message);
  }

  get unreachable(): boolean {
    return this.errorCode === 'UNREACHABLE';
  }
}

const MLFLOW = '/ajax-api/2.0/mlflow';
const CAIRN = '/ajax-api/2.0/cairn';

type Query = Record<string, string | number | boolean | undefined | (string | number)[]>;

export function queryString(query: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) value.forEach((v) => params.append(key, String(v)));
    else params.append(key, String(value));
  }
  const text = params.toString();
  return text ? '?' + text : '';
}

async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      signal,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError(0, 'UNREACHABLE', 'The Cairn server cannot be reached. Is it running?');
  }
  const text = await response.text();
  let json: any = {};
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = { message: text.slice(0, 500) };
    }
  }
  if (!response.ok) {
    // A proxy in front of a stopped server answers 502/503/504 without MLflow's error body.
    if (!json.error_code && response.status >= 502 && response.status <= 504) {
      throw new ApiError(response.status, 'UNREACHABLE', 'The Cairn server cannot be reached. Is it running?');
    }
    throw new ApiError(response.status, json.error_code ?? 'HTTP_' + response.status, json.message ?? response.statusText);
  }
  return json as T;
}

export const api = {
  searchExperiments(args: { filter?: string; viewType?: string; maxResults?: number; pageToken?: string }) {
    return call<{ experiments?: Experiment[]; next_page_token?: string }>('POST', MLFLOW + '/experiments/search', {
      filter: args.filter || undefined,
      view_type: args.viewType ?? 'ACTIVE_ONLY',
      max_results: args.maxResults ?? 1000,
      page_token: args.pageToken,
    });
  },
  getExperiment(id: string) {
    return call<{ experiment: Experiment }>('GET', MLFLOW + '/experiments/get' + queryString({ experiment_id: id }));
  },
  createExperiment(name: string) {
    return call<{ experiment_id: string }>('POST', MLFLOW + '/experiments/create', { name });
  },
  renameExperiment(id: string, newName: string) {
    return call<object>('POST', MLFLOW + '/experiments/update', { experiment_id: id, new_name: newName });
  },
  deleteExperiment(id: string) {
    return call<object>('POST', MLFLOW + '/experiments/delete', { experiment_id: id });
  },
  restoreExperiment(id: string) {
    return call<object>('POST', MLFLOW + '/experiments/restore', { experiment_id: id });
  },
  searchRuns(
    args: { experimentIds: string[]; filter?: string; viewType?: string; maxResults: number; pageToken?: string; orderBy?: string[] },
    signal?: AbortSignal,
  ) {
    return call<{ runs?: Run[]; next_page_token?: string }>(
      'POST',
      MLFLOW + '/runs/search',
      {
        experiment_ids: args.experimentIds,
        filter: args.filter || undefined,
        run_view_type: args.viewType ?? 'ACTIVE_ONLY',
        max_results: args.maxResults,
        page_token: args.pageToken,
        order_by: args.orderBy,
      },
      signal,
    );
  },
  getRun(id: string) {
    return call<{ run: Run }>('GET', MLFLOW + '/runs/get' + queryString({ run_id: id }));
  },
  deleteRun(id: string) {
    return call<object>('POST', MLFLOW + '/runs/delete', { run_id: id });
  },
  restoreRun(id: string) {
    return call<object>('POST', MLFLOW + '/runs/restore', { run_id: id });
  },
  setTag(runId: string, key: string, value: string) {
    return call<object>('POST', MLFLOW + '/runs/set-tag', { run_id: runId, key, value });
  },
  deleteTag(runId: string, key: string) {
    return call<object>('POST', MLFLOW + '/runs/delete-tag', { run_id: runId, key });
  },
  listArtifacts(runId: string, path?: string) {
    return call<{ root_uri?: string; files?: FileInfo[] }>(
      'GET',
      MLFLOW + '/artifacts/list' + queryString({ run_id: runId, path: path || undefined }),
    );
  },
  metricSummary(runId: string) {
    return call<{ metrics?: MetricSummary[] }>('GET', CAIRN + '/metrics/summary' + queryString({ run_id: runId }));
  },
  metricSeries(
    args: { runIds: string[]; keys: string[]; maxPoints: number; xAxis: 'step' | 'time'; xMin?: number; xMax?: number },
    signal?: AbortSignal,
  ) {
    return call<{ series?: MetricSeries[] }>(
      'GET',
      CAIRN +
        '/metrics/series' +
        queryString({
          run_id: args.runIds,
          metric_key: args.keys,
          max_points: args.maxPoints,
          x_axis: args.xAxis,
          x_min: args.xMin === undefined ? undefined : Math.floor(args.xMin),
          x_max: args.xMax === undefined ? undefined : Math.ceil(args.xMax),
        }),
      undefined,
      signal,
    );
  },
};

export function artifactUrl(runId: string, path: string): string {
  return '/get-artifact' + queryString({ run_id: runId, path });
}
