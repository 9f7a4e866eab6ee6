package dev.cairn.server;

import java.nio.file.Path;

/** The raw HTTP suite against a server over the directory (mlruns/) store. */
class RestApiFileStoreIT extends RestApiIT {
    @Override
    protected String backendStoreUri(Path dir) {
        return TestServers.directoryUri(dir);
    }
}
