package dev.cairn.cli;

import dev.cairn.client.CairnTracking;
import dev.cairn.client.ExperimentQuery;
import dev.cairn.core.model.Experiment;
import dev.cairn.core.model.ExperimentId;
import dev.cairn.core.model.Page;
import dev.cairn.core.model.ViewType;
import dev.cairn.protocol.CreateExperimentResponse;
import dev.cairn.protocol.EmptyResponse;
import dev.cairn.protocol.ExperimentJson;
import dev.cairn.protocol.SearchExperimentsResponse;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cairn experiments list|create|rename|delete|restore}. */
@Command(name = "experiments", mixinStandardHelpOptions = true, description = "Manage experiments.",
        subcommands = {
            ExperimentsCommand.ListCommand.class,
            ExperimentsCommand.CreateCommand.class,
            ExperimentsCommand.RenameCommand.class,
            ExperimentsCommand.DeleteCommand.class,
            ExperimentsCommand.RestoreCommand.class
        })
final class ExperimentsCommand {
    enum View { active, deleted, all;

        ViewType type() {
            return switch (this) {
                case active -> ViewType.ACTIVE_ONLY;
                case deleted -> ViewType.DELETED_ONLY;
                case all -> ViewType.ALL;
            };
        }
    }

    @Command(name = "list", aliases = "search", mixinStandardHelpOptions = true,
            description = "List experiments, optionally filtered with MLflow's grammar (e.g. \"name LIKE 'mnist%'\").")
    static final class ListCommand extends CliCommand {
        @Option(names = "--view", defaultValue = "active", description = "active (default), deleted or all.")
        View view;

        @Option(names = "--filter", paramLabel = "FILTER", description = "MLflow search filter.")
        String filter;

        @Option(names = "--order-by", paramLabel = "TERM", description = "e.g. \"name ASC\"; repeatable.")
        List<String> orderBy = List.of();

        @Option(names = "--max-results", defaultValue = "1000", description = "At most this many (default: ${DEFAULT-VALUE}).")
        int maxResults;

        @Override
        public Integer call() {
            try (CairnTracking tracking = common.open(context())) {
                Page<Experiment> page = tracking.searchExperiments(ExperimentQuery.all().viewType(view.type())
                        .filter(filter).orderBy(orderBy).maxResults(maxResults));
                if (common.json()) {
                    Output.json(out(), new SearchExperimentsResponse(
                            page.items().stream().map(ExperimentJson::from).toList(), page.nextPageToken()));
                } else {
                    Output.table(out(), List.of("ID", "NAME", "STAGE", "CREATED", "ARTIFACT LOCATION"),
                            page.items().stream().map(e -> List.of(e.experimentId().value(), e.name(),
                                    e.lifecycleStage().wireName(), Output.time(e.creationTime()),
                                    e.artifactLocation() == null ? "" : e.artifactLocation())).toList());
                }
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create an experiment; prints its id.")
    static final class CreateCommand extends CliCommand {
        @Option(names = {"-n", "--experiment-name"}, required = true, description = "Name of the new experiment.")
        String name;

        @Option(names = {"-l", "--artifact-location"}, paramLabel = "URI",
                description = "Where its artifacts go (default: the store's or server's default root).")
        String artifactLocation;

        @Override
        public Integer call() {
            try (CairnTracking tracking = common.open(context())) {
                ExperimentId id = tracking.createExperiment(name, artifactLocation, java.util.Map.of());
                if (common.json()) {
                    Output.json(out(), new CreateExperimentResponse(id.value()));
                } else {
                    out().println("Created experiment '" + name + "' with id " + id);
                }
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "rename", mixinStandardHelpOptions = true, description = "Rename an experiment.")
    static final class RenameCommand extends CliCommand {
        @Option(names = {"-x", "--experiment-id"}, required = true) String id;

        @Option(names = "--new-name", required = true) String newName;

        @Override
        public Integer call() {
            try (CairnTracking tracking = common.open(context())) {
                tracking.renameExperiment(ExperimentId.of(id), newName);
            }
            done(this, "Experiment " + id + " renamed to '" + newName + "'");
            return ExitCodes.OK;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Delete an experiment and its runs (soft: restore brings them back).")
    static final class DeleteCommand extends CliCommand {
        @Option(names = {"-x", "--experiment-id"}, required = true) String id;

        @Override
        public Integer call() {
            try (CairnTracking tracking = common.open(context())) {
                tracking.deleteExperiment(ExperimentId.of(id));
            }
            done(this, "Experiment " + id + " deleted");
            return ExitCodes.OK;
        }
    }

    @Command(name = "restore", mixinStandardHelpOptions = true, description = "Restore a deleted experiment and its runs.")
    static final class RestoreCommand extends CliCommand {
        @Option(names = {"-x", "--experiment-id"}, required = true) String id;

        @Override
        public Integer call() {
            try (CairnTracking tracking = common.open(context())) {
                tracking.restoreExperiment(ExperimentId.of(id));
            }
            done(this, "Experiment " + id + " restored");
            return ExitCodes.OK;
        }
    }

    static void done(CliCommand command, String message) {
        if (command.common.json()) {
            Output.json(command.out(), EmptyResponse.INSTANCE);
        } else {
            command.out().println(message);
            command.out().flush();
        }
    }
}
