package dev.cairn.store.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;
import dev.cairn.core.model.ExperimentId;
import dev.cairn.core.store.StoreConfig;
import dev.cairn.core.store.TrackingStore;
import dev.cairn.core.store.TrackingStores;
import dev.cairn.core.store.ValidatingTrackingStore;
import dev.cairn.core.uri.TrackingUri;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTrackingStoreProviderTest {
    @TempDir
    Path dir;

    @Test
    void plainPathsAndFileUrisOpenThroughServiceLoaderAndMissingDirectoriesAreCreated() {
        StoreConfig config = new StoreConfig(null, dir);
        try (TrackingStore store = TrackingStores.open(TrackingUri.parse("relative/mlruns"), config)) {
            assertThat(store).isInstanceOf(ValidatingTrackingStore.class);
            assertThat(((ValidatingTrackingStore) store).delegate()).isInstanceOf(FileTrackingStore.class);
            assertThat(store.getExperiment(ExperimentId.DEFAULT).name()).isEqualTo("Default");
        }
        assertThat(dir.resolve("relative/mlruns/0/meta.yaml")).isRegularFile();
        assertThat(dir.resolve("relative/mlruns/.trash")).isDirectory();

        try (TrackingStore store = TrackingStores.open(TrackingUri.parse(dir.resolve("uri").toUri().toString()), config)) {
            assertThat(store.getExperiment(ExperimentId.DEFAULT).artifactLocation()).isEqualTo("file://" + dir.resolve("uri") + "/0");
        }
    }

    @Test
    void aPathThatIsAFileFailsNamingItAndWhatToDo() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
        assertThatThrownBy(() -> new FileTrackingStoreProvider().open(TrackingUri.parse(file.toString()), new StoreConfig(null, dir)))
                .isInstanceOfSatisfying(CairnException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE))
                .hasMessageContaining(file.toString())
                .hasMessageContaining("not a directory");
    }

    @Test
    void aDirectoryThatCannotBeCreatedFailsNamingIt() throws Exception {
        Path file = Files.writeString(dir.resolve("blocker"), "x");
        Path below = file.resolve("mlruns");
        assertThatThrownBy(() -> new FileTrackingStoreProvider().open(TrackingUri.parse(below.toString()), new StoreConfig(null, dir)))
                .isInstanceOf(CairnException.class)
                .hasMessageContaining(below.toString());
    }

    @Test
    void remoteFileUrisAreRefused() {
        assertThatThrownBy(() -> new FileTrackingStoreProvider().open(TrackingUri.parse("file://otherhost/data"), new StoreConfig(null, dir)))
                .isInstanceOfSatisfying(CairnException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE))
                .hasMessageContaining("otherhost");
    }
}
