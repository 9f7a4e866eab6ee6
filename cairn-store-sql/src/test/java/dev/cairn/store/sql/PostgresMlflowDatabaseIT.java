package dev.cairn.store.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;

/** {@link MlflowDatabaseContract} against the local PostgreSQL server, scratch databases dropped after each test. */
class PostgresMlflowDatabaseIT extends MlflowDatabaseContract {
    private final List<String> databases = new ArrayList<>();

    @Override
    protected Scratch newDatabase() {
        String name = TestDatabases.uniqueName();
        TestDatabases.createPostgres(name);
        databases.add(name);
        return new Scratch("jdbc:postgresql://127.0.0.1:5432/" + name, "postgres", "",
                "postgresql+psycopg2://postgres@127.0.0.1:5432/" + name);
    }

    @Override
    protected String fixture() {
        return MlflowFixtures.POSTGRESQL;
    }

    @Override
    protected Set<String> cairnIndexes() {
        return Set.of("runs.cairn_runs_experiment_stage_start", "metrics.cairn_metrics_history");
    }

    @AfterEach
    void dropDatabases() {
        databases.forEach(TestDatabases::dropPostgres);
    }
}
