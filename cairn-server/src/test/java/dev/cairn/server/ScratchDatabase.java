package dev.cairn.server;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/** A uniquely named database on the local PostgreSQL or MariaDB server, created for one test class and dropped after it. */
public record ScratchDatabase(String adminJdbcUrl, String user, String name, String trackingUri) {
    public static ScratchDatabase postgres() {
        String name = "cairn_srv_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        ScratchDatabase db = new ScratchDatabase("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", name,
                "postgresql://postgres@127.0.0.1:5432/" + name);
        db.execute("CREATE DATABASE " + name);
        return db;
    }

    public static ScratchDatabase mariadb() {
        String name = "cairn_srv_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        ScratchDatabase db = new ScratchDatabase("jdbc:mariadb://127.0.0.1:3306/", "root", name,
                "mysql://root@127.0.0.1:3306/" + name);
        db.execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        return db;
    }

    /** Called after the server (and its pool) is closed. */
    public void drop() {
        execute(adminJdbcUrl.startsWith("jdbc:postgresql")
                ? "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"
                : "DROP DATABASE IF EXISTS " + name);
    }

    private void execute(String sql) {
        try (Connection c = DriverManager.getConnection(adminJdbcUrl, user, "");
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("could not run '" + sql + "' on " + adminJdbcUrl, e);
        }
    }
}
