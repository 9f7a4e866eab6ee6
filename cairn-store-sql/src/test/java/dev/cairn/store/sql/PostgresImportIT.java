package dev.cairn.store.sql;

import dev.cairn.core.store.StoreConfig;
import dev.cairn.core.uri.TrackingUri;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Import on PostgreSQL, where explicit ids must not leave the SERIAL sequence behind. */
class PostgresImportIT {
    @TempDir
    Path dir;

    @Test
    void importsExperimentsAndRunsWithTheirIds() {
        String name = TestDatabases.uniqueName();
        TestDatabases.createPostgres(name);
        try (SqlTrackingStore store = SqlTrackingStore.open(
                TrackingUri.parse("postgresql://postgres@127.0.0.1:5432/" + name), new StoreConfig(null, dir))) {
            SqlImportTest.checkImport(store);
        } finally {
            TestDatabases.dropPostgres(name);
        }
    }
}
