package dev.cairn.store.sql;

import dev.cairn.core.error.CairnException;
import dev.cairn.core.search.Comparison;
import dev.cairn.core.search.ExperimentSearch;
import dev.cairn.core.search.OrderBy;
import java.util.List;

/**
 * One page of an experiment search as one SQL query. Without order_by, experiments come by
 * creation_time DESC; every ordering ends with experiment_id ASC so pages are stable.
 */
final class SqlExperimentSearchQuery {
    static final String COLUMNS =
            "e.experiment_id, e.name, e.artifact_location, e.lifecycle_stage, e.creation_time, e.last_update_time";

    private final SqlDialect d;

    SqlExperimentSearchQuery(SqlDialect dialect) {
        this.d = dialect;
    }

    SqlStatement build(ExperimentSearch search, int limit) {
        SqlStatement where = new SqlStatement().append(" WHERE e.lifecycle_stage IN ")
                .appendList(SqlRunSearchQuery.stages(search.viewType()));
        for (Comparison c : search.filter().comparisons()) {
            where.append(" AND ");
            switch (c.kind()) {
                case ATTRIBUTE -> {
                    switch (c.key()) {
                        case "name" -> SqlConditions.text(d, where, "e.name", c);
                        case "creation_time", "last_update_time" -> SqlConditions.number(where, "e." + c.key(), c);
                        default -> throw SqlConditions.unknownKey(c, List.of("name", "creation_time", "last_update_time"));
                    }
                }
                case TAG -> {
                    where.append("EXISTS (SELECT 1 FROM experiment_tags t WHERE t.experiment_id = e.experiment_id AND "
                            + d.textEquals("t.\"key\"") + " AND ", c.key());
                    SqlConditions.text(d, where, "t.value", c);
                    where.append(d.existsFence() + ")");
                }
                default -> throw CairnException.invalidParameter(
                        "Invalid entity type '%s' for experiment search", c.kind().name().toLowerCase());
            }
        }
        StringBuilder order = new StringBuilder();
        List<OrderBy> terms = search.orderBy().isEmpty()
                ? List.of(new OrderBy(dev.cairn.core.search.EntityKind.ATTRIBUTE, "creation_time", false))
                : search.orderBy();
        for (OrderBy o : terms) {
            String column = switch (o.key()) {
                case "name" -> "e.name";
                case "experiment_id" -> "e.experiment_id";
                case "creation_time" -> "e.creation_time";
                case "last_update_time" -> "e.last_update_time";
                default -> throw CairnException.invalidParameter("Invalid order_by key '%s' for experiments", o.key());
            };
            String sorted = column.equals("e.name") ? d.codePointOrder(column) : column;
            order.append(order.isEmpty() ? "" : ", ")
                    .append("CASE WHEN ").append(column).append(" IS NULL THEN 1 ELSE 0 END ASC, ")
                    .append(sorted).append(o.ascending() ? " ASC" : " DESC");
        }
        order.append(", e.experiment_id ASC");
        return new SqlStatement()
                .append("SELECT " + COLUMNS + " FROM experiments e")
                .append(where)
                .append(" ORDER BY " + order)
                .append(" LIMIT ? OFFSET ?", limit, search.pageToken().offset());
    }
}
