package dev.cairn.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ArtifactLocationsTest {
    @TempDir
    static Path dir;

    private static List<String> roots() {
        return List.of(dir.resolve("root").toString(), "s3://bucket/team", "mlflow-artifacts:/");
    }

    private static String allowed(String location) {
        return ArtifactLocations.requireAllowed(location, roots(), dir);
    }

    @Test
    void locationsUnderAnAllowedRootPass() {
        String root = dir.resolve("root").toString();
        assertThat(allowed(root + "/exp1")).isEqualTo(root + "/exp1");
        assertThat(allowed("file://" + root + "/exp2")).isEqualTo("file://" + root + "/exp2");
        assertThat(allowed("s3://bucket/team/exp")).isEqualTo("s3://bucket/team/exp");
        assertThat(allowed("s3://bucket/team")).isEqualTo("s3://bucket/team");
        assertThat(allowed("mlflow-artifacts:/3")).isEqualTo("mlflow-artifacts:/3");
        assertThat(allowed("mlflow-artifacts://tracking:5000/3")).isEqualTo("mlflow-artifacts://tracking:5000/3");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "file:///etc#", "file:///etc", "/etc", "/tmp/elsewhere", "file:///etc?x",
            "\\\\server\\share\\mlruns", "//server/share/mlruns", "file://server/share/mlruns",
            "s3://bucket/team-evil/x", "s3://bucket/other", "s3://other-bucket/team", "s3://bucket/team/../x",
            "s3://bucket/team/%2e%2e/x", "s3://bucket/team/%252e%252e/x", "sftp://host/team",
            "mlflow-artifacts:/../x", "mlflow-artifacts:/a/%2E%2E/b", "gs://bucket/team", "C:\\mlruns", "x\0y"})
    void locationsOutsideAreRefused(String location) {
        assertRefused(location);
    }

    @Test
    void rootEscapesAreRefused() throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        Path sibling = Files.createDirectories(dir.resolve("root-evil"));
        assertRefused(root + "/../x");
        assertRefused(root + "/./x");
        assertRefused(sibling.toString());
        assertRefused(sibling + "/exp");
        assertRefused("file://" + sibling);
        Files.createSymbolicLink(root.resolve("link-out"), sibling);
        assertRefused(root + "/link-out/exp");
    }

    private static void assertRefused(String location) {
        assertThatThrownBy(() -> allowed(location)).isInstanceOfSatisfying(CairnException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE));
    }
}
