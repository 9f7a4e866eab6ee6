package dev.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.uri.TrackingUri;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class StorageLocationsTest {
    private static final Path WORK = Path.of("/srv/work");

    @Test
    void sqlitePathsAreShownAbsolute() {
        assertThat(StorageLocations.describeBackend(TrackingUri.parse("sqlite:///mlflow.db"), WORK))
                .isEqualTo("SQLite database /srv/work/mlflow.db");
        assertThat(StorageLocations.describeBackend(TrackingUri.parse("sqlite:////data/db/mlflow.db"), WORK))
                .isEqualTo("SQLite database /data/db/mlflow.db");
        assertThat(StorageLocations.describeBackend(TrackingUri.parse("sqlite://"), WORK)).contains("in-memory");
    }

    @Test
    void directoriesAreShownAbsolute() {
        assertThat(StorageLocations.describeBackend(TrackingUri.parse("./mlruns"), WORK)).isEqualTo("directory /srv/work/mlruns");
        assertThat(StorageLocations.describeLocation("file:///tmp/a", WORK)).isEqualTo("/tmp/a");
    }

    @Test
    void databaseUrisNeverShowPasswords() {
        String described = StorageLocations.describeBackend(
                TrackingUri.parse("postgresql://bob:s3cret@db:5432/mlflow"), WORK);
        assertThat(described).contains("db:5432/mlflow").doesNotContain("s3cret");
        assertThat(StorageLocations.describeLocation("s3://key:secret@bucket/path", WORK)).doesNotContain("secret@");
    }

    @Test
    void proxiedArtifactsNameTheirDestination() {
        ServerOptions options = ServerOptions.defaults().withWorkingDir(WORK);
        assertThat(StorageLocations.describeArtifacts(options))
                .isEqualTo("mlflow-artifacts:/ (proxied by this server to /srv/work/mlartifacts)");
    }
}
