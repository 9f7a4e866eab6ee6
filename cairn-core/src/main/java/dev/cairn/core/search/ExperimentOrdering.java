package dev.cairn.core.search;

import static java.util.Objects.requireNonNull;

import dev.cairn.core.error.CairnException;
import dev.cairn.core.model.Experiment;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The order of search-experiments results, shared by every store (see {@link #effectiveTerms}).
 *
 * <p>As MLflow's stores: without order_by, experiments come by {@code creation_time DESC,
 * experiment_id ASC}. With order_by, the requested terms are followed by {@code experiment_id
 * DESC} unless a term already names experiment_id (MLflow's tie-breaker is descending here,
 * unlike its default). Within one term:
 * <ul>
 *   <li>name compares by Unicode code point (binary collation, case-sensitive);</li>
 *   <li>creation_time and last_update_time compare as numbers;</li>
 *   <li>experiment_id compares numerically (ids are decimal integers; a non-numeric id sorts
 *       after numeric ones, by code point).</li>
 * </ul>
 * Every attribute an experiment can be ordered by is always present, so there is no "missing"
 * rule. The ordering is total over experiments with distinct ids.
 */
public final class ExperimentOrdering {
    /** MLflow's order when the request names none. */
    public static final List<OrderBy> DEFAULT = List.of(
            new OrderBy(EntityKind.ATTRIBUTE, "creation_time", false),
            new OrderBy(EntityKind.ATTRIBUTE, "experiment_id", true));

    private static final OrderBy TIE_BREAKER = new OrderBy(EntityKind.ATTRIBUTE, "experiment_id", false);

    private ExperimentOrdering() {}

    /** {@link #DEFAULT} for no terms; else the terms plus experiment_id DESC unless already ordered by it. */
    public static List<OrderBy> effectiveTerms(List<OrderBy> orderBy) {
        requireNonNull(orderBy, "orderBy is null");
        if (orderBy.isEmpty()) {
            return DEFAULT;
        }
        List<OrderBy> terms = new ArrayList<>(orderBy);
        boolean hasId = orderBy.stream()
                .anyMatch(t -> t.kind() == EntityKind.ATTRIBUTE && t.key().equals("experiment_id"));
        if (!hasId) {
            terms.add(TIE_BREAKER);
        }
        return List.copyOf(terms);
    }

    /** A comparator for parsed terms; a term experiments cannot be ordered by fails with INVALID_PARAMETER_VALUE. */
    public static java.util.Comparator<Experiment> of(List<OrderBy> orderBy) {
        java.util.Comparator<Experiment> result = null;
        for (OrderBy term : effectiveTerms(orderBy)) {
            java.util.Comparator<Experiment> next = term(term);
            result = result == null ? next : result.thenComparing(next);
        }
        return result;
    }

    private static java.util.Comparator<Experiment> term(OrderBy term) {
        if (term.kind() != EntityKind.ATTRIBUTE) {
            throw CairnException.invalidParameter(
                    "Invalid order_by entity '%s': experiments can only be ordered by attributes",
                    term.kind().name().toLowerCase(Locale.ROOT));
        }
        java.util.Comparator<Experiment> ascending = switch (term.key()) {
            case "name" -> (a, b) -> Ordering.compareText(a.name(), b.name());
            case "experiment_id" -> (a, b) -> Ordering.compareId(a.experimentId().value(), b.experimentId().value());
            case "creation_time" -> java.util.Comparator.comparingLong(Experiment::creationTime);
            case "last_update_time" -> java.util.Comparator.comparingLong(Experiment::lastUpdateTime);
            default -> throw CairnException.invalidParameter(
                    "Invalid attribute key '%s' specified in order_by. Valid keys are %s",
                    term.key(), List.of("name", "experiment_id", "creation_time", "last_update_time"));
        };
        return term.ascending() ? ascending : ascending.reversed();
    }
}
