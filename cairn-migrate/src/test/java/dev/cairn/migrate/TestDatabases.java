package dev.cairn.migrate;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/** Creates and drops uniquely named databases on the local PostgreSQL and MariaDB servers. */
final class TestDatabases {
    private static final String POSTGRES_ADMIN = "jdbc:postgresql://127.0.0.1:5432/postgres";
    private static final String MARIADB_ADMIN = "jdbc:mariadb://127.0.0.1:3306/";

    private TestDatabases() {}

    static String uniqueName() {
        return "cairn_migrate_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /** Creates a database and returns its tracking URI. */
    static String createPostgres(String name) {
        execute(POSTGRES_ADMIN, "postgres", "CREATE DATABASE " + name);
        return "postgresql://postgres@127.0.0.1:5432/" + name;
    }

    static void dropPostgres(String name) {
        execute(POSTGRES_ADMIN, "postgres", "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    static String createMariaDb(String name) {
        execute(MARIADB_ADMIN, "root", "CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        return "mysql://root@127.0.0.1:3306/" + name;
    }

    static void dropMariaDb(String name) {
        execute(MARIADB_ADMIN, "root", "DROP DATABASE IF EXISTS " + name);
    }

    private static void execute(String url, String user, String sql) {
        try (Connection c = DriverManager.getConnection(url, user, ""); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("test database setup failed: " + e.getMessage(), e);
        }
    }
}
