package dev.cairn.core.uri;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrackingUriResolverTest {
    @TempDir
    Path cwd;

    @Test
    void explicitSettingWinsOverEnvironment() {
        ResolvedTrackingUri r = TrackingUriResolver.resolve(
                "postgresql://u@h/db", Map.of("MLFLOW_TRACKING_URI", "/data/mlruns"), cwd);
        assertThat(r.rule()).isEqualTo(ResolvedTrackingUri.Rule.EXPLICIT);
        assertThat(r.uri().scheme()).isEqualTo("postgresql");
    }

    @Test
    void environmentWinsOverDefault() {
        ResolvedTrackingUri r = TrackingUriResolver.resolve(null, Map.of("MLFLOW_TRACKING_URI", "file:///data/mlruns"), cwd);
        assertThat(r.rule()).isEqualTo(ResolvedTrackingUri.Rule.ENVIRONMENT);
        assertThat(r.uri().localPath(cwd)).isEqualTo(Path.of("/data/mlruns"));
    }

    @Test
    void blankValuesAreIgnored() {
        ResolvedTrackingUri r = TrackingUriResolver.resolve("  ", Map.of("MLFLOW_TRACKING_URI", ""), cwd);
        assertThat(r.rule()).isEqualTo(ResolvedTrackingUri.Rule.DEFAULT_SQLITE);
        assertThat(r.uri().raw()).isEqualTo("sqlite:///mlflow.db");
    }

    @Test
    void existingMlrunsStoreIsTheDefault() throws Exception {
        Files.createDirectories(cwd.resolve("mlruns/0"));
        Files.writeString(cwd.resolve("mlruns/0/meta.yaml"), "name: Default\n");
        ResolvedTrackingUri r = TrackingUriResolver.resolve(null, Map.of(), cwd);
        assertThat(r.rule()).isEqualTo(ResolvedTrackingUri.Rule.EXISTING_MLRUNS);
        assertThat(r.uri().localPath(cwd)).isEqualTo(cwd.resolve("mlruns"));
    }

    @Test
    void emptyMlrunsDirectoryIsNotAStore() throws Exception {
        Files.createDirectories(cwd.resolve("mlruns"));
        assertThat(TrackingUriResolver.resolve(null, Map.of(), cwd).rule())
                .isEqualTo(ResolvedTrackingUri.Rule.DEFAULT_SQLITE);
    }
}
