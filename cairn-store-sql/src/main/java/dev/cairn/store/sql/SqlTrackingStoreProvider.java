package dev.cairn.store.sql;

import static java.util.Objects.requireNonNull;

import dev.cairn.core.store.StoreConfig;
import dev.cairn.core.store.TrackingStore;
import dev.cairn.core.store.TrackingStoreProvider;
import dev.cairn.core.uri.TrackingUri;
import java.util.Set;

/**
 * Opens {@link SqlTrackingStore}s for {@code sqlite:}, {@code postgresql:}, {@code mysql:} and
 * {@code mariadb:} URIs. A SQLAlchemy driver suffix ({@code postgresql+psycopg2:}) is accepted and
 * ignored: Cairn always uses its JDBC driver for the database.
 */
public final class SqlTrackingStoreProvider implements TrackingStoreProvider {
    private static final Set<String> SCHEMES = Set.of("sqlite", "postgresql", "mysql", "mariadb");

    @Override
    public Set<String> schemes() {
        return SCHEMES;
    }

    @Override
    public TrackingStore open(TrackingUri uri, StoreConfig config) {
        requireNonNull(uri, "uri is null");
        requireNonNull(config, "config is null");
        return SqlTrackingStore.open(uri, config);
    }
}
