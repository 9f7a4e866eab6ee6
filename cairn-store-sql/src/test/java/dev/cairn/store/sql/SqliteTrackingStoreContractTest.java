package dev.cairn.store.sql;

import dev.cairn.core.store.StoreConfig;
import dev.cairn.core.store.TrackingStore;
import dev.cairn.core.store.ValidatingTrackingStore;
import dev.cairn.core.uri.TrackingUri;
import dev.cairn.testkit.TrackingStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteTrackingStoreContractTest extends TrackingStoreContract {
    @TempDir
    Path dir;

    private int databases;

    @Override
    protected TrackingStore newStore() {
        String uri = "sqlite:///store-" + (++databases) + ".db";
        return new ValidatingTrackingStore(SqlTrackingStore.open(TrackingUri.parse(uri), new StoreConfig(null, dir)));
    }
}
