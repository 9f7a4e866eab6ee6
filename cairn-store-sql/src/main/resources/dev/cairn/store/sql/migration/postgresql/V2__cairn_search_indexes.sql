-- Indexes Cairn adds on top of MLflow's schema for its hot paths: listing an experiment's runs
-- newest first, and reading one metric's history of one run in step order.
CREATE INDEX cairn_runs_experiment_stage_start ON runs (experiment_id, lifecycle_stage, start_time);
CREATE INDEX cairn_metrics_run_key_step ON metrics (run_uuid, "key", step, timestamp);
