package dev.cairn.client;

import dev.cairn.core.uri.ResolvedTrackingUri;
import dev.cairn.core.uri.TrackingUriResolver;

/**
 * Entry point. Where runs go is decided by cairn-core's {@link TrackingUriResolver}, as for the server and
 * the command line: {@link #setTrackingUri}, else {@code MLFLOW_TRACKING_URI}, else {@code ./mlruns} when it
 * already holds a store, else {@code sqlite:///mlflow.db}. {@link #trackingUri()} says which rule chose it.
 */
public final class Cairn {
    private static volatile String explicitUri;

    private Cairn() {}

    /** Sets the tracking URI for this process; null goes back to the environment and defaults. */
    public static void setTrackingUri(String uri) {
        explicitUri = uri;
    }

    public static ResolvedTrackingUri trackingUri() {
        return TrackingUriResolver.resolve(explicitUri);
    }

    /** A client for the resolved tracking URI, configured from the environment. Close it when done. */
    public static CairnTracking tracking() {
        return CairnTracking.open(trackingUri(), ClientConfig.fromEnvironment());
    }

    /** A client for this tracking URI, ignoring the process-wide setting. */
    public static CairnTracking tracking(String trackingUri) {
        return CairnTracking.open(TrackingUriResolver.resolve(trackingUri), ClientConfig.fromEnvironment());
    }
}
