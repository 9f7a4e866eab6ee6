package dev.cairn.server.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;
import dev.cairn.server.ServerOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactLocationPolicyTest {
    @TempDir
    Path dir;

    private ServerOptions options(String defaultRoot, boolean serve) {
        return new ServerOptions("127.0.0.1", 0, "sqlite:///x.db", defaultRoot, dir.resolve("mlartifacts").toString(),
                serve, false, dir);
    }

    @Test
    void proxiedServerAllowsMlflowArtifactsLocationsOnly() {
        ServerOptions o = options(null, true);
        assertThat(ArtifactLocationPolicy.requireAllowedLocation(o, null)).isNull();
        assertThat(ArtifactLocationPolicy.requireAllowedLocation(o, "")).isNull();
        assertThat(ArtifactLocationPolicy.requireAllowedLocation(o, "mlflow-artifacts:/team/x")).isEqualTo("mlflow-artifacts:/team/x");
        for (String bad : new String[] {"file:///etc#", "/etc", dir.resolve("mlartifacts").toString(),
                "mlflow-artifacts:/../x", "\\\\host\\share", "s3://b/p"}) {
            assertRefused(o, bad);
        }
    }

    @Test
    void directoryRootAllowsItsSubdirectoriesOnly() {
        String root = dir.resolve("root").toString();
        ServerOptions o = options(root, false);
        assertThat(ArtifactLocationPolicy.requireAllowedLocation(o, root + "/exp")).isEqualTo(root + "/exp");
        assertRefused(o, root + "/../x");
        assertRefused(o, root + "-evil/x");
        assertRefused(o, "file:///etc#");
        assertRefused(o, "mlflow-artifacts:/x"); // not served by this server
        assertRefused(o, "//host/share/x");
    }

    private static void assertRefused(ServerOptions o, String location) {
        assertThatThrownBy(() -> ArtifactLocationPolicy.requireAllowedLocation(o, location))
                .as(location)
                .isInstanceOfSatisfying(CairnException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE));
    }
}
