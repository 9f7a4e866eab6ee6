package dev.cairn.store.sql;

import dev.cairn.core.store.StoreConfig;
import dev.cairn.core.store.TrackingStore;
import dev.cairn.core.store.ValidatingTrackingStore;
import dev.cairn.core.uri.TrackingUri;
import dev.cairn.testkit.TrackingStoreContract;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The contract against the local PostgreSQL server, one fresh database per test. */
class PostgresTrackingStoreContractIT extends TrackingStoreContract {
    @TempDir
    Path dir;

    private final List<String> databases = new ArrayList<>();

    @Override
    protected TrackingStore newStore() {
        String name = TestDatabases.uniqueName();
        TestDatabases.createPostgres(name);
        databases.add(name);
        TrackingUri uri = TrackingUri.parse("postgresql+psycopg2://postgres@127.0.0.1:5432/" + name);
        return new ValidatingTrackingStore(SqlTrackingStore.open(uri, new StoreConfig(null, dir)));
    }

    @AfterEach
    void dropDatabases() {
        // subclass @AfterEach methods run before the contract's: close the pool before dropping
        if (store != null) {
            store.close();
        }
        databases.forEach(TestDatabases::dropPostgres);
    }
}
