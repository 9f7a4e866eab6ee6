package dev.cairn.cli;

import dev.cairn.client.CairnTracking;
import dev.cairn.client.RunQuery;
import dev.cairn.core.model.ExperimentId;
import dev.cairn.core.model.Metric;
import dev.cairn.core.model.Page;
import dev.cairn.core.model.Run;
import dev.cairn.core.model.RunId;
import dev.cairn.protocol.GetMetricHistoryResponse;
import dev.cairn.protocol.GetRunResponse;
import dev.cairn.protocol.MetricJson;
import dev.cairn.protocol.RunJson;
import dev.cairn.protocol.SearchRunsResponse;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cairn runs list|describe|delete|restore|history}. */
@Command(name = "runs", mixinStandardHelpOptions = true, description = "Search and manage runs.",
        subcommands = {
            RunsCommand.ListCommand.class,
            RunsCommand.DescribeCommand.class,
            RunsCommand.DeleteCommand.class,
            RunsCommand.RestoreCommand.class,
            RunsCommand.HistoryCommand.class
        })
final class RunsCommand {
    @Command(name = "list", aliases = "search", mixinStandardHelpOptions = true,
            description = "List runs of experiments, filtered and ordered with MLflow's grammar, e.g. "
                    + "--filter \"metrics.loss < 0.1 AND params.lr = '0.01'\" --order-by \"metrics.loss ASC\".")
    static final class ListCommand extends CliCommand {
        @Option(names = {"-x", "--experiment-id"}, required = true, split = ",",
                description = "Experiment id(s); repeat or separate with commas.")
        List<String> experimentIds;

        @Option(names = "--filter", paramLabel = "FILTER", description = "MLflow search filter.")
        String filter;

        @Option(names = "--order-by", paramLabel = "TERM", description = "e.g. \"metrics.loss DESC\"; repeatable.")
        List<String> orderBy = List.of();

        @Option(names = "--max-results", defaultValue = "1000", description = "At most this many (default: ${DEFAULT-VALUE}).")
        int maxResults;

        @Option(names = "--view", defaultValue = "active", description = "active (default), deleted or all.")
        ExperimentsCommand.View view;

        @Option(names = "--page-token", description = "Continue after a previous page.")
        String pageToken;

        @Override
        public Integer call() {
            try (CairnTracking tracking = common.open(context())) {
                Page<Run> page = tracking.searchRuns(RunQuery.in(experimentIds.stream().map(ExperimentId::of).toList())
                        .filter(filter).orderBy(orderBy).maxResults(maxResults).viewType(view.type()).pageToken(pageToken));
                if (common.json()) {
                    Output.json(out(), new SearchRunsResponse(page.items().stream().map(RunJson::from).toList(),
                            page.nextPageToken()));
                } else {
                    Output.table(out(), List.of("RUN ID", "NAME", "STATUS", "STARTED", "EXPERIMENT"),
                            page.items().stream().map(r -> List.of(r.info().runId().value(), nullToEmpty(r.info().runName()),
                                    r.info().status().name() + (r.info().lifecycleStage().wireName().equals("deleted") ? " (deleted)" : ""),
                                    Output.time(r.info().startTime()), r.info().experimentId().value())).toList());
                    if (page.nextPageToken() != null) {
                        out().println("More runs: --page-token " + page.nextPageToken());
                    }
                }
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "describe", mixinStandardHelpOptions = true, description = "Show a run: info, params, latest metrics, tags.")
    static final class DescribeCommand extends CliCommand {
        @Option(names = {"-r", "--run-id"}, required = true) String runId;

        @Override
        public Integer call() {
            try (CairnTracking tracking = common.open(context())) {
                Run run = tracking.getRun(RunId.of(runId));
                if (common.json()) {
                    Output.json(out(), new GetRunResponse(RunJson.from(run)));
                    return ExitCodes.OK;
                }
                var info = run.info();
                List<List<String>> rows = new ArrayList<>();
                rows.add(List.of("run_id", info.runId().value()));
                rows.add(List.of("run_name", nullToEmpty(info.runName())));
                rows.add(List.of("experiment_id", info.experimentId().value()));
                rows.add(List.of("status", info.status().name()));
                rows.add(List.of("lifecycle_stage", info.lifecycleStage().wireName()));
                rows.add(List.of("user_id", nullToEmpty(info.userId())));
                rows.add(List.of("start_time", Output.time(info.startTime())));
                rows.add(List.of("end_time", Output.time(info.endTime())));
                rows.add(List.of("artifact_uri", nullToEmpty(info.artifactUri())));
                run.data().params().forEach(p -> rows.add(List.of("params." + p.key(), p.value())));
                run.data().metrics().forEach(m -> rows.add(List.of("metrics." + m.key(),
                        Output.number(m.value()) + " (step " + m.step() + ")")));
                run.data().tags().forEach(t -> rows.add(List.of("tags." + t.key(), t.value())));
                Output.table(out(), List.of("FIELD", "VALUE"), rows);
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "history", mixinStandardHelpOptions = true, description = "Every point of one metric of a run.")
    static final class HistoryCommand extends CliCommand {
        @Option(names = {"-r", "--run-id"}, required = true) String runId;

        @Option(names = {"-k", "--metric-key"}, required = true) String key;

        @Override
        public Integer call() {
            try (CairnTracking tracking = common.open(context())) {
                List<Metric> history = tracking.getMetricHistory(RunId.of(runId), key);
                if (common.json()) {
                    Output.json(out(), new GetMetricHistoryResponse(history.stream().map(MetricJson::from).toList(), null));
                } else {
                    Output.table(out(), List.of("STEP", "VALUE", "TIME"), history.stream().map(m -> List.of(
                            String.valueOf(m.step()), Output.number(m.value()), Output.time(m.timestamp()))).toList());
                }
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a run (soft: restore brings it back).")
    static final class DeleteCommand extends CliCommand {
        @Option(names = {"-r", "--run-id"}, required = true) String runId;

        @Override
        public Integer call() {
            try (CairnTracking tracking = common.open(context())) {
                tracking.deleteRun(RunId.of(runId));
            }
            ExperimentsCommand.done(this, "Run " + runId + " deleted");
            return ExitCodes.OK;
        }
    }

    @Command(name = "restore", mixinStandardHelpOptions = true, description = "Restore a deleted run.")
    static final class RestoreCommand extends CliCommand {
        @Option(names = {"-r", "--run-id"}, required = true) String runId;

        @Override
        public Integer call() {
            try (CairnTracking tracking = common.open(context())) {
                tracking.restoreRun(RunId.of(runId));
            }
            ExperimentsCommand.done(this, "Run " + runId + " restored");
            return ExitCodes.OK;
        }
    }

    static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
