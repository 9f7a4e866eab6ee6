package dev.cairn.store.sql;

import static java.util.Objects.requireNonNull;

import dev.cairn.core.error.CairnException;
import dev.cairn.core.uri.TrackingUri;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where a SQL tracking URI points, translated from SQLAlchemy's URL form to JDBC. Credentials are
 * kept apart from {@link #jdbcUrl} so that the URL can be logged; {@link #display} is the redacted URI.
 *
 * <ul>
 *   <li>{@code sqlite:///relative.db} (relative to the working directory), {@code sqlite:////abs/file.db},
 *       {@code sqlite:///:memory:} (one private in-memory database per store)</li>
 *   <li>{@code postgresql[+driver]://user:password@host:port/database?options}</li>
 *   <li>{@code mysql[+driver]://…} and {@code mariadb[+driver]://…}, both through the MariaDB driver</li>
 * </ul>
 */
record SqlLocation(Kind kind, String jdbcUrl, String user, String password, Path sqliteFile, String display) {
    enum Kind {
        SQLITE,
        POSTGRESQL,
        MYSQL
    }

    SqlLocation {
        requireNonNull(kind, "kind is null");
        requireNonNull(jdbcUrl, "jdbcUrl is null");
        requireNonNull(display, "display is null");
    }

    boolean inMemory() {
        return kind == Kind.SQLITE && sqliteFile == null;
    }

    static SqlLocation parse(TrackingUri uri, Path workingDir) {
        requireNonNull(uri, "uri is null");
        requireNonNull(workingDir, "workingDir is null");
        return switch (uri.scheme()) {
            case "sqlite" -> sqlite(uri, workingDir);
            case "postgresql", "postgres" -> server(uri, Kind.POSTGRESQL, "jdbc:postgresql://", 5432);
            case "mysql", "mariadb" -> server(uri, Kind.MYSQL, "jdbc:mariadb://", 3306);
            default -> throw CairnException.invalidParameter("Not a SQL tracking URI: %s", uri.redacted());
        };
    }

    private static SqlLocation sqlite(TrackingUri uri, Path workingDir) {
        String rest = stripQuery(uri.schemeSpecificPart());
        if (rest.equals("//") || rest.equals("///:memory:") || rest.equals("//:memory:") || rest.isEmpty()) {
            return new SqlLocation(Kind.SQLITE, "jdbc:sqlite::memory:", null, null, null, uri.redacted());
        }
        if (!rest.startsWith("///")) {
            throw CairnException.invalidParameter(
                    "Invalid SQLite tracking URI '%s': expected sqlite:///relative/path.db or sqlite:////absolute/path.db",
                    uri.redacted());
        }
        String path = URLDecoder.decode(rest.substring(3).replace("+", "%2B"), StandardCharsets.UTF_8);
        if (path.isEmpty()) {
            throw CairnException.invalidParameter("Invalid SQLite tracking URI '%s': no database file", uri.redacted());
        }
        Path file = workingDir.resolve(path).toAbsolutePath().normalize();
        return new SqlLocation(Kind.SQLITE, "jdbc:sqlite:" + file, null, null, file, uri.redacted());
    }

    private static SqlLocation server(TrackingUri uri, Kind kind, String jdbcPrefix, int defaultPort) {
        String rest = uri.schemeSpecificPart();
        if (!rest.startsWith("//")) {
            throw CairnException.invalidParameter(
                    "Invalid tracking URI '%s': expected %s://user:password@host:port/database", uri.redacted(), uri.scheme());
        }
        rest = rest.substring(2);
        String query = "";
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String database = slash < 0 ? "" : rest.substring(slash + 1);
        String user = null;
        String password = null;
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = authority.substring(0, at);
            authority = authority.substring(at + 1);
            int colon = userInfo.indexOf(':');
            user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
        }
        String host = authority.isEmpty() ? "localhost" : authority;
        boolean hasPort = host.startsWith("[") ? host.contains("]:") : host.contains(":");
        if (!hasPort) {
            host = host + ":" + defaultPort;
        }
        if (database.isEmpty()) {
            throw CairnException.invalidParameter("Tracking URI '%s' names no database", uri.redacted());
        }
        String options = kind == Kind.MYSQL ? mysqlOptions(query) : query;
        String jdbc = jdbcPrefix + host + "/" + database + (options.isEmpty() ? "" : "?" + options);
        return new SqlLocation(kind, jdbc, user == null || user.isEmpty() ? null : user, password, null, uri.redacted());
    }

    /** SQLAlchemy options that mean nothing to the MariaDB driver (charset: it always speaks utf8mb4). */
    private static String mysqlOptions(String query) {
        StringBuilder kept = new StringBuilder();
        for (String option : query.split("&")) {
            String name = option.contains("=") ? option.substring(0, option.indexOf('=')) : option;
            if (option.isEmpty() || name.toLowerCase(Locale.ROOT).equals("charset")) {
                continue;
            }
            kept.append(kept.isEmpty() ? "" : "&").append(option);
        }
        return kept.toString();
    }

    private static String stripQuery(String s) {
        int q = s.indexOf('?');
        return q < 0 ? s : s.substring(0, q);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return display;
    }
}
