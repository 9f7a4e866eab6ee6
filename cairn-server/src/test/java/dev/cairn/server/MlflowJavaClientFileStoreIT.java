package dev.cairn.server;

import java.nio.file.Path;

/** The MLflow Java client suite against a server over the directory (mlruns/) store. */
class MlflowJavaClientFileStoreIT extends MlflowJavaClientIT {
    @Override
    protected String backendStoreUri(Path dir) {
        return TestServers.directoryUri(dir);
    }
}
