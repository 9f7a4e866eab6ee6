package dev.cairn.store.file;

import dev.cairn.core.store.TrackingStore;
import dev.cairn.core.store.ValidatingTrackingStore;

/**
 * The shared contract again, with every search probing runs before reading the page whole: the
 * contract's experiments are small, so its searches would otherwise read whole runs at once (a page
 * with room for every run), and the path big experiments take would go untested. It inherits the
 * directory store's opt-outs.
 */
class FileTrackingStoreProbingContractTest extends FileTrackingStoreContractTest {
    @Override
    protected TrackingStore newStore() {
        return new ValidatingTrackingStore(new FileTrackingStore(dir.resolve("mlruns"), null, false));
    }
}
