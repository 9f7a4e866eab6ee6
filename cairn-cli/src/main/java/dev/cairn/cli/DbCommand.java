package dev.cairn.cli;

import dev.cairn.core.error.CairnException;
import dev.cairn.core.store.StoreConfig;
import dev.cairn.core.uri.ResolvedTrackingUri;
import dev.cairn.store.sql.SqlSchema;
import java.util.Set;
import picocli.CommandLine.Command;

/** {@code cairn db upgrade}: create or upgrade the schema of a SQL tracking database. */
@Command(name = "db", mixinStandardHelpOptions = true, description = "Manage a SQL tracking database.",
        subcommands = DbCommand.UpgradeCommand.class)
final class DbCommand {
    @Command(name = "upgrade", mixinStandardHelpOptions = true,
            description = "Create or upgrade the schema of the database the tracking URI names (SQLite, PostgreSQL, "
                    + "MySQL/MariaDB). A database MLflow created is adopted as is; a newer schema is refused.")
    static final class UpgradeCommand extends CliCommand {
        private static final Set<String> SQL_SCHEMES = Set.of("sqlite", "postgresql", "mysql", "mariadb");

        @Override
        public Integer call() {
            ResolvedTrackingUri resolved = common.resolve(context());
            if (!SQL_SCHEMES.contains(resolved.uri().scheme())) {
                throw CairnException.invalidParameter(
                        "'db upgrade' works on SQL tracking URIs (sqlite:, postgresql:, mysql:, mariadb:); %s is %s.",
                        resolved.uri(), resolved.uri().isLocalDirectory() ? "a directory store, which has no schema" : "not a database");
            }
            SqlSchema.upgrade(resolved.uri(), new StoreConfig(null, context().workingDir()));
            if (common.json()) {
                Output.json(out(), java.util.Map.of("tracking_uri", resolved.uri().redacted(), "upgraded", true));
            } else {
                out().println("Schema of " + resolved.uri() + " is up to date.");
            }
            return ExitCodes.OK;
        }
    }
}
