package dev.cairn.store.sql;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/** Creates and drops uniquely named databases on the local PostgreSQL and MariaDB servers. */
final class TestDatabases {
    static final String POSTGRES_ADMIN = "jdbc:postgresql://127.0.0.1:5432/postgres";
    static final String MARIADB_ADMIN = "jdbc:mariadb://127.0.0.1:3306/";

    private TestDatabases() {}

    static String uniqueName() {
        return "cairn_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    static void createPostgres(String name) {
        execute(POSTGRES_ADMIN, "postgres", "", "CREATE DATABASE " + name);
    }

    static void dropPostgres(String name) {
        execute(POSTGRES_ADMIN, "postgres", "", "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    static void createMariaDb(String name) {
        execute(MARIADB_ADMIN, "root", "", "CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci");
    }

    static void dropMariaDb(String name) {
        execute(MARIADB_ADMIN, "root", "", "DROP DATABASE IF EXISTS " + name);
    }

    static void execute(String url, String user, String password, String... sql) {
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            for (String statement : sql) {
                s.execute(statement);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("test database setup failed: " + e.getMessage(), e);
        }
    }
}
