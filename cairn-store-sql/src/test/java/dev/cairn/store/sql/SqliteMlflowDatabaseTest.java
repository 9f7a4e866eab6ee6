package dev.cairn.store.sql;

import java.util.Set;

/** {@link MlflowDatabaseContract} on SQLite: each scratch database is a file in the test's directory. */
class SqliteMlflowDatabaseTest extends MlflowDatabaseContract {
    private int databases;

    @Override
    protected Scratch newDatabase() {
        String file = "scratch-" + (++databases) + ".db";
        return new Scratch("jdbc:sqlite:" + dir.resolve(file), null, null, "sqlite:///" + file);
    }

    @Override
    protected String fixture() {
        return MlflowFixtures.SQLITE;
    }

    @Override
    protected Set<String> cairnIndexes() {
        return Set.of("runs.cairn_runs_experiment_stage_start", "metrics.cairn_metrics_history");
    }
}
