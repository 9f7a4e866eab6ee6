package dev.cairn.store.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.error.CairnException;
import dev.cairn.core.model.ExperimentId;
import dev.cairn.core.model.Param;
import dev.cairn.core.model.RunId;
import dev.cairn.core.store.CreateRunRequest;
import dev.cairn.core.store.StoreConfig;
import dev.cairn.core.store.TrackingStore;
import dev.cairn.core.store.TrackingStores;
import dev.cairn.core.uri.TrackingUri;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Logging new params into a run that already holds thousands must not read them all. A lookup of
 * the batch's keys before inserting was answered, on tables without statistics, by scanning every
 * param of the run through index_params_run_uuid (twice per batch), which made a 100-param log-batch
 * 28 times slower than on SQLite. The figure checked here is the database's own count of index entries read,
 * so it does not depend on the machine's speed.
 */
class PostgresParamLookupIT {
    private static final int BATCHES = 30;
    private static final int PER_BATCH = 100;

    @TempDir
    Path dir;

    private String name;

    @BeforeEach
    void create() {
        name = TestDatabases.uniqueName();
        TestDatabases.createPostgres(name);
    }

    @AfterEach
    void drop() {
        TestDatabases.dropPostgres(name);
    }

    @Test
    void aBatchProbesItsOwnKeysOnly() throws Exception {
        RunId run;
        try (TrackingStore store = TrackingStores.open(TrackingUri.parse("postgresql://postgres@127.0.0.1:5432/" + name),
                new StoreConfig(null, dir))) {
            ExperimentId exp = store.createExperiment("params", null, List.of());
            run = store.createRun(new CreateRunRequest(exp, "u", 1, List.of(), "many-params")).info().runId();
            for (int batch = 0; batch < BATCHES; batch++) {
                List<Param> params = new ArrayList<>(PER_BATCH);
                for (int i = 0; i < PER_BATCH; i++) {
                    params.add(new Param("p" + batch + "_" + i, "v" + i));
                }
                store.logBatch(run, List.of(), params, List.of());
            }
            // the lookup still finds what is there: same value is accepted, another value refused
            store.logBatch(run, List.of(), List.of(new Param("p0_0", "v0"), new Param("new", "x")), List.of());
            assertThatThrownBy(() -> store.logBatch(run, List.of(), List.of(new Param("p3_7", "changed")), List.of()))
                    .isInstanceOf(CairnException.class)
                    .hasMessageContaining("Changing param values is not allowed");
            assertThat(store.getRun(run).data().params()).hasSize(BATCHES * PER_BATCH + 1);
        }
        // closing the store ends its sessions, which publishes their statistics
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + name, "postgres", "")) {
            long inserted = 0;
            long runIndexEntriesRead = -1;
            for (int attempt = 0; attempt < 100 && inserted < BATCHES * PER_BATCH; attempt++) {
                try (Statement s = c.createStatement()) {
                    s.execute("SELECT pg_stat_clear_snapshot()");
                    try (ResultSet rs = s.executeQuery("SELECT t.n_tup_ins, i.idx_tup_read FROM pg_stat_user_tables t"
                            + " JOIN pg_stat_user_indexes i ON i.relid = t.relid"
                            + " WHERE t.relname = 'params' AND i.indexrelname = 'index_params_run_uuid'")) {
                        rs.next();
                        inserted = rs.getLong(1);
                        runIndexEntriesRead = rs.getLong(2);
                    }
                }
                if (inserted < BATCHES * PER_BATCH) {
                    Thread.sleep(100);
                }
            }
            assertThat(inserted).isGreaterThanOrEqualTo(BATCHES * PER_BATCH);
            // Batches of new keys read none of it. The two re-logging batches above look their keys up
            // and getRun reads the whole run: at most about 3 x 3,001 entries. The lookup before every
            // batch read 49,500 (and twice that while rewritten batches triggered a second lookup).
            assertThat(runIndexEntriesRead).isLessThan(4L * (BATCHES * PER_BATCH + 1));
        }
    }
}
