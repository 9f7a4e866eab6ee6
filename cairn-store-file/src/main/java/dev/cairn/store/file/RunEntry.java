package dev.cairn.store.file;

import dev.cairn.core.model.Dataset;
import dev.cairn.core.model.DatasetInput;
import dev.cairn.core.model.Metric;
import dev.cairn.core.model.Param;
import dev.cairn.core.model.Run;
import dev.cairn.core.model.RunData;
import dev.cairn.core.model.RunInfo;
import dev.cairn.core.model.RunInputs;
import dev.cairn.core.model.Tag;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run directory as last seen: its info, latest metrics, params, tags and inputs, and the stamps
 * that say whether any of it changed. {@link #refresh} brings all of it up to date; {@link #probe} only
 * meta.yaml and the few key files a search reads of every run. Both reread only what the stamps show
 * changed, and metric files only from where the previous read stopped; both keep one set of values,
 * so whichever looked last, the other starts from what it read.
 */
final class RunEntry {
    private static final Logger LOG = LoggerFactory.getLogger(RunEntry.class);
    static final String RUN_NAME_TAG = "mlflow.runName";
    private static final int MAX_PROBES_PER_KIND = 64;

    private final Path dir;
    private final String experimentDirName;
    private Stamp metaStamp;
    private MetaYaml.RunMeta meta;
    private final KeyFolder metrics;
    private final KeyFolder params;
    private final KeyFolder tags;
    private final KeyFolder inputs;
    private final Map<String, MetricState> metricStates = new TreeMap<>();
    private final Map<String, String> paramValues = new TreeMap<>();
    private final Map<String, String> tagValues = new TreeMap<>();
    private final Map<String, MetaYaml.InputMeta> inputMetas = new TreeMap<>();
    private final Map<String, KeyFileProbe> metricProbes = new HashMap<>();
    private final Map<String, KeyFileProbe> paramProbes = new HashMap<>();
    private final Map<String, KeyFileProbe> tagProbes = new HashMap<>();
    /** True when {@link #run} does not show the current meta and values. */
    private boolean dirty = true;
    private Stamp reportedStamp;
    private Run run;
    /*
     * When the last refresh and the last probe started (System.nanoTime) and what they returned. A request
     * must see every write that completed before it arrived; a check that started after its arrival did
     * exactly that, so concurrent requests share one check of a run instead of each statting it again.
     */
    private boolean refreshed;
    private long refreshedAt;
    private boolean probed;
    private long probedAt;
    private SearchPlan probedPlan;
    private Run probedRun;

    /** Where an incremental read of one metric file stands. */
    private static final class MetricState {
        Object fileKey;
        long offset;
        Metric latest;
    }

    RunEntry(Path dir) {
        this.dir = dir;
        this.experimentDirName = dir.getParent().getFileName().toString();
        this.metrics = new KeyFolder(dir.resolve(StoreLayout.METRICS));
        this.params = new KeyFolder(dir.resolve(StoreLayout.PARAMS));
        this.tags = new KeyFolder(dir.resolve(StoreLayout.TAGS));
        this.inputs = new KeyFolder(dir.resolve(StoreLayout.INPUTS));
    }

    Path dir() {
        return dir;
    }

    /** The meta.yaml as last read (null if unreadable). */
    MetaYaml.RunMeta meta() {
        return meta;
    }

    /** Forgets everything, so the next refresh rereads the run. */
    synchronized void invalidate() {
        refreshed = false;
        probed = false;
        probedRun = null;
        metaStamp = null;
        metrics.invalidate();
        params.invalidate();
        tags.invalidate();
        inputs.invalidate();
        metricProbes.values().forEach(KeyFileProbe::forget);
        paramProbes.values().forEach(KeyFileProbe::forget);
        tagProbes.values().forEach(KeyFileProbe::forget);
    }

    /**
     * Brings the entry up to date and returns the run, or null when the run's meta.yaml is missing or
     * corrupt (reported once per change of the file) or names another experiment. When a refresh that
     * started at or after {@code since} (a {@link System#nanoTime} of the caller's arrival) has already
     * done so, its answer is returned as it is.
     */
    synchronized Run refresh(Function<String, Dataset> datasets, long since) {
        if (refreshed && refreshedAt - since >= 0) {
            return run;
        }
        refreshedAt = System.nanoTime();
        refreshed = true;
        Stamp dirStamp = Stamp.of(dir);
        refreshMeta();
        if (meta == null) {
            run = null;
            return null;
        }
        metrics.refresh(true, dirStamp, new KeyFolder.Listener() {
            @Override
            public void changed(String key, Path file, Stamp previous, Stamp current) {
                readMetric(key, file, current);
            }

            @Override
            public void removed(String key) {
                metricStates.remove(key);
                dirty = true;
            }
        });
        params.refresh(false, dirStamp, valueListener(paramValues));
        tags.refresh(true, dirStamp, valueListener(tagValues));
        inputs.refresh(false, dirStamp, new KeyFolder.Listener() {
            @Override
            public void changed(String key, Path file, Stamp previous, Stamp current) {
                if (!key.endsWith("/" + StoreLayout.META)) {
                    return;
                }
                try {
                    inputMetas.put(key, MetaYaml.readInput(file));
                } catch (RuntimeException e) {
                    inputMetas.remove(key);
                    LOG.warn("Skipping unreadable run input {}: {}", file, e.getMessage());
                }
                dirty = true;
            }

            @Override
            public void removed(String key) {
                inputMetas.remove(key);
                dirty = true;
            }
        });
        if (run == null || dirty) {
            run = build(datasets);
            dirty = false;
        }
        return run;
    }

    /**
     * Reads of the run only what a search needs to decide whether the run matches and where it goes:
     * meta.yaml, then the filter's keys one clause at a time ({@link SearchPlan}), then, if it matches,
     * the order_by keys. Returns a run holding just those values, or null when the run does not match or
     * its meta.yaml is unusable (as for {@link #refresh}, which gives the whole run). Plans that read
     * dataset inputs are not for probing. A probe with an equal plan that started at or after
     * {@code since} is shared as in {@link #refresh}.
     */
    synchronized Run probe(SearchPlan plan, long since) {
        if (probed && probedAt - since >= 0 && plan.equals(probedPlan)) {
            return probedRun;
        }
        probedAt = System.nanoTime();
        probed = true;
        probedPlan = plan;
        probedRun = null;
        refreshMeta();
        if (meta == null || !plan.viewType().includes(meta.info().lifecycleStage())) {
            return null;
        }
        Run info = new Run(meta.info(), RunData.EMPTY, RunInputs.EMPTY);
        for (java.util.function.Predicate<Run> clause : plan.infoClauses()) {
            if (!clause.test(info)) {
                return null;
            }
        }
        List<SearchPlan.Step> read = new ArrayList<>(plan.filterSteps().size() + plan.orderSteps().size());
        for (SearchPlan.Step step : plan.filterSteps()) {
            probeKey(step);
            read.add(step);
            if (!step.clause().test(probeRun(read))) {
                return null;
            }
        }
        for (SearchPlan.Step step : plan.orderSteps()) {
            probeKey(step);
            read.add(step);
        }
        probedRun = probeRun(read);
        return probedRun;
    }

    private void probeKey(SearchPlan.Step step) {
        switch (step.kind()) {
            case METRIC -> probeMetric(step.key());
            case PARAM -> probeValue(step.key(), paramProbes, params.folder(), paramValues, true);
            case TAG -> probeValue(step.key(), tagProbes, tags.folder(), tagValues, false);
            default -> throw new IllegalArgumentException("not a key of a run's files: " + step);
        }
    }

    private void probeMetric(String key) {
        KeyFileProbe probe = probeOf(metricProbes, metrics.folder(), key, false);
        if (probe == null) {
            return;
        }
        switch (probe.check()) {
            case UNCHANGED -> { }
            case CHANGED -> readMetric(key, probe.file(), probe.stamp());
            case GONE -> {
                if (metricStates.remove(key) != null) {
                    dirty = true;
                }
            }
        }
    }

    private void probeValue(String key, Map<String, KeyFileProbe> probes, Path folder, Map<String, String> values,
            boolean writeOnce) {
        KeyFileProbe probe = probeOf(probes, folder, key, writeOnce);
        if (probe == null) {
            return;
        }
        switch (probe.check()) {
            case UNCHANGED -> { }
            case CHANGED -> {
                String value = StoreFiles.readText(probe.file());
                String old = value == null ? values.remove(key) : values.put(key, value);
                if (!java.util.Objects.equals(old, value)) {
                    dirty = true;
                }
            }
            case GONE -> {
                if (values.remove(key) != null) {
                    dirty = true;
                }
            }
        }
    }

    /** The probe of a key's file, made on first use; null when no file can hold the key. */
    private KeyFileProbe probeOf(Map<String, KeyFileProbe> probes, Path folder, String key, boolean writeOnce) {
        KeyFileProbe probe = probes.get(key);
        if (probe == null && !probes.containsKey(key)) {
            if (probes.size() >= MAX_PROBES_PER_KIND) {
                // Searches naming ever new keys must not grow the index without bound; a forgotten probe
                // only means the next search naming that key rereads its file once.
                probes.clear();
            }
            Path file = StoreLayout.keyFileIfValid(folder, key);
            probe = file == null ? null : new KeyFileProbe(file, dir, writeOnce);
            probes.put(key, probe);
        }
        return probe;
    }

    /** The run with just the values of the keys read so far. */
    private Run probeRun(List<SearchPlan.Step> read) {
        List<Metric> latest = new ArrayList<>(2);
        List<Param> paramList = new ArrayList<>(2);
        List<Tag> tagList = new ArrayList<>(2);
        for (SearchPlan.Step step : read) {
            String key = step.key();
            switch (step.kind()) {
                case METRIC -> {
                    MetricState state = metricStates.get(key);
                    if (state != null && state.latest != null) {
                        latest.add(state.latest);
                    }
                }
                case PARAM -> {
                    String value = paramValues.get(key);
                    if (value != null) {
                        paramList.add(new Param(key, value));
                    }
                }
                case TAG -> {
                    String value = tagValues.get(key);
                    if (value != null) {
                        tagList.add(new Tag(key, value));
                    }
                }
                default -> throw new IllegalArgumentException("not a key of a run's files: " + step);
            }
        }
        return new Run(info(), new RunData(latest, paramList, tagList), RunInputs.EMPTY);
    }

    /** The info of meta.yaml, named by the mlflow.runName tag when meta.yaml has no name (older MLflow). */
    private RunInfo info() {
        RunInfo info = meta.info();
        if (info.runName() == null && tagValues.containsKey(RUN_NAME_TAG)) {
            info = new RunInfo(info.runId(), info.experimentId(), tagValues.get(RUN_NAME_TAG), info.userId(),
                    info.status(), info.startTime(), info.endTime(), info.artifactUri(), info.lifecycleStage());
        }
        return info;
    }

    private void refreshMeta() {
        Path file = dir.resolve(StoreLayout.META);
        Stamp now = Stamp.of(file);
        if (metaStamp != null && metaStamp.sameAs(now)) {
            return;
        }
        metaStamp = now;
        MetaYaml.RunMeta read = null;
        if (now != null) {
            try {
                read = MetaYaml.readRun(file);
                if (!read.info().experimentId().value().equals(experimentDirName)) {
                    LOG.warn("Ignoring run {}: its meta.yaml names experiment {} but it lies in experiment {}",
                            file, read.info().experimentId(), experimentDirName);
                    read = null;
                }
            } catch (RuntimeException e) {
                if (reportedStamp == null || !reportedStamp.sameFileState(now)) {
                    LOG.warn("Skipping run with corrupt or half-written meta.yaml {}: {}", file, e.getMessage());
                    reportedStamp = now;
                }
            }
        }
        if (!java.util.Objects.equals(read, meta)) {
            dirty = true;
        }
        meta = read;
    }

    private KeyFolder.Listener valueListener(Map<String, String> values) {
        return new KeyFolder.Listener() {
            @Override
            public void changed(String key, Path file, Stamp previous, Stamp current) {
                String value = StoreFiles.readText(file);
                if (value == null) {
                    values.remove(key);
                } else {
                    values.put(key, value);
                }
                dirty = true;
            }

            @Override
            public void removed(String key) {
                values.remove(key);
                dirty = true;
            }
        };
    }

    private void readMetric(String key, Path file, Stamp current) {
        MetricState state = metricStates.get(key);
        boolean incremental = state != null
                && current.fileKey() != null
                && current.fileKey().equals(state.fileKey)
                && current.size() >= state.offset;
        if (!incremental) {
            state = new MetricState();
        }
        MetricState target = state;
        long offset = MetricLines.read(file, key, target.offset, current.size(), m -> {
            if (target.latest == null || MetricLines.HISTORY_ORDER.compare(m, target.latest) > 0) {
                target.latest = m;
            }
        });
        if (offset < 0) {
            metricStates.remove(key);
        } else {
            target.offset = offset;
            target.fileKey = current.fileKey();
            metricStates.put(key, target);
        }
        dirty = true;
    }

    private Run build(Function<String, Dataset> datasets) {
        RunInfo info = info();
        List<Metric> latest = new ArrayList<>();
        for (MetricState state : metricStates.values()) {
            if (state.latest != null) {
                latest.add(state.latest);
            }
        }
        List<Param> paramList = new ArrayList<>();
        paramValues.forEach((k, v) -> paramList.add(new Param(k, v)));
        List<Tag> tagList = new ArrayList<>();
        tagValues.forEach((k, v) -> tagList.add(new Tag(k, v)));
        List<DatasetInput> inputList = new ArrayList<>();
        for (MetaYaml.InputMeta input : inputMetas.values()) {
            if (!"DATASET".equals(input.sourceType())) {
                continue;
            }
            Dataset dataset = datasets.apply(input.sourceId());
            if (dataset == null) {
                LOG.warn("Run {} names dataset {} as an input, but {} has no such dataset; skipping it",
                        dir, input.sourceId(), dir.getParent().resolve(StoreLayout.DATASETS));
                continue;
            }
            inputList.add(new DatasetInput(input.tags(), dataset));
        }
        inputList.sort(Comparator.comparing((DatasetInput d) -> d.dataset().name()).thenComparing(d -> d.dataset().digest()));
        return new Run(info, new RunData(latest, paramList, tagList), new RunInputs(inputList));
    }
}
