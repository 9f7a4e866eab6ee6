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
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run directory as last seen: its info, latest metrics, params, tags and inputs, and the stamps
 * that say whether any of it changed. {@link #refresh} rereads only what the stamps show changed, and
 * metric files only from where the previous read stopped.
 */
final class RunEntry {
    private static final Logger LOG = LoggerFactory.getLogger(RunEntry.class);
    static final String RUN_NAME_TAG = "mlflow.runName";

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
    private boolean dataChanged = true;
    private Stamp reportedStamp;
    private Run run;

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
        metaStamp = null;
        metrics.invalidate();
        params.invalidate();
        tags.invalidate();
        inputs.invalidate();
    }

    /**
     * Brings the entry up to date and returns the run, or null when the run's meta.yaml is missing or
     * corrupt (reported once per change of the file) or names another experiment.
     */
    synchronized Run refresh(Function<String, Dataset> datasets) {
        Stamp dirStamp = Stamp.of(dir);
        boolean infoChanged = refreshMeta();
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
                dataChanged = true;
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
                dataChanged = true;
            }

            @Override
            public void removed(String key) {
                inputMetas.remove(key);
                dataChanged = true;
            }
        });
        if (run == null || infoChanged || dataChanged) {
            run = build(datasets);
            dataChanged = false;
        }
        return run;
    }

    private boolean refreshMeta() {
        Path file = dir.resolve(StoreLayout.META);
        Stamp now = Stamp.of(file);
        if (metaStamp != null && metaStamp.sameAs(now)) {
            return false;
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
        boolean changed = !java.util.Objects.equals(read, meta);
        meta = read;
        return changed;
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
                dataChanged = true;
            }

            @Override
            public void removed(String key) {
                values.remove(key);
                dataChanged = true;
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
        long offset = MetricLines.read(file, key, target.offset, m -> {
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
        dataChanged = true;
    }

    private Run build(Function<String, Dataset> datasets) {
        RunInfo info = meta.info();
        if (info.runName() == null && tagValues.containsKey(RUN_NAME_TAG)) {
            info = new RunInfo(info.runId(), info.experimentId(), tagValues.get(RUN_NAME_TAG), info.userId(),
                    info.status(), info.startTime(), info.endTime(), info.artifactUri(), info.lifecycleStage());
        }
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
