package dev.cairn.store.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;
import dev.cairn.core.store.StoreConfig;
import dev.cairn.core.store.TrackingStores;
import dev.cairn.core.uri.TrackingUri;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unreachable servers and wrong credentials fail quickly, with the location named and no password shown. */
class SqlConnectionFailureIT {
    private static final Duration QUICKLY = Duration.ofSeconds(15);
    private static final String PASSWORD = "Wr0ngPassw0rdXyz";

    @TempDir
    Path dir;

    private CairnException openFails(String uri) {
        long start = System.nanoTime();
        Throwable thrown = catchThrowable(() -> TrackingStores.open(TrackingUri.parse(uri), new StoreConfig(null, dir)).close());
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took).as("time to fail").isLessThan(QUICKLY);
        assertThat(thrown).isInstanceOf(CairnException.class);
        CairnException e = (CairnException) thrown;
        assertThat(e.getMessage()).doesNotContain(PASSWORD);
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            assertThat(String.valueOf(cause.getMessage())).doesNotContain(PASSWORD);
        }
        return e;
    }

    @Test
    void wrongMariaDbPassword() {
        CairnException e = openFails("mysql://root:" + PASSWORD + "@127.0.0.1:3306/mysql");
        assertThat(e.code()).isEqualTo(ErrorCode.TEMPORARILY_UNAVAILABLE);
        assertThat(e.getMessage()).contains("mysql://root:***@127.0.0.1:3306/mysql").containsIgnoringCase("access denied")
                .contains("user name and password");
    }

    @Test
    void refusedPort() {
        CairnException e = openFails("postgresql://postgres:" + PASSWORD + "@127.0.0.1:1/tracking");
        assertThat(e.code()).isEqualTo(ErrorCode.TEMPORARILY_UNAVAILABLE);
        assertThat(e.getMessage()).contains("postgresql://postgres:***@127.0.0.1:1/tracking");
    }

    @Test
    void unroutableHostTimesOut() {
        CairnException e = openFails("postgresql://postgres:" + PASSWORD + "@10.255.255.1:5432/tracking");
        assertThat(e.getMessage()).contains("10.255.255.1");
    }

    @Test
    void missingPostgresDatabase() {
        CairnException e = openFails("postgresql://postgres@127.0.0.1:5432/cairn_no_such_database_x");
        assertThat(e.getMessage()).contains("cairn_no_such_database_x").contains("does not exist");
    }
}
