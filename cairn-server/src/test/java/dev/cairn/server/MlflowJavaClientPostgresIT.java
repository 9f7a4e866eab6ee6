package dev.cairn.server;

import java.nio.file.Path;

/** The MLflow Java client suite against a server over the local Postgres server (a scratch database). */
class MlflowJavaClientPostgresIT extends MlflowJavaClientIT {
    private ScratchDatabase database;

    @Override
    protected String backendStoreUri(Path dir) {
        database = ScratchDatabase.postgres();
        return database.trackingUri();
    }

    @Override
    void stop() {
        super.stop();
        if (database != null) {
            database.drop();
        }
    }
}
