package dev.cairn.store.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.error.CairnException;
import dev.cairn.core.uri.TrackingUri;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SqlLocationTest {
    private static final Path WORK = Path.of("/work/dir");

    private static SqlLocation parse(String uri) {
        return SqlLocation.parse(TrackingUri.parse(uri), WORK);
    }

    @Test
    void sqliteRelativePathIsResolvedAgainstTheWorkingDirectory() {
        SqlLocation l = parse("sqlite:///mlflow.db");
        assertThat(l.kind()).isEqualTo(SqlLocation.Kind.SQLITE);
        assertThat(l.sqliteFile()).isEqualTo(Path.of("/work/dir/mlflow.db"));
        assertThat(l.jdbcUrl()).isEqualTo("jdbc:sqlite:/work/dir/mlflow.db");
        assertThat(parse("sqlite:///sub/../data/x.db").sqliteFile()).isEqualTo(Path.of("/work/dir/data/x.db"));
    }

    @Test
    void sqliteAbsolutePathHasFourSlashes() {
        SqlLocation l = parse("sqlite:////var/lib/cairn/tracking.db");
        assertThat(l.sqliteFile()).isEqualTo(Path.of("/var/lib/cairn/tracking.db"));
        assertThat(l.inMemory()).isFalse();
    }

    @Test
    void sqliteMemory() {
        assertThat(parse("sqlite:///:memory:").inMemory()).isTrue();
        assertThat(parse("sqlite://").inMemory()).isTrue();
    }

    @Test
    void sqliteWithoutPathIsRefused() {
        assertThatThrownBy(() -> parse("sqlite:relative.db")).isInstanceOf(CairnException.class)
                .hasMessageContaining("sqlite:///");
    }

    @Test
    void postgresWithCredentialsPortAndDriverSuffix() {
        SqlLocation l = parse("postgresql+psycopg2://alice:p%40ss:w0rd@db.example.com:6543/tracking?sslmode=require");
        assertThat(l.kind()).isEqualTo(SqlLocation.Kind.POSTGRESQL);
        assertThat(l.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.com:6543/tracking?sslmode=require");
        assertThat(l.user()).isEqualTo("alice");
        assertThat(l.password()).isEqualTo("p@ss:w0rd");
        assertThat(l.display()).doesNotContain("p%40ss").doesNotContain("w0rd");
        assertThat(l.jdbcUrl()).doesNotContain("alice").doesNotContain("w0rd");
    }

    @Test
    void postgresDefaultsPortAndAllowsNoCredentials() {
        SqlLocation l = parse("postgresql://localhost/mlflow");
        assertThat(l.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:5432/mlflow");
        assertThat(l.user()).isNull();
        assertThat(l.password()).isNull();
    }

    @Test
    void ipv6Host() {
        assertThat(parse("postgresql://u@[::1]/db").jdbcUrl()).isEqualTo("jdbc:postgresql://[::1]:5432/db");
        assertThat(parse("postgresql://u@[::1]:5433/db").jdbcUrl()).isEqualTo("jdbc:postgresql://[::1]:5433/db");
    }

    @Test
    void mysqlAndMariaDbUseTheMariaDbDriverAndDropSqlAlchemyCharset() {
        SqlLocation l = parse("mysql+pymysql://root:secret@127.0.0.1:3307/mlflow?charset=utf8mb4&sslMode=trust");
        assertThat(l.kind()).isEqualTo(SqlLocation.Kind.MYSQL);
        assertThat(l.jdbcUrl()).isEqualTo("jdbc:mariadb://127.0.0.1:3307/mlflow?sslMode=trust");
        assertThat(l.user()).isEqualTo("root");
        assertThat(l.password()).isEqualTo("secret");
        assertThat(parse("mariadb://root@db/mlflow").jdbcUrl()).isEqualTo("jdbc:mariadb://db:3306/mlflow");
        assertThat(l.toString()).doesNotContain("secret");
    }

    @Test
    void serverUriWithoutDatabaseIsRefused() {
        assertThatThrownBy(() -> parse("postgresql://user:topsecret@host:5432"))
                .isInstanceOf(CairnException.class)
                .hasMessageContaining("names no database")
                .hasMessageNotContaining("topsecret");
    }
}
