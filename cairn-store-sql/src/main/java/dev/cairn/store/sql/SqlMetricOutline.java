package dev.cairn.store.sql;

import dev.cairn.core.model.Metric;
import dev.cairn.core.store.MetricOutline;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Cairn's outline of each metric history ({@code cairn_metric_buckets}, migration V5): count, step and
 * timestamp ranges and finite min/max per {@value #BUCKET_STEPS} consecutive steps.
 *
 * <p>Buckets are recomputed from the metrics table with one {@code INSERT ... SELECT ... GROUP BY}
 * upsert, not incremented: a point re-sent with the same values (which the metrics table keeps once)
 * is not counted twice, and the outline stays exactly what the history holds whatever order points
 * arrive in. {@link SqlOutlineRefresher} decides when, after the points are committed.
 */
final class SqlMetricOutline {
    /** Steps per bucket; a million dense steps are 15,625 rows. Also written into the V5 migration. */
    static final int BUCKET_STEPS = 64;

    /** Aggregates per statement: SQLite allows 500 terms in a compound SELECT (a batch may name 1,000 keys). */
    private static final int MAX_PARTS = 200;

    /** More separate step ranges of one key than this in one write are refreshed as one range. */
    private static final int MAX_RANGES_PER_KEY = 32;

    private static final String COLUMNS = "run_uuid, metric_key, bucket, point_count, min_step, max_step, min_timestamp,"
            + " max_timestamp, min_value, max_value";

    /** A value that is neither NaN nor one of the stored infinities, else NULL (so MIN/MAX skip it). */
    private static final String FINITE_VALUE = "CASE WHEN is_nan OR value >= 1.7976931348623157E308"
            + " OR value <= -1.7976931348623157E308 THEN NULL ELSE value END";

    private SqlMetricOutline() {}

    /** The buckets, per metric key, that {@code points} fall in. */
    static Map<String, TreeSet<Long>> bucketsOf(List<Metric> points) {
        Map<String, TreeSet<Long>> bucketsByKey = new TreeMap<>();
        for (Metric m : points) {
            bucketsByKey.computeIfAbsent(m.key(), k -> new TreeSet<>()).add(m.step() / BUCKET_STEPS);
        }
        return bucketsByKey;
    }

    /** Recomputes some buckets of a run's metric histories from the histories. */
    static void refresh(Connection c, SqlDialect d, String runUuid, Map<String, TreeSet<Long>> bucketsByKey) throws SQLException {
        if (bucketsByKey.isEmpty()) {
            return;
        }
        // One aggregate per key and step range, so each is an index range scan (SQLite otherwise scans the
        // run's whole history for an OR of ranges), up to MAX_PARTS of them per statement.
        String bucket = d.integerDivision("step", String.valueOf(BUCKET_STEPS));
        String aggregate = "SELECT run_uuid, \"key\" AS metric_key, " + bucket + " AS bucket, COUNT(*) AS point_count,"
                + " MIN(step) AS min_step, MAX(step) AS max_step, MIN(timestamp) AS min_timestamp, MAX(timestamp) AS max_timestamp,"
                + " MIN(" + FINITE_VALUE + ") AS min_value, MAX(" + FINITE_VALUE + ") AS max_value FROM metrics"
                + " WHERE run_uuid = ? AND \"key\" = ? AND step >= ? AND step <= ? GROUP BY run_uuid, \"key\", " + bucket;
        List<SqlStatement> parts = new ArrayList<>();
        for (Map.Entry<String, TreeSet<Long>> e : bucketsByKey.entrySet()) {
            for (long[] range : ranges(e.getValue())) {
                parts.add(new SqlStatement().append(aggregate, runUuid, e.getKey(), firstStep(range[0]), lastStep(range[1])));
            }
        }
        for (int from = 0; from < parts.size(); from += MAX_PARTS) {
            SqlStatement fresh = new SqlStatement();
            for (SqlStatement part : parts.subList(from, Math.min(parts.size(), from + MAX_PARTS))) {
                fresh.append(fresh.isEmpty() ? "" : " UNION ALL ").append(part);
            }
            // "WHERE 1 = 1": SQLite needs a WHERE before ON CONFLICT in INSERT ... SELECT to parse it.
            SqlStatement statement = new SqlStatement().append("INSERT INTO cairn_metric_buckets (" + COLUMNS + ") SELECT " + COLUMNS
                            + " FROM (").append(fresh).append(") fresh WHERE 1 = 1")
                    .append(d.onConflictReplace("run_uuid, metric_key, bucket", COLUMNS.substring(COLUMNS.indexOf("point_count"))));
            try (PreparedStatement ps = statement.prepare(c, d)) {
                ps.executeUpdate();
            }
        }
    }

    /** Runs of consecutive bucket numbers as [first, last]; past {@link #MAX_RANGES_PER_KEY}, one range over all. */
    private static List<long[]> ranges(TreeSet<Long> buckets) {
        List<long[]> ranges = new ArrayList<>();
        for (long b : buckets) {
            long[] last = ranges.isEmpty() ? null : ranges.getLast();
            if (last != null && last[1] + 1 == b) {
                last[1] = b;
            } else {
                ranges.add(new long[] {b, b});
            }
        }
        if (ranges.size() > MAX_RANGES_PER_KEY) {
            return List.of(new long[] {buckets.first(), buckets.last()});
        }
        return ranges;
    }

    /** The least step of a bucket. Division truncates towards zero, so bucket 0 holds steps -63..63. */
    static long firstStep(long bucket) {
        return bucket > 0 ? bucket * BUCKET_STEPS : bucket == Long.MIN_VALUE / BUCKET_STEPS ? Long.MIN_VALUE : bucket * BUCKET_STEPS - (BUCKET_STEPS - 1);
    }

    /** The greatest step of a bucket. */
    static long lastStep(long bucket) {
        return bucket < 0 ? bucket * BUCKET_STEPS : bucket == Long.MAX_VALUE / BUCKET_STEPS ? Long.MAX_VALUE : bucket * BUCKET_STEPS + (BUCKET_STEPS - 1);
    }

    /**
     * The outline of one history in at most {@code maxBuckets} buckets, merged in the database (so a
     * million-point series is one aggregate over ~16,000 rows, sending back only what a chart can show);
     * empty when it has no buckets.
     */
    static Optional<MetricOutline> read(Connection c, SqlDialect d, String runUuid, String key, int maxBuckets) throws SQLException {
        long first;
        long last;
        try (PreparedStatement ps = c.prepareStatement(d.sql("SELECT MIN(bucket), MAX(bucket) FROM cairn_metric_buckets"
                + " WHERE run_uuid = ? AND metric_key = ?"))) {
            ps.setString(1, runUuid);
            ps.setString(2, key);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                first = rs.getLong(1);
                if (rs.wasNull()) {
                    return Optional.empty();
                }
                last = rs.getLong(2);
            }
        }
        // bucket numbers span at most 2^64 / 64, so the span cannot overflow
        long perGroup = Math.max(1, Math.ceilDiv(last - first + 1, maxBuckets));
        List<MetricOutline.Bucket> buckets = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(d.sql("SELECT SUM(point_count), MIN(min_step), MAX(max_step), MIN(min_timestamp),"
                + " MAX(max_timestamp), MIN(min_value), MAX(max_value) FROM cairn_metric_buckets WHERE run_uuid = ? AND metric_key = ?"
                + " GROUP BY " + d.integerDivision("(bucket - ?)", "?") + " ORDER BY MIN(bucket)"))) {
            ps.setString(1, runUuid);
            ps.setString(2, key);
            ps.setLong(3, first);
            ps.setLong(4, perGroup);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    buckets.add(new MetricOutline.Bucket(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                            orNaN(rs, 6), orNaN(rs, 7)));
                }
            }
        }
        return Optional.of(new MetricOutline(buckets));
    }

    private static double orNaN(ResultSet rs, int column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? Double.NaN : v;
    }
}
