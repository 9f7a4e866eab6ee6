package dev.cairn.store.file;

import dev.cairn.core.model.Dataset;
import dev.cairn.core.model.Run;
import dev.cairn.core.model.RunId;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runs of one experiment directory as last seen. The directory's own stamp tells whether runs
 * were added or removed (and only then is it listed again); each run is then checked through its
 * {@link RunEntry}. Datasets ({@code <exp>/datasets/<id>/meta.yaml}) are written once and never
 * change, so they are cached by id once read.
 */
final class ExperimentRuns {
    private static final Logger LOG = LoggerFactory.getLogger(ExperimentRuns.class);

    private static final int PARALLEL_THRESHOLD = 256;

    private final Path dir;
    private Stamp dirStamp;
    private Map<String, RunEntry> entries = new HashMap<>();
    private final Map<String, Dataset> datasets = new ConcurrentHashMap<>();

    ExperimentRuns(Path dir) {
        this.dir = dir;
    }

    /** Every readable run of the experiment, brought up to date. */
    List<Run> runs() {
        long since = System.nanoTime();
        return stream(current()).map(entry -> entry.refresh(this::dataset, since)).filter(java.util.Objects::nonNull).toList();
    }

    /**
     * The runs of the experiment that a search matches, each as the search sees it: only meta.yaml and
     * the keys the plan reads (see {@link RunEntry#probe}), or whole when the plan compares dataset
     * inputs. {@code since} is the {@link System#nanoTime} the request arrived: what was checked after it
     * is not checked again (see {@link RunEntry#refresh}).
     */
    List<Candidate> candidates(SearchPlan plan, long since) {
        return candidates(plan, since, Integer.MAX_VALUE);
    }

    /**
     * As {@link #candidates(SearchPlan, long)}; when the experiment has no more than {@code wholeUpTo}
     * runs, they are read whole at once: a page that will hold every match gains nothing from probing
     * first and reading whole after.
     */
    List<Candidate> candidates(SearchPlan plan, long since, int wholeUpTo) {
        List<RunEntry> entries = current();
        boolean whole = plan.readsWholeRuns() || entries.size() <= wholeUpTo;
        return stream(entries).map(entry -> {
            Run run;
            if (whole) {
                run = entry.refresh(this::dataset, since);
                run = run != null && plan.matches(run) ? run : null;
            } else {
                run = entry.probe(plan, since);
            }
            return run == null ? null : new Candidate(this, entry, run);
        }).filter(java.util.Objects::nonNull).toList();
    }

    /** A run as a search sees it ({@link #candidates}); {@link #whole} reads the rest of it. */
    record Candidate(ExperimentRuns owner, RunEntry entry, Run run) {
        /** The whole run, brought up to date; null when it has vanished or become unreadable meanwhile. */
        Run whole(long since) {
            return entry.refresh(owner::dataset, since);
        }
    }

    /** The run entries, the directory listed again when its stamp shows runs were added or removed. */
    private synchronized List<RunEntry> current() {
        Stamp now = Stamp.of(dir);
        if (dirStamp == null || !dirStamp.sameAs(now)) {
            relist();
            dirStamp = now;
        }
        return new ArrayList<>(entries.values());
    }

    /** Checking runs is a few stats each, which the kernel answers in parallel; use the cores there are. */
    private static java.util.stream.Stream<RunEntry> stream(List<RunEntry> entries) {
        return entries.size() >= PARALLEL_THRESHOLD ? entries.parallelStream() : entries.stream();
    }

    /** One run brought up to date, or null when its directory is missing or unreadable. */
    Run run(RunId id) {
        RunEntry entry;
        synchronized (this) {
            entry = entries.computeIfAbsent(id.value(), k -> new RunEntry(dir.resolve(k)));
        }
        Run run = entry.refresh(this::dataset, System.nanoTime());
        if (run == null && Stamp.of(entry.dir()) == null) {
            synchronized (this) {
                entries.remove(id.value(), entry);
            }
        }
        return run;
    }

    /** The entry of a run this process just wrote to, so the next read rereads it whatever the stamps say. */
    synchronized void invalidate(RunId id) {
        RunEntry entry = entries.get(id.value());
        if (entry != null) {
            entry.invalidate();
        }
    }

    /** Drops a run this process just removed, and lists the directory again on the next read. */
    synchronized void forget(RunId id) {
        entries.remove(id.value());
        dirStamp = null;
    }

    private void relist() {
        Map<String, RunEntry> next = new HashMap<>();
        for (Path sub : StoreFiles.subdirectories(dir)) {
            String name = sub.getFileName().toString();
            if (StoreLayout.RESERVED_EXPERIMENT_FOLDERS.contains(name)) {
                continue;
            }
            RunEntry known = entries.get(name);
            next.put(name, known != null ? known : new RunEntry(sub));
        }
        entries = next;
    }

    private Dataset dataset(String datasetId) {
        Dataset known = datasets.get(datasetId);
        if (known != null) {
            return known;
        }
        Path file = dir.resolve(StoreLayout.DATASETS).resolve(datasetId).resolve(StoreLayout.META);
        if (datasetId.contains("/") || datasetId.contains("..") || Stamp.of(file) == null) {
            return null;
        }
        try {
            Dataset dataset = MetaYaml.readDataset(file);
            datasets.put(datasetId, dataset);
            return dataset;
        } catch (RuntimeException e) {
            LOG.warn("Skipping corrupt dataset {}: {}", file, e.getMessage());
            return null;
        }
    }
}
