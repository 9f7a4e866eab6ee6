package dev.cairn.core.store;

import dev.cairn.core.uri.TrackingUri;
import java.util.Set;

/** Opens a {@link TrackingStore} for the URI schemes it names. Found with {@link java.util.ServiceLoader}. */
public interface TrackingStoreProvider {
    /** Lowercase schemes, without driver suffix (e.g. {@code postgresql}, not {@code postgresql+psycopg2}). */
    Set<String> schemes();

    /**
     * Opens (and if needed initialises) the store. Fails with a {@code CairnException} naming the
     * location and what to do when it is unreachable, unwritable or of a newer schema.
     */
    TrackingStore open(TrackingUri uri, StoreConfig config);
}
