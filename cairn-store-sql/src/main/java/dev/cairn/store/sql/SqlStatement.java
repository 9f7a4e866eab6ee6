package dev.cairn.store.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** A query under construction: text plus the values bound to its {@code ?} placeholders, in order. */
final class SqlStatement {
    private final StringBuilder text = new StringBuilder();
    private final List<Object> values = new ArrayList<>();

    SqlStatement append(String sql, Object... bound) {
        text.append(sql);
        values.addAll(List.of(bound));
        return this;
    }

    SqlStatement append(SqlStatement other) {
        text.append(other.text);
        values.addAll(other.values);
        return this;
    }

    boolean isEmpty() {
        return text.isEmpty();
    }

    /** Appends {@code (?, ?, ...)} for the values. */
    SqlStatement appendList(Collection<?> bound) {
        text.append('(');
        int i = 0;
        for (Object value : bound) {
            text.append(i++ == 0 ? "?" : ", ?");
            values.add(value);
        }
        text.append(')');
        return this;
    }

    String text() {
        return text.toString();
    }

    PreparedStatement prepare(Connection c, SqlDialect dialect) throws SQLException {
        PreparedStatement ps = c.prepareStatement(dialect.sql(text.toString()));
        bind(ps, values);
        return ps;
    }

    static void bind(PreparedStatement ps, List<Object> values) throws SQLException {
        for (int i = 0; i < values.size(); i++) {
            Object v = values.get(i);
            if (v instanceof Boolean b) {
                ps.setBoolean(i + 1, b);
            } else if (v instanceof Long l) {
                ps.setLong(i + 1, l);
            } else if (v instanceof Integer n) {
                ps.setInt(i + 1, n);
            } else if (v instanceof Double d) {
                ps.setDouble(i + 1, d);
            } else if (v instanceof String[] texts) {
                ps.setArray(i + 1, ps.getConnection().createArrayOf("varchar", texts));
            } else {
                ps.setString(i + 1, (String) v);
            }
        }
    }

    /** Placeholders for an IN list of {@code n} values: {@code (?, ?, ?)}. */
    static String placeholders(int n) {
        StringBuilder sb = new StringBuilder(n * 3 + 2).append('(');
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "?" : ", ?");
        }
        return sb.append(')').toString();
    }
}
