-- MLflow creates datasets.dataset_profile as String(16777215), which MySQL and MariaDB turn into
-- MEDIUMTEXT; V1 made it TEXT (64 KiB), so a profile MLflow accepts could be refused here and the
-- layout differed from MLflow's. A database MLflow created already has MEDIUMTEXT: this is a no-op
-- there. MySQL/MariaDB only: the other dialects' TEXT has no such limit.
ALTER TABLE datasets MODIFY dataset_profile MEDIUMTEXT NULL;
