package dev.cairn.server;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.core.store.TrackingStore;

/**
 * What every route module gets: the options, the (validating) tracking store and the JSON mapper.
 * {@code store} is null when the server runs with {@code --artifacts-only}.
 */
public record ServerContext(ServerOptions options, TrackingStore store, ObjectMapper json) {
    public ServerContext {
        requireNonNull(options, "options is null");
        requireNonNull(json, "json is null");
    }
}
