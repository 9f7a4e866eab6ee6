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

/** The contract against the local MariaDB server through a {@code mysql://} URI, one fresh database per test. */
class MariaDbTrackingStoreContractIT extends TrackingStoreContract {
    @TempDir
    Path dir;

    private final List<String> databases = new ArrayList<>();

    @Override
    protected TrackingStore newStore() {
        String name = TestDatabases.uniqueName();
        TestDatabases.createMariaDb(name);
        databases.add(name);
        TrackingUri uri = TrackingUri.parse("mysql+pymysql://root@127.0.0.1:3306/" + name + "?charset=utf8mb4");
        return new ValidatingTrackingStore(SqlTrackingStore.open(uri, new StoreConfig(null, dir)));
    }

    @AfterEach
    void dropDatabases() {
        // subclass @AfterEach methods run before the contract's: close the pool before dropping
        if (store != null) {
            store.close();
        }
        databases.forEach(TestDatabases::dropMariaDb);
    }
}
