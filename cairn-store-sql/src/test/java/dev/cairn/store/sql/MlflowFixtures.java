package dev.cairn.store.sql;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The databases MLflow 2.17.2 leaves behind, one script per dialect under {@code /fixtures}: one
 * statement per line, {@code --} lines are comments.
 */
final class MlflowFixtures {
    static final String SQLITE = "/fixtures/mlflow-2.17.2-sqlite.sql";
    static final String POSTGRESQL = "/fixtures/mlflow-2.17.2-postgresql.sql";
    static final String MYSQL = "/fixtures/mlflow-2.17.2-mysql.sql";

    private MlflowFixtures() {}

    static List<String> statements(String resource) {
        String script;
        try (InputStream in = MlflowFixtures.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + resource);
            }
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> statements = new ArrayList<>();
        for (String line : script.split("\n")) {
            if (!line.startsWith("--") && !line.isBlank()) {
                statements.add(line.trim().replaceAll(";$", ""));
            }
        }
        return statements;
    }

    /** Runs the script in one session (the MySQL one sets a session sql_mode for its inserts). */
    static void load(Connection c, String resource) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String statement : statements(resource)) {
                s.execute(statement);
            }
        }
    }
}
