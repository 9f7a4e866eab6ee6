package dev.cairn.store.sql;

import dev.cairn.core.search.LikePattern;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.sqlite.Function;

/**
 * {@code cairn_like(value, pattern, ignoreCase)}: SQL LIKE/ILIKE with exactly {@link LikePattern}'s
 * semantics. SQLite's own LIKE folds ASCII case only and knows no escape character by default, so
 * the SQL store would otherwise answer differently from the directory store.
 */
final class SqliteFunctions {
    private static final int MAX_CACHED = 256;
    private static final Map<String, LikePattern> PATTERNS = new ConcurrentHashMap<>();

    private SqliteFunctions() {}

    static void register(Connection connection) throws SQLException {
        Function.create(connection, "cairn_like", new Function() {
            @Override
            protected void xFunc() throws SQLException {
                String value = value_text(0);
                String pattern = value_text(1);
                if (value == null || pattern == null) {
                    result();
                    return;
                }
                boolean ignoreCase = value_int(2) != 0;
                result(pattern(pattern, ignoreCase).matches(value) ? 1 : 0);
            }
        }, 3, Function.FLAG_DETERMINISTIC);
    }

    private static LikePattern pattern(String pattern, boolean ignoreCase) {
        String cacheKey = (ignoreCase ? "i:" : "s:") + pattern;
        LikePattern compiled = PATTERNS.get(cacheKey);
        if (compiled == null) {
            compiled = ignoreCase ? LikePattern.ilike(pattern) : LikePattern.like(pattern);
            if (PATTERNS.size() >= MAX_CACHED) {
                PATTERNS.clear();
            }
            PATTERNS.put(cacheKey, compiled);
        }
        return compiled;
    }
}
