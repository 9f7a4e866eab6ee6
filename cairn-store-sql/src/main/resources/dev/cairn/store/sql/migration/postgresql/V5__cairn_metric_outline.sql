-- Cairn's own table (MLflow neither reads nor writes it): each metric history summarised per 64
-- consecutive steps (bucket = step / 64, truncated as Java's and every dialect's integer division
-- truncate), recomputed from the history shortly after points are written (SqlOutlineRefresher). A chart
-- of a million-point series is drawn from an aggregate over ~16,000 of these rows, not a million points. Values are the finite ones only (NaN is stored
-- as is_nan, infinities as +-1.7976931348623157E308); a bucket without any has NULL min and max.
-- Numbered 5 on every database, after MySQL's 4 (the other dialects have no 4).
CREATE TABLE cairn_metric_buckets (
    run_uuid VARCHAR(32) NOT NULL,
    metric_key VARCHAR(250) NOT NULL,
    bucket BIGINT NOT NULL,
    point_count BIGINT NOT NULL,
    min_step BIGINT NOT NULL,
    max_step BIGINT NOT NULL,
    min_timestamp BIGINT NOT NULL,
    max_timestamp BIGINT NOT NULL,
    min_value DOUBLE PRECISION,
    max_value DOUBLE PRECISION,
    CONSTRAINT cairn_metric_buckets_pk PRIMARY KEY (run_uuid, metric_key, bucket)
);

-- Histories logged before this version (by Cairn or by MLflow) get their outline now.
INSERT INTO cairn_metric_buckets (run_uuid, metric_key, bucket, point_count, min_step, max_step, min_timestamp,
        max_timestamp, min_value, max_value)
SELECT run_uuid, "key", step / 64, COUNT(*), MIN(step), MAX(step), MIN(timestamp), MAX(timestamp),
       MIN(CASE WHEN is_nan OR value >= 1.7976931348623157E308 OR value <= -1.7976931348623157E308 THEN NULL ELSE value END),
       MAX(CASE WHEN is_nan OR value >= 1.7976931348623157E308 OR value <= -1.7976931348623157E308 THEN NULL ELSE value END)
FROM metrics
GROUP BY run_uuid, "key", step / 64;
