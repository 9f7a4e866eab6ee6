import { render } from 'preact';
import { CompareView } from './CompareView';
import { ExperimentsView } from './ExperimentsView';
import { interceptLinks, useRoute } from './router';
import { RunsView } from './RunsView';
import { RunView } from './RunView';
import { Empty } from './ui';
import './styles.css';

function App() {
  const route = useRoute();
  let body;
  switch (route.view) {
    case 'experiments':
      body = <ExperimentsView query={route.query} />;
      break;
    case 'runs':
      body = <RunsView key={route.experimentIds.join(',')} experimentIds={route.experimentIds} query={route.query} />;
      break;
    case 'run':
      body = <RunView key={route.runId} runId={route.runId} query={route.query} />;
      break;
    case 'compare':
      body = <CompareView runIds={route.runIds} query={route.query} />;
      break;
    default:
      body = (
        <Empty title="Page not found">
          <p class="mono">{route.path}</p>
          <a href="/experiments">Go to experiments</a>
        </Empty>
      );
  }
  return (
    <>
      <header class="topbar">
        <a href="/experiments" class="brand">
          Cairn
        </a>
        <nav>
          <a href="/experiments">Experiments</a>
        </nav>
      </header>
      <main data-view={route.view}>{body}</main>
    </>
  );
}

// One canonical address per view, so links and query parameters built from location stay stable.
if (location.pathname === '/' || location.pathname === '/index.html') history.replaceState(null, '', '/experiments' + location.search);

const root = document.getElementById('app')!;
interceptLinks(root);
render(<App />, root);
