package dev.cairn.bench;

import java.io.IOException;

/** A named operation that N clients repeat for a fixed time. */
public interface Workload {
    String name();

    /**
     * Per-client state made before the clock starts (a run to log into, prebuilt requests), so the
     * timed loop only sends.
     */
    ClientTask newClient(int clientIndex) throws IOException, InterruptedException;

    /** How many clients run this workload when the caller asked for {@code requested}. */
    default int clients(int requested) {
        return requested;
    }

    /** One client's timed operation. Must be safe to call repeatedly from one thread. */
    @FunctionalInterface
    interface ClientTask {
        Outcome runOnce() throws IOException, InterruptedException;
    }
}
