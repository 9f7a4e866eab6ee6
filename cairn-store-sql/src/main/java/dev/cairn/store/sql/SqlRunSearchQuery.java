package dev.cairn.store.sql;

import dev.cairn.core.model.DatasetInput;
import dev.cairn.core.model.ViewType;
import dev.cairn.core.search.Comparison;
import dev.cairn.core.search.EntityKind;
import dev.cairn.core.search.OrderBy;
import dev.cairn.core.search.RunSearch;
import dev.cairn.core.error.CairnException;
import java.util.List;
import java.util.Map;

/**
 * One page of a run search as a single SQL query: filter, ordering and paging run in the database,
 * which returns the run rows ({@link SqlRunReader#RUN_COLUMNS}) of the page; data is loaded afterwards.
 *
 * <p>Ordering follows cairn-core's search semantics: a run without the ordered value comes last in
 * both directions; metric NaN comes after every number in both directions (MLflow's rule); strings order by code point; ties fall back to
 * start_time DESC, then run_id ASC.
 */
final class SqlRunSearchQuery {
    private static final Map<String, String> TEXT_ATTRIBUTES = Map.of(
            "run_id", "r.run_uuid",
            "run_name", "r.name",
            "status", "r.status",
            "artifact_uri", "r.artifact_uri",
            "user_id", "r.user_id");
    private static final Map<String, String> NUMERIC_ATTRIBUTES = Map.of(
            "start_time", "r.start_time",
            "end_time", "r.end_time");

    private final SqlDialect d;

    SqlRunSearchQuery(SqlDialect dialect) {
        this.d = dialect;
    }

    /** The query for {@code limit} rows from the search's offset. */
    SqlStatement build(RunSearch search, List<Long> experimentIds, int limit) {
        SqlStatement joins = new SqlStatement();
        SqlStatement order = new SqlStatement();
        int n = 0;
        for (OrderBy o : search.orderBy()) {
            orderTerm(o, "o" + (n++), joins, order);
        }
        order.append(order.isEmpty() ? "" : ", ").append("r.start_time DESC, r.run_uuid ASC");

        SqlStatement where = new SqlStatement();
        where.append(" WHERE r.experiment_id IN ").appendList(experimentIds);
        where.append(" AND r.lifecycle_stage IN ").appendList(stages(search.viewType()));
        for (Comparison c : search.filter().comparisons()) {
            where.append(" AND ");
            condition(c, where);
        }
        return new SqlStatement()
                .append("SELECT " + SqlRunReader.RUN_COLUMNS + " FROM runs r")
                .append(joins)
                .append(where)
                .append(" ORDER BY ").append(order)
                .append(" LIMIT ? OFFSET ?", limit, search.pageToken().offset());
    }

    static List<String> stages(ViewType viewType) {
        return switch (viewType) {
            case ACTIVE_ONLY -> List.of("active");
            case DELETED_ONLY -> List.of("deleted");
            case ALL -> List.of("active", "deleted");
        };
    }

    private void condition(Comparison c, SqlStatement out) {
        switch (c.kind()) {
            case METRIC -> {
                out.append("EXISTS (SELECT 1 FROM latest_metrics m WHERE m.run_uuid = r.run_uuid AND "
                        + d.textEquals("m.\"key\"") + " AND ", c.key());
                SqlConditions.metric(out, "m.value", "m.is_nan", c);
                out.append(d.existsFence() + ")");
            }
            case PARAM -> keyed("params", c, out);
            case TAG -> keyed("tags", c, out);
            case ATTRIBUTE -> {
                String text = TEXT_ATTRIBUTES.get(c.key());
                String number = NUMERIC_ATTRIBUTES.get(c.key());
                if (text != null) {
                    SqlConditions.text(d, out, text, c);
                } else if (number != null) {
                    SqlConditions.number(out, number, c);
                } else {
                    throw SqlConditions.unknownKey(c, List.of("run_id", "run_name", "status", "artifact_uri", "user_id",
                            "start_time", "end_time"));
                }
            }
            case DATASET -> dataset(c, out);
        }
    }

    private void keyed(String table, Comparison c, SqlStatement out) {
        out.append("EXISTS (SELECT 1 FROM " + table + " x WHERE x.run_uuid = r.run_uuid AND "
                + d.textEquals("x.\"key\"") + " AND ", c.key());
        SqlConditions.text(d, out, "x.value", c);
        out.append(d.existsFence() + ")");
    }

    private void dataset(Comparison c, SqlStatement out) {
        String runInputs = "i.destination_type = 'RUN' AND i.destination_id = r.run_uuid AND i.source_type = 'DATASET'";
        switch (c.key()) {
            case "name", "digest" -> {
                out.append("EXISTS (SELECT 1 FROM inputs i JOIN datasets ds ON ds.dataset_uuid = i.source_id WHERE "
                        + runInputs + " AND ");
                SqlConditions.text(d, out, "ds." + c.key(), c);
                out.append(d.existsFence() + ")");
            }
            case "context" -> {
                out.append("EXISTS (SELECT 1 FROM inputs i JOIN input_tags it ON it.input_uuid = i.input_uuid WHERE "
                        + runInputs + " AND it.name = ? AND ", DatasetInput.CONTEXT_TAG);
                SqlConditions.text(d, out, "it.value", c);
                out.append(d.existsFence() + ")");
            }
            default -> throw SqlConditions.unknownKey(c, List.of("name", "digest", "context"));
        }
    }

    private void orderTerm(OrderBy o, String alias, SqlStatement joins, SqlStatement order) {
        String dir = o.ascending() ? " ASC" : " DESC";
        String sep = order.isEmpty() ? "" : ", ";
        switch (o.kind()) {
            case METRIC -> {
                joins.append(" LEFT JOIN latest_metrics " + alias + " ON " + alias + ".run_uuid = r.run_uuid AND "
                        + d.textEquals(alias + ".\"key\""), o.key());
                // MLflow's rank, always ascending: numbers 0, NaN 1, no such metric 2; then the value.
                // NaN rows all store 0, so NaNs tie and fall through to the tie-breakers.
                order.append(sep + "CASE WHEN " + alias + ".run_uuid IS NULL THEN 2 WHEN " + alias
                        + ".is_nan THEN 1 ELSE 0 END ASC, " + alias + ".value" + dir);
            }
            case PARAM, TAG -> {
                String table = o.kind() == EntityKind.PARAM ? "params" : "tags";
                joins.append(" LEFT JOIN " + table + " " + alias + " ON " + alias + ".run_uuid = r.run_uuid AND "
                        + d.textEquals(alias + ".\"key\""), o.key());
                order.append(sep + missingLast(alias + ".value") + ", " + d.codePointOrder(alias + ".value") + dir);
            }
            case ATTRIBUTE -> {
                String column = switch (o.key()) {
                    case "experiment_id" -> "r.experiment_id";
                    case "start_time" -> "r.start_time";
                    case "end_time" -> "r.end_time";
                    default -> {
                        String text = TEXT_ATTRIBUTES.get(o.key());
                        if (text == null) {
                            throw CairnException.invalidParameter("Invalid attribute key '%s' in order_by", o.key());
                        }
                        yield d.codePointOrder(text);
                    }
                };
                String raw = column.contains(" COLLATE") ? column.substring(0, column.indexOf(" COLLATE")) : column;
                order.append(sep + missingLast(raw) + ", " + column + dir);
            }
            case DATASET -> throw CairnException.invalidParameter("Runs cannot be ordered by dataset '%s'", o.key());
        }
    }

    private static String missingLast(String column) {
        return "CASE WHEN " + column + " IS NULL THEN 1 ELSE 0 END ASC";
    }
}
