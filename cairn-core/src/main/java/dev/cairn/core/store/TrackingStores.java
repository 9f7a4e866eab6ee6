package dev.cairn.core.store;

import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;
import dev.cairn.core.uri.TrackingUri;
import java.util.ServiceLoader;
import java.util.TreeSet;

/** Opens the store a tracking URI names, through the provider registered for its scheme. */
public final class TrackingStores {
    private TrackingStores() {}

    /** Opens the store, wrapped so every backend validates input the same way. */
    public static TrackingStore open(TrackingUri uri, StoreConfig config) {
        TreeSet<String> known = new TreeSet<>();
        for (TrackingStoreProvider provider : ServiceLoader.load(TrackingStoreProvider.class)) {
            if (provider.schemes().contains(uri.scheme())) {
                return new ValidatingTrackingStore(provider.open(uri, config));
            }
            known.addAll(provider.schemes());
        }
        throw new CairnException(
                ErrorCode.INVALID_PARAMETER_VALUE,
                "No tracking store for scheme '" + uri.scheme() + "' in tracking URI '" + uri
                        + "'. Known schemes: " + String.join(", ", known)
                        + " (and plain directory paths).");
    }
}
