import { useMemo, useState } from 'preact/hooks';
import { api, type Experiment } from './api';
import { navigate, runsPath, setQueryParam } from './router';
import { formatTime } from './runsModel';
import { Empty, ErrorBox, Loading, useAsync } from './ui';

type Stage = 'ACTIVE_ONLY' | 'DELETED_ONLY' | 'ALL';

async function loadAll(viewType: Stage): Promise<Experiment[]> {
  const out: Experiment[] = [];
  let token: string | undefined;
  do {
    const page = await api.searchExperiments({ viewType, maxResults: 1000, pageToken: token });
    out.push(...(page.experiments ?? []));
    token = page.next_page_token || undefined;
  } while (token);
  return out;
}

export function ExperimentsView({ query }: { query: URLSearchParams }) {
  const search = query.get('q') ?? '';
  const stage = (query.get('stage') as Stage) ?? 'ACTIVE_ONLY';
  const experiments = useAsync(() => loadAll(stage), [stage]);
  const [newName, setNewName] = useState('');
  const [actionError, setActionError] = useState<unknown>(null);
  const [renaming, setRenaming] = useState<{ id: string; name: string } | null>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());

  const shown = useMemo(() => {
    const needle = search.trim().toLowerCase();
    const list = experiments.data ?? [];
    return needle ? list.filter((e) => e.name.toLowerCase().includes(needle) || e.experiment_id === needle) : list;
  }, [experiments.data, search]);

  async function act(action: () => Promise<unknown>) {
    setActionError(null);
    try {
      await action();
      experiments.reload();
    } catch (e) {
      setActionError(e);
    }
  }

  function toggle(id: string) {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setSelected(next);
  }

  return (
    <section class="view experiments-view">
      <header class="view-header">
        <h2>Experiments</h2>
        <form
          class="inline-form create-experiment"
          onSubmit={(e) => {
            e.preventDefault();
            const name = newName.trim();
            if (!name) return;
            act(async () => {
              await api.createExperiment(name);
              setNewName('');
            });
          }}
        >
          <input
            name="experiment-name"
            placeholder="New experiment name"
            value={newName}
            onInput={(e) => setNewName((e.target as HTMLInputElement).value)}
          />
          <button type="submit">Create</button>
        </form>
      </header>
      <div class="toolbar">
        <input
          type="search"
          class="experiment-search"
          placeholder="Search experiments by name"
          value={search}
          onInput={(e) => setQueryParam('q', (e.target as HTMLInputElement).value)}
        />
        <select value={stage} onChange={(e) => setQueryParam('stage', (e.target as HTMLSelectElement).value)} aria-label="Lifecycle">
          <option value="ACTIVE_ONLY">Active</option>
          <option value="DELETED_ONLY">Deleted</option>
          <option value="ALL">All</option>
        </select>
        <button type="button" disabled={selected.size === 0} class="primary compare-experiments" onClick={() => navigate(runsPath([...selected]))}>
          Show runs of {selected.size || ''} selected
        </button>
      </div>
      {actionError !== null && <ErrorBox error={actionError} />}
      {experiments.error !== undefined ? (
        <ErrorBox error={experiments.error} onRetry={experiments.reload} />
      ) : experiments.loading && !experiments.data ? (
        <Loading what="experiments" />
      ) : shown.length === 0 ? (
        <Empty title={search ? 'No experiment matches “' + search + '”' : stage === 'DELETED_ONLY' ? 'No deleted experiments' : 'No experiments yet'}>
          {!search && stage !== 'DELETED_ONLY' && <p>Create one above, or log a run from a client with MLFLOW_TRACKING_URI pointing here.</p>}
        </Empty>
      ) : (
        <table class="data-table experiments-table">
          <thead>
            <tr>
              <th></th>
              <th>Name</th>
              <th>ID</th>
              <th>Created</th>
              <th>Last update</th>
              <th>Artifact location</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            {shown.map((e) => (
              <tr key={e.experiment_id} data-experiment-id={e.experiment_id} class={e.lifecycle_stage === 'deleted' ? 'deleted' : ''}>
                <td>
                  <input type="checkbox" aria-label={'Select ' + e.name} checked={selected.has(e.experiment_id)} onChange={() => toggle(e.experiment_id)} />
                </td>
                <td>
                  {renaming?.id === e.experiment_id ? (
                    <form
                      class="inline-form rename-form"
                      onSubmit={(ev) => {
                        ev.preventDefault();
                        const name = renaming.name.trim();
                        act(async () => {
                          await api.renameExperiment(e.experiment_id, name);
                          setRenaming(null);
                        });
                      }}
                    >
                      <input
                        name="new-name"
                        value={renaming.name}
                        onInput={(ev) => setRenaming({ id: e.experiment_id, name: (ev.target as HTMLInputElement).value })}
                        autoFocus
                      />
                      <button type="submit">Save</button>
                      <button type="button" onClick={() => setRenaming(null)}>
                        Cancel
                      </button>
                    </form>
                  ) : (
                    <a href={runsPath([e.experiment_id])} class="experiment-link">
                      {e.name}
                    </a>
                  )}
                </td>
                <td class="mono">{e.experiment_id}</td>
                <td>{formatTime(e.creation_time)}</td>
                <td>{formatTime(e.last_update_time)}</td>
                <td class="mono truncate" title={e.artifact_location}>
                  {e.artifact_location}
                </td>
                <td class="actions">
                  {e.lifecycle_stage === 'active' ? (
                    <>
                      <button type="button" class="rename" onClick={() => setRenaming({ id: e.experiment_id, name: e.name })}>
                        Rename
                      </button>
                      <button type="button" class="delete danger" onClick={() => act(() => api.deleteExperiment(e.experiment_id))}>
                        Delete
                      </button>
                    </>
                  ) : (
                    <button type="button" class="restore" onClick={() => act(() => api.restoreExperiment(e.experiment_id))}>
                      Restore
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
