package dev.cairn.store.sql;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The layout of a database's tables as its JDBC driver reports them through {@link DatabaseMetaData}:
 * for each table its columns (type name and size, nullability, default, auto-increment), its
 * primary key (name and columns in key order) and its indexes (name, uniqueness, columns in order).
 * Two databases built by different tools compare equal only if a client such as MLflow's SQLAlchemy
 * models would see the same tables.
 */
record SchemaLayout(Map<String, Table> tables) {
    record Table(Map<String, String> columns, String primaryKey, Set<String> indexes) {}

    static SchemaLayout read(Connection c) throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        String catalog = c.getCatalog();
        String schema = c.getSchema();
        List<String> names = new ArrayList<>();
        try (ResultSet rs = md.getTables(catalog, schema, "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                names.add(rs.getString("TABLE_NAME"));
            }
        }
        Map<String, Table> tables = new TreeMap<>();
        for (String name : names) {
            tables.put(name.toLowerCase(Locale.ROOT),
                    new Table(columns(md, catalog, schema, name), primaryKey(md, catalog, schema, name),
                            indexes(md, catalog, schema, name)));
        }
        return new SchemaLayout(tables);
    }

    private static Map<String, String> columns(DatabaseMetaData md, String catalog, String schema, String table)
            throws SQLException {
        Map<String, String> columns = new TreeMap<>();
        try (ResultSet rs = md.getColumns(catalog, schema, table, "%")) {
            while (rs.next()) {
                String type = rs.getString("TYPE_NAME") + "(" + rs.getInt("COLUMN_SIZE") + ")";
                String nullable = rs.getInt("NULLABLE") == DatabaseMetaData.columnNoNulls ? "NOT NULL" : "NULL";
                String def = rs.getString("COLUMN_DEF");
                String auto = "YES".equals(rs.getString("IS_AUTOINCREMENT")) ? " AUTO_INCREMENT" : "";
                columns.put(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT),
                        type + " " + nullable + (def == null ? "" : " DEFAULT " + def) + auto);
            }
        }
        return columns;
    }

    private static String primaryKey(DatabaseMetaData md, String catalog, String schema, String table)
            throws SQLException {
        Map<Integer, String> columns = new TreeMap<>();
        String name = null;
        try (ResultSet rs = md.getPrimaryKeys(catalog, schema, table)) {
            while (rs.next()) {
                columns.put(rs.getInt("KEY_SEQ"), rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
                name = rs.getString("PK_NAME");
            }
        }
        return name + " " + columns.values();
    }

    private static Set<String> indexes(DatabaseMetaData md, String catalog, String schema, String table)
            throws SQLException {
        Map<String, Map<Integer, String>> columns = new TreeMap<>();
        Map<String, Boolean> unique = new TreeMap<>();
        try (ResultSet rs = md.getIndexInfo(catalog, schema, table, false, false)) {
            while (rs.next()) {
                String name = rs.getString("INDEX_NAME");
                if (name == null || rs.getShort("TYPE") == DatabaseMetaData.tableIndexStatistic) {
                    continue;
                }
                columns.computeIfAbsent(name, k -> new TreeMap<>())
                        .put((int) rs.getShort("ORDINAL_POSITION"), rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
                unique.put(name, !rs.getBoolean("NON_UNIQUE"));
            }
        }
        Set<String> out = new TreeSet<>();
        columns.forEach((name, cols) -> out.add((unique.get(name) ? "UNIQUE " : "") + name + " " + cols.values()));
        return out;
    }
}
