package dev.cairn.store.file;

import dev.cairn.core.store.TrackingStore;
import dev.cairn.core.store.ValidatingTrackingStore;
import dev.cairn.testkit.TrackingStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared contract again, with every search probing runs before reading the page whole: the
 * contract's experiments are small, so its searches would otherwise read whole runs at once (a page
 * with room for every run), and the path big experiments take would go untested.
 */
class FileTrackingStoreProbingContractTest extends TrackingStoreContract {
    @TempDir
    Path dir;

    @Override
    protected TrackingStore newStore() {
        return new ValidatingTrackingStore(new FileTrackingStore(dir.resolve("mlruns"), null, false));
    }

    @Nested
    class MetricOutlines extends TrackingStoreContract.MetricOutlines {
        @Override
        @Test
        @Disabled("MLflow's directory layout has no place for an outline: charts of a directory store read the history")
        public void outlineAgreesWithTheHistory() {}
    }
}
