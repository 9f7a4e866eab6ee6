package dev.cairn.store.sql;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariDataSource;
import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;
import dev.cairn.core.model.DatasetInput;
import dev.cairn.core.model.Experiment;
import dev.cairn.core.model.ExperimentId;
import dev.cairn.core.model.LifecycleStage;
import dev.cairn.core.model.Metric;
import dev.cairn.core.model.Page;
import dev.cairn.core.model.PageToken;
import dev.cairn.core.model.Param;
import dev.cairn.core.model.Run;
import dev.cairn.core.model.RunData;
import dev.cairn.core.model.RunId;
import dev.cairn.core.model.RunInfo;
import dev.cairn.core.model.RunInputs;
import dev.cairn.core.model.RunMetric;
import dev.cairn.core.model.RunStatus;
import dev.cairn.core.model.Tag;
import dev.cairn.core.search.ExperimentSearch;
import dev.cairn.core.search.RunSearch;
import dev.cairn.core.store.CreateRunRequest;
import dev.cairn.core.store.DeletedRun;
import dev.cairn.core.store.ImportableTrackingStore;
import dev.cairn.core.store.MetricOutline;
import dev.cairn.core.store.MetricPointSink;
import dev.cairn.core.store.MetricSampling;
import dev.cairn.core.store.RunBundle;
import dev.cairn.core.store.StoreConfig;
import dev.cairn.core.store.TrackingStore;
import dev.cairn.core.uri.TrackingUri;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The JDBC tracking store over MLflow's tables (SQLite, PostgreSQL, MySQL/MariaDB).
 *
 * <p>Every write is one transaction that first locks the run row (where the database has row
 * locks), so concurrent writers of one run queue up, and a failed batch leaves nothing behind. On
 * SQLite, concurrent log-batch requests share one transaction, each in its own savepoint
 * ({@link GroupCommitWriter}): same outcome per request, one commit for many.
 * Metric values are stored as MLflow stores them: NaN as {@code is_nan} with value 0, ±Infinity as
 * ±{@link Double#MAX_VALUE} (read back as ±Infinity).
 */
public final class SqlTrackingStore implements TrackingStore, ImportableTrackingStore {
    private static final String RUN_NAME_TAG = SqlRunReader.RUN_NAME_TAG;

    private final HikariDataSource dataSource;
    private final SqlExecutor db;
    private final SqlDialect d;
    private final SqlRunReader reader;
    /** SQLite only (one writer at a time): concurrent log-batch requests share one transaction. */
    private final GroupCommitWriter groupCommit;
    private final SqlOutlineRefresher outlines;
    private final SqlLocation location;
    private final String defaultArtifactRoot;

    private SqlTrackingStore(HikariDataSource dataSource, SqlDialect dialect, SqlLocation location, String defaultArtifactRoot) {
        this.dataSource = dataSource;
        this.d = dialect;
        this.location = location;
        this.db = new SqlExecutor(dataSource, dialect, location);
        this.reader = new SqlRunReader(dialect);
        this.groupCommit = dialect == SqlDialect.SQLITE ? new GroupCommitWriter(db) : null;
        this.defaultArtifactRoot = defaultArtifactRoot;
        ensureDefaultExperiment();
        this.outlines = new SqlOutlineRefresher(db, dialect);
    }

    /** Opens the store: connects, creates or upgrades the schema, and creates the default experiment if none exists. */
    public static SqlTrackingStore open(TrackingUri uri, StoreConfig config) {
        requireNonNull(uri, "uri is null");
        requireNonNull(config, "config is null");
        SqlLocation location = SqlLocation.parse(uri, config.workingDir());
        HikariDataSource dataSource = SqlDataSources.open(location);
        try {
            SqlDialect dialect = SqlSchema.dialectOf(dataSource, location);
            SqlSchema.migrate(dataSource, dialect, location);
            String root = config.defaultArtifactRoot() != null
                    ? config.defaultArtifactRoot()
                    : config.workingDir().resolve("mlruns").toAbsolutePath().normalize().toString();
            return new SqlTrackingStore(dataSource, dialect, location, stripTrailingSlash(root));
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
    }

    @Override
    public String toString() {
        return "SqlTrackingStore[" + location.display() + "]";
    }

    // ------------------------------------------------------------------ experiments

    private void ensureDefaultExperiment() {
        db.write(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM experiments")) {
                rs.next();
                if (rs.getLong(1) > 0) {
                    return null;
                }
            }
            String oldMode = null;
            if (d instanceof SqlDialect.MySql) {
                // an explicit id 0 would otherwise mean "next auto-increment value"
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT @@SESSION.sql_mode")) {
                    rs.next();
                    oldMode = rs.getString(1);
                }
                try (Statement s = c.createStatement()) {
                    s.execute("SET SESSION sql_mode = CONCAT(@@SESSION.sql_mode, ',NO_AUTO_VALUE_ON_ZERO')");
                }
            }
            long now = System.currentTimeMillis();
            try (PreparedStatement ps = c.prepareStatement(d.insertIgnoringDuplicates("experiments",
                    "experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time",
                    "?, ?, ?, 'active', ?, ?", "experiment_id"))) {
                ps.setLong(1, 0);
                ps.setString(2, "Default");
                ps.setString(3, defaultArtifactRoot + "/0");
                ps.setLong(4, now);
                ps.setLong(5, now);
                ps.executeUpdate();
            } finally {
                if (oldMode != null) {
                    try (PreparedStatement ps = c.prepareStatement("SET SESSION sql_mode = ?")) {
                        ps.setString(1, oldMode);
                        ps.execute();
                    }
                }
            }
            return null;
        });
    }

    @Override
    public ExperimentId createExperiment(String name, String artifactLocation, List<Tag> tags) {
        requireNonNull(name, "name is null");
        requireNonNull(tags, "tags is null");
        try {
            return db.write(c -> {
                if (experimentIdByName(c, name).isPresent()) {
                    throw alreadyExists(name);
                }
                long now = System.currentTimeMillis();
                String sql = "INSERT INTO experiments (name, artifact_location, lifecycle_stage, creation_time, last_update_time)"
                        + " VALUES (?, ?, 'active', ?, ?)";
                long id;
                try (PreparedStatement ps = d == SqlDialect.POSTGRESQL
                        ? c.prepareStatement(sql, new String[] {"experiment_id"})
                        : c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
                    ps.setString(1, name);
                    boolean explicit = artifactLocation != null && !artifactLocation.isEmpty();
                    ps.setString(2, explicit ? artifactLocation : null);
                    ps.setLong(3, now);
                    ps.setLong(4, now);
                    ps.executeUpdate();
                    try (ResultSet keys = ps.getGeneratedKeys()) {
                        keys.next();
                        id = keys.getLong(1);
                    }
                }
                if (artifactLocation == null || artifactLocation.isEmpty()) {
                    update(c, "UPDATE experiments SET artifact_location = ? WHERE experiment_id = ?", defaultArtifactRoot + "/" + id, id);
                }
                upsertExperimentTags(c, id, tags);
                return ExperimentId.of(String.valueOf(id));
            });
        } catch (CairnException e) {
            if (e.code() == ErrorCode.RESOURCE_ALREADY_EXISTS) {
                throw alreadyExists(name); // a concurrent create won the unique name
            }
            throw e;
        }
    }

    private static CairnException alreadyExists(String name) {
        return CairnException.alreadyExists("Experiment(name=%s) already exists.", name);
    }

    @Override
    public Experiment getExperiment(ExperimentId id) {
        requireNonNull(id, "id is null");
        return db.read(c -> loadExperiment(c, experimentKey(id)).orElseThrow(() -> experimentNotFound(id)));
    }

    @Override
    public Optional<Experiment> getExperimentByName(String name) {
        requireNonNull(name, "name is null");
        return db.read(c -> {
            Optional<Long> id = experimentIdByName(c, name);
            return id.isPresent() ? loadExperiment(c, id.get()) : Optional.empty();
        });
    }

    @Override
    public Page<Experiment> searchExperiments(ExperimentSearch search) {
        requireNonNull(search, "search is null");
        int max = search.maxResults();
        return db.read(c -> {
            List<Experiment> rows = new ArrayList<>();
            try (PreparedStatement ps = new SqlExperimentSearchQuery(d).build(search, max + 1).prepare(c, d);
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(experimentRow(rs, List.of()));
                }
            }
            boolean more = rows.size() > max;
            List<Experiment> page = more ? rows.subList(0, max) : rows;
            Map<String, List<Tag>> tags = experimentTags(c, page.stream().map(e -> Long.parseLong(e.experimentId().value())).toList());
            List<Experiment> withTags = page.stream().map(e -> withTags(e, tags.getOrDefault(e.experimentId().value(), List.of()))).toList();
            return new Page<>(withTags, more ? search.pageToken().next(max).encode() : null);
        });
    }

    @Override
    public void renameExperiment(ExperimentId id, String newName) {
        requireNonNull(id, "id is null");
        requireNonNull(newName, "newName is null");
        try {
            db.write(c -> {
                ExperimentState state = experimentState(c, id);
                if (state.stage() != LifecycleStage.ACTIVE) {
                    throw new CairnException(ErrorCode.INVALID_STATE, "Cannot rename a non-active experiment.");
                }
                Optional<Long> holder = experimentIdByName(c, newName);
                if (holder.isPresent() && holder.get() != state.id()) {
                    throw alreadyExists(newName);
                }
                update(c, "UPDATE experiments SET name = ?, last_update_time = ? WHERE experiment_id = ?",
                        newName, System.currentTimeMillis(), state.id());
                return null;
            });
        } catch (CairnException e) {
            throw e.code() == ErrorCode.RESOURCE_ALREADY_EXISTS ? alreadyExists(newName) : e;
        }
    }

    @Override
    public void deleteExperiment(ExperimentId id) {
        requireNonNull(id, "id is null");
        db.write(c -> {
            ExperimentState state = experimentState(c, id);
            if (state.stage() == LifecycleStage.DELETED) {
                throw CairnException.invalidParameter("Experiment with id %s is already deleted.", id);
            }
            long now = System.currentTimeMillis();
            update(c, "UPDATE experiments SET lifecycle_stage = 'deleted', last_update_time = ? WHERE experiment_id = ?", now, state.id());
            update(c, "UPDATE runs SET lifecycle_stage = 'deleted', deleted_time = ? WHERE experiment_id = ? AND lifecycle_stage = 'active'",
                    now, state.id());
            return null;
        });
    }

    @Override
    public void restoreExperiment(ExperimentId id) {
        requireNonNull(id, "id is null");
        db.write(c -> {
            ExperimentState state = experimentState(c, id);
            if (state.stage() != LifecycleStage.DELETED) {
                throw CairnException.invalidParameter("Cannot restore an experiment that is not deleted: %s", id);
            }
            // runs deleted together with the experiment carry its deletion time (or later); runs deleted
            // earlier stay deleted
            long deletedAt = state.lastUpdateTime() == null ? Long.MIN_VALUE : state.lastUpdateTime();
            update(c, "UPDATE runs SET lifecycle_stage = 'active', deleted_time = NULL WHERE experiment_id = ?"
                    + " AND lifecycle_stage = 'deleted' AND (deleted_time IS NULL OR deleted_time >= ?)", state.id(), deletedAt);
            update(c, "UPDATE experiments SET lifecycle_stage = 'active', last_update_time = ? WHERE experiment_id = ?",
                    System.currentTimeMillis(), state.id());
            return null;
        });
    }

    @Override
    public void setExperimentTag(ExperimentId id, Tag tag) {
        requireNonNull(id, "id is null");
        requireNonNull(tag, "tag is null");
        db.write(c -> {
            ExperimentState state = experimentState(c, id);
            requireActive(state, id);
            upsertExperimentTags(c, state.id(), List.of(tag));
            return null;
        });
    }

    @Override
    public void deleteExperimentTag(ExperimentId id, String key) {
        requireNonNull(id, "id is null");
        requireNonNull(key, "key is null");
        db.write(c -> {
            ExperimentState state = experimentState(c, id);
            requireActive(state, id);
            if (update(c, "DELETE FROM experiment_tags WHERE experiment_id = ? AND \"key\" = ?", state.id(), key) == 0) {
                throw CairnException.notFound("No tag with name: %s in experiment with id %s", key, id);
            }
            return null;
        });
    }

    private static void requireActive(ExperimentState state, ExperimentId id) {
        if (state.stage() != LifecycleStage.ACTIVE) {
            throw CairnException.invalidParameter(
                    "The experiment %s must be in the 'active' state. Current state is %s.", id, state.stage().wireName());
        }
    }

    private record ExperimentState(long id, LifecycleStage stage, Long lastUpdateTime, String artifactLocation) {}

    private ExperimentState experimentState(Connection c, ExperimentId id) throws SQLException {
        Long key = experimentKey(id);
        if (key != null) {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT lifecycle_stage, last_update_time, artifact_location FROM experiments WHERE experiment_id = ?")) {
                ps.setLong(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        long updated = rs.getLong(2);
                        Long lastUpdate = rs.wasNull() ? null : updated;
                        return new ExperimentState(key, stage(rs.getString(1)), lastUpdate, rs.getString(3));
                    }
                }
            }
        }
        throw experimentNotFound(id);
    }

    private static CairnException experimentNotFound(ExperimentId id) {
        return CairnException.notFound("No Experiment with id=%s exists", id);
    }

    /** Experiment ids are integers in MLflow's tables; anything else names no experiment. */
    private static Long experimentKey(ExperimentId id) {
        String v = id.value();
        if (v.isEmpty() || v.length() > 18) {
            return null;
        }
        for (int i = 0; i < v.length(); i++) {
            if (v.charAt(i) < '0' || v.charAt(i) > '9') {
                return null;
            }
        }
        return Long.parseLong(v);
    }

    private Optional<Long> experimentIdByName(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(d.sql("SELECT experiment_id FROM experiments WHERE " + d.textEquals("name")))) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    private Optional<Experiment> loadExperiment(Connection c, Long id) throws SQLException {
        if (id == null) {
            return Optional.empty();
        }
        Experiment row = null;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT " + SqlExperimentSearchQuery.COLUMNS + " FROM experiments e WHERE e.experiment_id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    row = experimentRow(rs, List.of());
                }
            }
        }
        if (row == null) {
            return Optional.empty();
        }
        return Optional.of(withTags(row, experimentTags(c, List.of(id)).getOrDefault(row.experimentId().value(), List.of())));
    }

    private static Experiment experimentRow(ResultSet rs, List<Tag> tags) throws SQLException {
        long created = rs.getLong(5);
        long updated = rs.getLong(6);
        return new Experiment(ExperimentId.of(String.valueOf(rs.getLong(1))), rs.getString(2), rs.getString(3),
                stage(rs.getString(4)), created, updated == 0 ? created : updated, tags);
    }

    private static Experiment withTags(Experiment e, List<Tag> tags) {
        return new Experiment(e.experimentId(), e.name(), e.artifactLocation(), e.lifecycleStage(), e.creationTime(),
                e.lastUpdateTime(), tags);
    }

    private Map<String, List<Tag>> experimentTags(Connection c, List<Long> ids) throws SQLException {
        Map<String, List<Tag>> tags = new HashMap<>();
        if (ids.isEmpty()) {
            return tags;
        }
        try (PreparedStatement ps = new SqlStatement()
                .append("SELECT experiment_id, \"key\", value FROM experiment_tags WHERE experiment_id IN ")
                .appendList(ids)
                .prepare(c, d);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String value = rs.getString(3);
                tags.computeIfAbsent(String.valueOf(rs.getLong(1)), k -> new ArrayList<>())
                        .add(new Tag(rs.getString(2), value == null ? "" : value));
            }
        }
        tags.values().forEach(list -> list.sort(Comparator.comparing(Tag::key)));
        return tags;
    }

    private void upsertExperimentTags(Connection c, long experimentId, List<Tag> tags) throws SQLException {
        if (tags.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(d.upsert("experiment_tags", "\"key\", value, experiment_id", "?, ?, ?",
                "\"key\", experiment_id", "value"))) {
            for (Tag tag : lastPerKey(tags, Tag::key).values()) {
                ps.setString(1, tag.key());
                ps.setString(2, tag.value());
                ps.setLong(3, experimentId);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    // ------------------------------------------------------------------ runs

    @Override
    public Run createRun(CreateRunRequest request) {
        requireNonNull(request, "request is null");
        return db.write(c -> {
            ExperimentState experiment = experimentState(c, request.experimentId());
            if (experiment.stage() != LifecycleStage.ACTIVE) {
                throw new CairnException(ErrorCode.INVALID_STATE, "The experiment " + request.experimentId()
                        + " must be in the 'active' state to create runs. Current state is deleted.");
            }
            Map<String, Tag> tags = lastPerKey(request.tags(), Tag::key);
            Tag nameTag = tags.get(RUN_NAME_TAG);
            String runName = request.runName();
            if (runName != null && nameTag != null && !runName.equals(nameTag.value())) {
                throw CairnException.invalidParameter("Both 'run_name' argument and 'mlflow.runName' tag are specified, but with"
                        + " different values (run_name='%s', mlflow.runName='%s').", runName, nameTag.value());
            }
            if (runName == null || runName.isEmpty()) {
                runName = nameTag != null && !nameTag.value().isEmpty() ? nameTag.value() : RunNames.generate();
            }
            tags.put(RUN_NAME_TAG, new Tag(RUN_NAME_TAG, runName));
            RunId runId = RunId.random();
            String location = experiment.artifactLocation() == null ? defaultArtifactRoot + "/" + experiment.id()
                    : stripTrailingSlash(experiment.artifactLocation());
            String artifactUri = location + "/" + runId.value() + "/artifacts";
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO runs (run_uuid, name, source_type, source_name,"
                    + " entry_point_name, user_id, status, start_time, end_time, deleted_time, source_version, lifecycle_stage,"
                    + " artifact_uri, experiment_id) VALUES (?, ?, 'UNKNOWN', '', '', ?, 'RUNNING', ?, NULL, NULL, '', 'active', ?, ?)")) {
                ps.setString(1, runId.value());
                ps.setString(2, runName);
                if (request.userId() == null) {
                    ps.setNull(3, Types.VARCHAR);
                } else {
                    ps.setString(3, request.userId());
                }
                ps.setLong(4, request.startTime());
                ps.setString(5, artifactUri);
                ps.setLong(6, experiment.id());
                ps.executeUpdate();
            }
            List<Tag> sortedTags = new ArrayList<>(tags.values());
            sortedTags.sort(Comparator.comparing(Tag::key));
            upsertRunTags(c, runId, sortedTags);
            RunInfo info = new RunInfo(runId, ExperimentId.of(String.valueOf(experiment.id())), runName, request.userId(),
                    RunStatus.RUNNING, request.startTime(), null, artifactUri, LifecycleStage.ACTIVE);
            return new Run(info, new RunData(List.of(), List.of(), sortedTags), RunInputs.EMPTY);
        });
    }

    @Override
    public Run getRun(RunId id) {
        requireNonNull(id, "id is null");
        return db.read(c -> reader.loadOne(c, id).orElseThrow(() -> CairnException.notFound("Run with id=%s not found", id)));
    }

    @Override
    public RunInfo updateRun(RunId id, RunStatus status, Long endTime, String runName) {
        requireNonNull(id, "id is null");
        return db.write(c -> {
            RunInfo current = activeRun(c, id);
            RunInfo updated = new RunInfo(current.runId(), current.experimentId(),
                    runName != null ? runName : current.runName(), current.userId(),
                    status != null ? status : current.status(), current.startTime(),
                    endTime != null ? endTime : current.endTime(), current.artifactUri(), current.lifecycleStage());
            try (PreparedStatement ps = c.prepareStatement("UPDATE runs SET status = ?, end_time = ?, name = ? WHERE run_uuid = ?")) {
                ps.setString(1, updated.status().name());
                if (updated.endTime() == null) {
                    ps.setNull(2, Types.BIGINT);
                } else {
                    ps.setLong(2, updated.endTime());
                }
                ps.setString(3, updated.runName());
                ps.setString(4, id.value());
                ps.executeUpdate();
            }
            if (runName != null) {
                upsertRunTags(c, id, List.of(new Tag(RUN_NAME_TAG, runName)));
            }
            return updated;
        });
    }

    @Override
    public void deleteRun(RunId id) {
        requireNonNull(id, "id is null");
        db.write(c -> {
            runInfo(c, id, true);
            update(c, "UPDATE runs SET lifecycle_stage = 'deleted', deleted_time = ? WHERE run_uuid = ?", System.currentTimeMillis(), id.value());
            return null;
        });
    }

    @Override
    public void restoreRun(RunId id) {
        requireNonNull(id, "id is null");
        db.write(c -> {
            runInfo(c, id, true);
            update(c, "UPDATE runs SET lifecycle_stage = 'active', deleted_time = NULL WHERE run_uuid = ?", id.value());
            return null;
        });
    }

    private RunInfo runInfo(Connection c, RunId id, boolean lock) throws SQLException {
        String sql = "SELECT " + SqlRunReader.RUN_COLUMNS + " FROM runs r WHERE r.run_uuid = ?" + (lock ? d.lockRunSuffix() : "");
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, id.value());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return SqlRunReader.info(rs);
                }
            }
        }
        throw CairnException.notFound("Run with id=%s not found", id);
    }

    /** Locks the run row for this transaction; refuses writes to deleted runs as MLflow does. */
    private RunInfo activeRun(Connection c, RunId id) throws SQLException {
        RunInfo info = runInfo(c, id, true);
        if (info.lifecycleStage() != LifecycleStage.ACTIVE) {
            throw CairnException.invalidParameter(
                    "The run %s must be in the 'active' state. Current state is %s.", id, info.lifecycleStage().wireName());
        }
        return info;
    }

    // ------------------------------------------------------------------ logging

    @Override
    public void logBatch(RunId id, List<Metric> metrics, List<Param> params, List<Tag> tags) {
        requireNonNull(id, "id is null");
        requireNonNull(metrics, "metrics is null");
        requireNonNull(params, "params is null");
        requireNonNull(tags, "tags is null");
        if (metrics.isEmpty() && tags.isEmpty() && !params.isEmpty() && d.writesNewParamsInOneStatement()
                && paramsInOneStatement(id, params)) {
            return;
        }
        if (groupCommit != null) {
            groupCommit.write(metrics.size() + params.size() + tags.size(), c -> writeBatch(c, id, metrics, params, tags));
        } else {
            db.write(c -> {
                writeBatch(c, id, metrics, params, tags);
                return null;
            });
        }
        outlines.written(id.value(), metrics);
    }

    /**
     * New params for an active run in one statement where the dialect has one; false when that did not
     * write them (a key exists, the run is missing or not active, a concurrent writer got in the way),
     * and the transactional path then writes them or reports why not.
     */
    private boolean paramsInOneStatement(RunId id, List<Param> params) {
        Map<String, Param> wanted = lastPerKey(params, Param::key);
        try {
            return db.statement(c -> d.insertParamsIfAllNew(c, id.value(), wanted.values())) == wanted.size();
        } catch (CairnException e) {
            if (e.code() == ErrorCode.TEMPORARILY_UNAVAILABLE) {
                throw e; // no second wait for a database that does not answer
            }
            return false;
        }
    }

    /** Group transactions of concurrent log-batch requests so far (SQLite; for tests). */
    GroupCommitWriter.Stats groupCommitStats() {
        return groupCommit == null ? new GroupCommitWriter.Stats(0, 0, 0) : groupCommit.stats();
    }

    private void writeBatch(Connection c, RunId id, List<Metric> metrics, List<Param> params, List<Tag> tags) throws SQLException {
        activeRun(c, id);
        logParams(c, id, params);
        if (!tags.isEmpty()) {
            Map<String, Tag> byKey = lastPerKey(tags, Tag::key);
            upsertRunTags(c, id, new ArrayList<>(byKey.values()));
            Tag name = byKey.get(RUN_NAME_TAG);
            if (name != null) {
                update(c, "UPDATE runs SET name = ? WHERE run_uuid = ?", name.value(), id.value());
            }
        }
        logMetrics(c, id, metrics);
    }

    private void logParams(Connection c, RunId id, List<Param> params) throws SQLException {
        if (params.isEmpty()) {
            return;
        }
        Map<String, Param> wanted = lastPerKey(params, Param::key);
        int inserted = d.insertNewParams(c, id.value(), wanted.values());
        if (inserted == wanted.size()) {
            return; // every key was new
        }
        Map<String, String> existing = existingParams(c, id, wanted.keySet());
        checkParamConflicts(id, wanted, existing);
        if (inserted >= 0) {
            return; // the new keys are in; the others were there already, with the same values
        }
        List<Param> fresh = wanted.values().stream().filter(p -> !existing.containsKey(p.key())).toList();
        if (fresh.isEmpty()) {
            return;
        }
        int[] counts;
        try (PreparedStatement ps = c.prepareStatement(
                d.insertIgnoringDuplicates("params", "\"key\", value, run_uuid", "?, ?, ?", "\"key\", run_uuid"))) {
            for (Param p : fresh) {
                ps.setString(1, p.key());
                ps.setString(2, p.value());
                ps.setString(3, id.value());
                ps.addBatch();
            }
            counts = ps.executeBatch();
        }
        for (int count : counts) {
            // The run row is locked (or SQLite has one writer), so the check above saw every param of
            // the run. A row the database still skipped was written by someone bypassing that lock:
            // look again. Rewritten batches report SUCCESS_NO_INFO for every row; that is no such sign.
            if (count == 0) {
                checkParamConflicts(id, wanted, existingParams(c, id, wanted.keySet()));
                return;
            }
        }
    }

    private Map<String, String> existingParams(Connection c, RunId id, java.util.Collection<String> keys) throws SQLException {
        Map<String, String> existing = new HashMap<>();
        try (PreparedStatement ps = new SqlStatement()
                .append("SELECT \"key\", value FROM " + d.paramsByKeySource() + " WHERE run_uuid = ? AND ", id.value())
                .append(d.appendTextIn(new SqlStatement(), "\"key\"", keys))
                .prepare(c, d);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                existing.put(rs.getString(1), rs.getString(2));
            }
        }
        return existing;
    }

    private static void checkParamConflicts(RunId id, Map<String, Param> wanted, Map<String, String> existing) {
        for (Param p : wanted.values()) {
            String old = existing.get(p.key());
            if (old != null && !old.equals(p.value())) {
                throw CairnException.invalidParameter("Changing param values is not allowed. Param with key='%s' was already"
                        + " logged with value='%s' for run ID='%s'. Attempted logging new value '%s'.", p.key(), old, id, p.value());
            }
        }
    }

    private void logMetrics(Connection c, RunId id, List<Metric> metrics) throws SQLException {
        if (metrics.isEmpty()) {
            return;
        }
        writePoints(c, d.insertIgnoringDuplicates("metrics", POINT_COLUMNS, "?, ?, ?, ?, ?, ?",
                "\"key\", timestamp, step, run_uuid, value, is_nan"), id, metrics);
        // The latest point of each key in this batch, by MLflow's rule (step, then timestamp, then value);
        // the database keeps it only if it beats the stored one.
        Map<String, Metric> latest = new TreeMap<>();
        for (Metric m : metrics) {
            latest.merge(m.key(), m, (a, b) -> isLater(b, a) ? b : a);
        }
        String upsert = d.latestMetricUpsert();
        if (upsert != null) {
            writePoints(c, upsert, id, latest.values());
            return;
        }
        writePoints(c, d.insertIgnoringDuplicates("latest_metrics", POINT_COLUMNS, "?, ?, ?, ?, ?, ?", "\"key\", run_uuid"), id, latest.values());
        try (PreparedStatement ps = c.prepareStatement(d.sql("UPDATE latest_metrics SET value = ?, timestamp = ?, step = ?, is_nan = ?"
                + " WHERE run_uuid = ? AND \"key\" = ? AND (step < ? OR (step = ? AND (timestamp IS NULL OR timestamp < ?"
                + " OR (timestamp = ? AND value < ?))))"))) {
            for (Metric m : latest.values()) {
                double stored = SqlRunReader.storedValue(m.value());
                ps.setDouble(1, stored);
                ps.setLong(2, m.timestamp());
                ps.setLong(3, m.step());
                ps.setBoolean(4, Double.isNaN(m.value()));
                ps.setString(5, id.value());
                ps.setString(6, m.key());
                ps.setLong(7, m.step());
                ps.setLong(8, m.step());
                ps.setLong(9, m.timestamp());
                ps.setLong(10, m.timestamp());
                ps.setDouble(11, stored);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** The columns {@link #writePoints} binds, in its order (metrics and latest_metrics have them all). */
    private static final String POINT_COLUMNS = "\"key\", value, timestamp, step, is_nan, run_uuid";

    /** Runs an insert or upsert of {@link #POINT_COLUMNS} once per point, as one batch. */
    private static void writePoints(Connection c, String sql, RunId id, java.util.Collection<Metric> points) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (Metric m : points) {
                ps.setString(1, m.key());
                ps.setDouble(2, SqlRunReader.storedValue(m.value()));
                ps.setLong(3, m.timestamp());
                ps.setLong(4, m.step());
                ps.setBoolean(5, Double.isNaN(m.value()));
                ps.setString(6, id.value());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static boolean isLater(Metric a, Metric b) {
        if (a.step() != b.step()) {
            return a.step() > b.step();
        }
        if (a.timestamp() != b.timestamp()) {
            return a.timestamp() > b.timestamp();
        }
        return SqlRunReader.storedValue(a.value()) > SqlRunReader.storedValue(b.value());
    }

    private void upsertRunTags(Connection c, RunId id, List<Tag> tags) throws SQLException {
        if (tags.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(
                d.upsert("tags", "\"key\", value, run_uuid", "?, ?, ?", "\"key\", run_uuid", "value"))) {
            for (Tag tag : tags) {
                ps.setString(1, tag.key());
                ps.setString(2, tag.value());
                ps.setString(3, id.value());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    @Override
    public void deleteTag(RunId id, String key) {
        requireNonNull(id, "id is null");
        requireNonNull(key, "key is null");
        db.write(c -> {
            activeRun(c, id);
            if (update(c, "DELETE FROM tags WHERE run_uuid = ? AND \"key\" = ?", id.value(), key) == 0) {
                throw CairnException.notFound("No tag with name: %s in run with id %s", key, id);
            }
            return null;
        });
    }

    @Override
    public void logInputs(RunId id, List<DatasetInput> inputs) {
        requireNonNull(id, "id is null");
        requireNonNull(inputs, "inputs is null");
        db.write(c -> {
            RunInfo run = activeRun(c, id);
            long experimentId = Long.parseLong(run.experimentId().value());
            for (DatasetInput input : inputs) {
                String datasetId = datasetId(c, experimentId, input);
                if (inputExists(c, datasetId, id)) {
                    continue;
                }
                insertInput(c, id, datasetId, input.tags());
            }
            return null;
        });
    }

    private void insertInput(Connection c, RunId runId, String datasetId, List<Tag> tags) throws SQLException {
        String inputId = UUID.randomUUID().toString().replace("-", "");
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO inputs (input_uuid, source_type, source_id,"
                + " destination_type, destination_id) VALUES (?, 'DATASET', ?, 'RUN', ?)")) {
            ps.setString(1, inputId);
            ps.setString(2, datasetId);
            ps.setString(3, runId.value());
            ps.executeUpdate();
        }
        if (!tags.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement(
                    d.upsert("input_tags", "input_uuid, name, value", "?, ?, ?", "input_uuid, name", "value"))) {
                for (Tag tag : tags) {
                    ps.setString(1, inputId);
                    ps.setString(2, tag.key());
                    ps.setString(3, tag.value());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
    }

    /** The id of the experiment's dataset with this name and digest, created if new. */
    private String datasetId(Connection c, long experimentId, DatasetInput input) throws SQLException {
        var dataset = input.dataset();
        String existing = findDataset(c, experimentId, dataset.name(), dataset.digest());
        if (existing != null) {
            return existing;
        }
        try (PreparedStatement ps = c.prepareStatement(d.insertIgnoringDuplicates("datasets",
                "dataset_uuid, experiment_id, name, digest, dataset_source_type, dataset_source, dataset_schema, dataset_profile",
                "?, ?, ?, ?, ?, ?, ?, ?", "experiment_id, name, digest"))) {
            ps.setString(1, UUID.randomUUID().toString().replace("-", ""));
            ps.setLong(2, experimentId);
            ps.setString(3, dataset.name());
            ps.setString(4, dataset.digest());
            ps.setString(5, dataset.sourceType());
            ps.setString(6, dataset.source());
            ps.setString(7, dataset.schema());
            ps.setString(8, dataset.profile());
            ps.executeUpdate();
        }
        return findDataset(c, experimentId, dataset.name(), dataset.digest());
    }

    private String findDataset(Connection c, long experimentId, String name, String digest) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(d.sql("SELECT dataset_uuid FROM datasets WHERE experiment_id = ? AND "
                + d.textEquals("name") + " AND " + d.textEquals("digest")))) {
            ps.setLong(1, experimentId);
            ps.setString(2, name);
            ps.setString(3, digest);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static boolean inputExists(Connection c, String datasetId, RunId runId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM inputs WHERE source_type = 'DATASET' AND source_id = ?"
                + " AND destination_type = 'RUN' AND destination_id = ?")) {
            ps.setString(1, datasetId);
            ps.setString(2, runId.value());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    // ------------------------------------------------------------------ search and history

    @Override
    public Page<Run> searchRuns(RunSearch search) {
        requireNonNull(search, "search is null");
        List<Long> experimentIds = search.experimentIds().stream().map(SqlTrackingStore::experimentKey)
                .filter(java.util.Objects::nonNull).distinct().toList();
        if (experimentIds.isEmpty()) {
            return new Page<>(List.of(), null);
        }
        int max = search.maxResults();
        SqlStatement query = new SqlRunSearchQuery(d).build(search, experimentIds, max + 1);
        return db.read(c -> {
            List<RunInfo> infos = new ArrayList<>();
            try (PreparedStatement ps = query.prepare(c, d); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    infos.add(SqlRunReader.info(rs));
                }
            }
            boolean more = infos.size() > max;
            List<Run> runs = reader.load(c, more ? infos.subList(0, max) : infos);
            return new Page<>(runs, more ? search.pageToken().next(max).encode() : null);
        });
    }

    @Override
    public Page<Metric> getMetricHistory(RunId id, String metricKey, int maxResults, PageToken pageToken) {
        requireNonNull(id, "id is null");
        requireNonNull(metricKey, "metricKey is null");
        PageToken token = pageToken == null ? PageToken.FIRST : pageToken;
        return db.read(c -> {
            runInfo(c, id, false);
            List<Metric> points = new ArrayList<>();
            try (PreparedStatement ps = d.prepareLongRead(c, "SELECT value, timestamp, step, is_nan FROM " + d.metricHistorySource()
                    + " WHERE run_uuid = ? AND \"key\" = ? ORDER BY step, timestamp, value LIMIT ? OFFSET ?")) {
                ps.setString(1, id.value());
                ps.setString(2, metricKey);
                ps.setInt(3, maxResults + 1);
                ps.setInt(4, token.offset());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        points.add(new Metric(metricKey, SqlRunReader.loadedValue(rs.getDouble(1), rs.getBoolean(4)),
                                rs.getLong(2), rs.getLong(3)));
                    }
                }
            }
            boolean more = points.size() > maxResults;
            return new Page<>(more ? points.subList(0, maxResults) : points, more ? token.next(maxResults).encode() : null);
        });
    }

    /**
     * One forward-only query instead of offset pages: the history index covers every column read and
     * already holds them in history order, so the database neither sorts nor touches table rows.
     * PostgreSQL's driver only fetches in chunks inside a transaction (otherwise it buffers the whole
     * result), so there the read is one.
     */
    @Override
    public long streamMetricHistory(RunId id, String metricKey, long fromStep, MetricPointSink sink) {
        requireNonNull(id, "id is null");
        requireNonNull(metricKey, "metricKey is null");
        requireNonNull(sink, "sink is null");
        return db.read(c -> {
            runInfo(c, id, false);
            boolean cursor = d == SqlDialect.POSTGRESQL;
            if (cursor) {
                c.setAutoCommit(false);
            }
            try (PreparedStatement ps = d.prepareLongRead(c, "SELECT step, timestamp, value, is_nan FROM " + d.metricHistorySource()
                    + " WHERE run_uuid = ? AND \"key\" = ? AND step >= ? ORDER BY step, timestamp, value")) {
                ps.setString(1, id.value());
                ps.setString(2, metricKey);
                ps.setLong(3, fromStep);
                long count = 0;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        sink.accept(rs.getLong(1), rs.getLong(2), SqlRunReader.loadedValue(rs.getDouble(3), rs.getBoolean(4)));
                        count++;
                    }
                }
                return count;
            } finally {
                if (cursor) {
                    c.commit();
                    c.setAutoCommit(true);
                }
            }
        });
    }

    /** Picks the steps in the database (distinct steps only), then reads just the points of those steps. */
    @Override
    public List<RunMetric> getMetricHistoryBulkInterval(
            List<RunId> runIds, String metricKey, Long startStep, Long endStep, int maxResults) {
        requireNonNull(runIds, "runIds is null");
        requireNonNull(metricKey, "metricKey is null");
        return db.read(c -> {
            List<RunMetric> out = new ArrayList<>();
            for (RunId runId : runIds) {
                runInfo(c, runId, false);
                SqlStatement range = new SqlStatement().append(" WHERE run_uuid = ? AND \"key\" = ?", runId.value(), metricKey);
                if (startStep != null) {
                    range.append(" AND step >= ?", startStep);
                }
                if (endStep != null) {
                    range.append(" AND step <= ?", endStep);
                }
                List<Long> steps = new ArrayList<>();
                try (PreparedStatement ps = new SqlStatement().append("SELECT DISTINCT step FROM " + d.metricHistorySource()).append(range)
                        .append(" ORDER BY step").prepare(c, d);
                        ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        steps.add(rs.getLong(1));
                    }
                }
                if (steps.isEmpty()) {
                    continue;
                }
                List<Long> chosen = MetricSampling.sampleSteps(steps, maxResults);
                for (int from = 0; from < chosen.size(); from += 500) {
                    List<Long> chunk = chosen.subList(from, Math.min(chosen.size(), from + 500));
                    try (PreparedStatement ps = new SqlStatement()
                            .append("SELECT value, timestamp, step, is_nan FROM " + d.metricHistorySource() + " WHERE run_uuid = ? AND \"key\" = ? AND step IN ",
                                    runId.value(), metricKey)
                            .appendList(chunk)
                            .append(" ORDER BY step, timestamp, value")
                            .prepare(c, d);
                            ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.add(new RunMetric(runId, new Metric(metricKey,
                                    SqlRunReader.loadedValue(rs.getDouble(1), rs.getBoolean(4)), rs.getLong(2), rs.getLong(3))));
                        }
                    }
                }
            }
            return out;
        });
    }

    @Override
    public Optional<MetricOutline> metricOutline(RunId id, String metricKey, int maxBuckets) {
        requireNonNull(id, "id is null");
        requireNonNull(metricKey, "metricKey is null");
        outlines.refresh(id.value(), metricKey);
        return db.read(c -> {
            runInfo(c, id, false);
            return SqlMetricOutline.read(c, d, id.value(), metricKey, maxBuckets);
        });
    }

    // ------------------------------------------------------------------ permanent deletion (cairn gc)

    @Override
    public List<DeletedRun> deletedRuns(Instant deletedBefore) {
        requireNonNull(deletedBefore, "deletedBefore is null");
        return db.read(c -> SqlPurge.deletedRuns(c, deletedBefore.toEpochMilli()));
    }

    @Override
    public List<Experiment> deletedExperiments(Instant deletedBefore) {
        requireNonNull(deletedBefore, "deletedBefore is null");
        List<Experiment> out = db.read(c -> {
            List<Experiment> found = new ArrayList<>();
            for (Long id : SqlPurge.deletedExperimentIds(c, deletedBefore.toEpochMilli())) {
                loadExperiment(c, id).ifPresent(found::add);
            }
            return found;
        });
        out.sort(Comparator.comparingLong(Experiment::lastUpdateTime).thenComparingLong(e -> Long.parseLong(e.experimentId().value())));
        return out;
    }

    @Override
    public void purgeRun(RunId id) {
        requireNonNull(id, "id is null");
        db.write(c -> {
            RunInfo info = runInfo(c, id, true);
            if (info.lifecycleStage() != LifecycleStage.DELETED
                    && experimentState(c, info.experimentId()).stage() != LifecycleStage.DELETED) {
                throw CairnException.invalidParameter("Run %s is not deleted (its stage is %s): only deleted runs can be"
                        + " removed for good.", id, info.lifecycleStage().wireName());
            }
            SqlPurge.deleteRun(c, id.value());
            return null;
        });
    }

    @Override
    public void purgeExperiment(ExperimentId id) {
        requireNonNull(id, "id is null");
        db.write(c -> {
            ExperimentState state = experimentState(c, id);
            if (state.stage() != LifecycleStage.DELETED) {
                throw CairnException.invalidParameter("Experiment %s is not deleted (its stage is %s): only deleted"
                        + " experiments can be removed for good.", id, state.stage().wireName());
            }
            SqlPurge.deleteExperiment(c, state.id());
            return null;
        });
    }

    // ------------------------------------------------------------------ import (cairn migrate)

    @Override
    public void importExperiment(Experiment experiment) {
        requireNonNull(experiment, "experiment is null");
        Long id = experimentKey(experiment.experimentId());
        if (id == null || id > Integer.MAX_VALUE && d != SqlDialect.SQLITE) {
            throw CairnException.invalidParameter("Experiment id %s does not fit MLflow's integer experiment_id column of"
                    + " this %s database.", experiment.experimentId(), d.name());
        }
        db.write(c -> {
            if (loadExperiment(c, id).isPresent()) {
                throw CairnException.alreadyExists("Experiment with id %s already exists.", experiment.experimentId());
            }
            if (experimentIdByName(c, experiment.name()).isPresent()) {
                throw alreadyExists(experiment.name());
            }
            String oldMode = null;
            if (d instanceof SqlDialect.MySql && id == 0) {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT @@SESSION.sql_mode")) {
                    rs.next();
                    oldMode = rs.getString(1);
                }
                try (Statement s = c.createStatement()) {
                    s.execute("SET SESSION sql_mode = CONCAT(@@SESSION.sql_mode, ',NO_AUTO_VALUE_ON_ZERO')");
                }
            }
            try {
                update(c, "INSERT INTO experiments (experiment_id, name, artifact_location, lifecycle_stage, creation_time,"
                        + " last_update_time) VALUES (?, ?, ?, ?, ?, ?)", id, experiment.name(),
                        experiment.artifactLocation() == null ? defaultArtifactRoot + "/" + id : experiment.artifactLocation(),
                        experiment.lifecycleStage().wireName(), experiment.creationTime(), experiment.lastUpdateTime());
            } finally {
                if (oldMode != null) {
                    try (PreparedStatement ps = c.prepareStatement("SET SESSION sql_mode = ?")) {
                        ps.setString(1, oldMode);
                        ps.execute();
                    }
                }
            }
            if (d == SqlDialect.POSTGRESQL) {
                // explicit ids do not advance the SERIAL sequence; keep it above every id in use
                try (Statement s = c.createStatement()) {
                    s.execute("SELECT setval(pg_get_serial_sequence('experiments', 'experiment_id'),"
                            + " GREATEST((SELECT MAX(experiment_id) FROM experiments), 1))");
                }
            }
            upsertExperimentTags(c, id, experiment.tags());
            return null;
        });
    }

    @Override
    public void importRun(RunBundle bundle) {
        requireNonNull(bundle, "bundle is null");
        RunInfo info = bundle.info();
        db.write(c -> {
            ExperimentState experiment = experimentState(c, info.experimentId());
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM runs WHERE run_uuid = ?")) {
                ps.setString(1, info.runId().value());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        throw CairnException.alreadyExists("Run with id %s already exists.", info.runId());
                    }
                }
            }
            // A deleted run of a deleted experiment counts as deleted with it, so restoring the experiment restores it.
            Long deletedTime = info.lifecycleStage() != LifecycleStage.DELETED ? null
                    : experiment.stage() == LifecycleStage.DELETED && experiment.lastUpdateTime() != null
                            ? experiment.lastUpdateTime() : Long.valueOf(System.currentTimeMillis());
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO runs (run_uuid, name, source_type, source_name,"
                    + " entry_point_name, user_id, status, start_time, end_time, deleted_time, source_version, lifecycle_stage,"
                    + " artifact_uri, experiment_id) VALUES (?, ?, 'UNKNOWN', '', '', ?, ?, ?, ?, ?, '', ?, ?, ?)")) {
                ps.setString(1, info.runId().value());
                ps.setString(2, info.runName());
                ps.setString(3, info.userId());
                ps.setString(4, info.status().name());
                ps.setLong(5, info.startTime());
                if (info.endTime() == null) {
                    ps.setNull(6, Types.BIGINT);
                } else {
                    ps.setLong(6, info.endTime());
                }
                if (deletedTime == null) {
                    ps.setNull(7, Types.BIGINT);
                } else {
                    ps.setLong(7, deletedTime);
                }
                ps.setString(8, info.lifecycleStage().wireName());
                ps.setString(9, info.artifactUri());
                ps.setLong(10, experiment.id());
                ps.executeUpdate();
            }
            if (!bundle.params().isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement(d.sql("INSERT INTO params (\"key\", value, run_uuid) VALUES (?, ?, ?)"))) {
                    for (Param p : lastPerKey(bundle.params(), Param::key).values()) {
                        ps.setString(1, p.key());
                        ps.setString(2, p.value());
                        ps.setString(3, info.runId().value());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
            upsertRunTags(c, info.runId(), new ArrayList<>(lastPerKey(bundle.tags(), Tag::key).values()));
            for (int from = 0; from < bundle.metricHistory().size(); from += 5000) {
                logMetrics(c, info.runId(), bundle.metricHistory().subList(from, Math.min(bundle.metricHistory().size(), from + 5000)));
            }
            SqlMetricOutline.refresh(c, d, info.runId().value(), SqlMetricOutline.bucketsOf(bundle.metricHistory()));
            for (DatasetInput input : bundle.inputs()) {
                String datasetId = datasetId(c, experiment.id(), input);
                if (!inputExists(c, datasetId, info.runId())) {
                    insertInput(c, info.runId(), datasetId, input.tags());
                }
            }
            return null;
        });
    }

    @Override
    public void close() {
        outlines.close();
        dataSource.close();
    }

    // ------------------------------------------------------------------ helpers

    private int update(Connection c, String sql, Object... values) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(d.sql(sql))) {
            SqlStatement.bind(ps, List.of(values));
            return ps.executeUpdate();
        }
    }

    private static LifecycleStage stage(String s) {
        return s == null ? LifecycleStage.ACTIVE : LifecycleStage.fromWireName(s);
    }

    private static <T> Map<String, T> lastPerKey(List<T> items, java.util.function.Function<T, String> key) {
        Map<String, T> map = new LinkedHashMap<>();
        for (T item : items) {
            map.put(key.apply(item), item);
        }
        return map;
    }

    private static String stripTrailingSlash(String s) {
        String out = s;
        while (out.endsWith("/") && !out.endsWith(":/") && out.length() > 1) {
            out = out.substring(0, out.length() - 1);
        }
        if (out.endsWith(":/")) {
            out = out.substring(0, out.length() - 1); // "mlflow-artifacts:/" + "/0" must give "mlflow-artifacts:/0"
        }
        return out;
    }
}
