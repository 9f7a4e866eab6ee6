package dev.cairn.migrate;

import dev.cairn.core.model.Experiment;
import dev.cairn.core.model.RunInfo;
import java.util.List;

/** What a migration will do with each selected entity, decided before anything is written. */
public record MigrationPlan(ArtifactPlacement placement, List<ExperimentStep> experiments, List<RunStep> runs) {
    public enum Action {
        /** Not in the target: imported with its id. */
        CREATE,
        /** The target's own untouched "Default" experiment 0 takes over the source's experiment 0. */
        ADOPT,
        /** Already in the target and identical: left alone (a rerun after an interruption). */
        SKIP,
        /** The target uses the id for something else, or holds different data under it: nothing is written. */
        CONFLICT
    }

    public record ExperimentStep(Experiment source, Action action, String detail) {}

    public record RunStep(RunInfo source, Action action, String detail) {}

    public MigrationPlan {
        experiments = List.copyOf(experiments);
        runs = List.copyOf(runs);
    }

    /** One line per conflicting id, saying what the target holds there. */
    public List<String> conflicts() {
        var out = new java.util.ArrayList<String>();
        experiments.stream().filter(s -> s.action() == Action.CONFLICT)
                .forEach(s -> out.add("experiment " + s.source().experimentId() + " ('" + s.source().name() + "'): " + s.detail()));
        runs.stream().filter(s -> s.action() == Action.CONFLICT)
                .forEach(s -> out.add("run " + s.source().runId() + " (experiment " + s.source().experimentId() + "): " + s.detail()));
        return out;
    }

    public long count(Action action) {
        return experiments.stream().filter(s -> s.action() == action).count() + runs.stream().filter(s -> s.action() == action).count();
    }

    public long runCount(Action action) {
        return runs.stream().filter(s -> s.action() == action).count();
    }

    public long experimentCount(Action action) {
        return experiments.stream().filter(s -> s.action() == action).count();
    }
}
