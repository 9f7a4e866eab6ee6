-- Metric history is read in (step, timestamp, value) order. An index holding every column of that
-- query streams a long history in index order instead of sorting all of its points.
DROP INDEX cairn_metrics_run_key_step ON metrics;
CREATE INDEX cairn_metrics_history ON metrics (run_uuid, `key`, step, timestamp, value, is_nan);
