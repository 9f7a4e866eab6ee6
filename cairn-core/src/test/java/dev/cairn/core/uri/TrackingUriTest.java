package dev.cairn.core.uri;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TrackingUriTest {
    private static final Path CWD = Path.of("/work/here");

    @Test
    void plainPathsAreFileUris() {
        assertThat(TrackingUri.parse("mlruns").scheme()).isEqualTo("file");
        assertThat(TrackingUri.parse("mlruns").localPath(CWD)).isEqualTo(Path.of("/work/here/mlruns"));
        assertThat(TrackingUri.parse("/data/mlruns").localPath(CWD)).isEqualTo(Path.of("/data/mlruns"));
        assertThat(TrackingUri.parse("./a/../b").localPath(CWD)).isEqualTo(Path.of("/work/here/b"));
        assertThat(TrackingUri.parse("C:\\mlruns").scheme()).isEqualTo("file");
    }

    @Test
    void homeIsExpanded() {
        assertThat(TrackingUri.parse("~/mlruns").localPath(CWD))
                .isEqualTo(Path.of(System.getProperty("user.home"), "mlruns"));
    }

    @Test
    void fileUrisInTheirForms() {
        assertThat(TrackingUri.parse("file:///data/mlruns").localPath(CWD)).isEqualTo(Path.of("/data/mlruns"));
        assertThat(TrackingUri.parse("file://localhost/data/x").localPath(CWD)).isEqualTo(Path.of("/data/x"));
        assertThat(TrackingUri.parse("file:/data/x").localPath(CWD)).isEqualTo(Path.of("/data/x"));
        assertThat(TrackingUri.parse("file:rel/x").localPath(CWD)).isEqualTo(Path.of("/work/here/rel/x"));
        assertThat(TrackingUri.parse("file:///data/with%20space").localPath(CWD)).isEqualTo(Path.of("/data/with space"));
        assertThatThrownBy(() -> TrackingUri.parse("file://nas01/share").localPath(CWD))
                .hasMessageContaining("remote host 'nas01'");
    }

    @Test
    void schemesAndDrivers() {
        TrackingUri uri = TrackingUri.parse("postgresql+psycopg2://u:p@h:5432/db");
        assertThat(uri.scheme()).isEqualTo("postgresql");
        assertThat(uri.driver()).isEqualTo("psycopg2");
        assertThat(uri.schemeSpecificPart()).isEqualTo("//u:p@h:5432/db");
        assertThat(TrackingUri.parse("HTTP://host:5000").scheme()).isEqualTo("http");
        assertThat(TrackingUri.parse("sqlite:///mlflow.db").schemeSpecificPart()).isEqualTo("///mlflow.db");
    }

    @Test
    void passwordsAreNeverShown() {
        TrackingUri uri = TrackingUri.parse("mysql://root:s3cret@db:3306/mlflow");
        assertThat(uri.toString()).isEqualTo("mysql://root:***@db:3306/mlflow").doesNotContain("s3cret");
        assertThat(TrackingUri.parse("postgresql://u@h/db").toString()).isEqualTo("postgresql://u@h/db");
    }
}
