package dev.cairn.core.search;

import static java.util.Objects.requireNonNull;

import dev.cairn.core.error.CairnException;
import dev.cairn.core.model.Run;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The order of search-runs results, shared by every store (the SQL store emits the same order
 * in its ORDER BY; see {@link #effectiveTerms}).
 *
 * <p>Runs are compared term by term over {@link #effectiveTerms}: the requested terms, then
 * {@code start_time DESC}, then {@code run_id ASC}. Without order_by that is start_time DESC,
 * run_id ASC, as in MLflow. Within one term:
 * <ul>
 *   <li><b>Missing values sort last in both directions</b>: a run without the metric, param or
 *       tag, or with an unset attribute (null run_name, artifact_uri or user_id; end_time of a
 *       run that has not ended), comes after every run that has a value, for ASC and DESC
 *       alike. Runs missing the value tie and fall through to the next term.</li>
 *   <li>Metrics (the latest value) compare as doubles: -Infinity &lt; finite values &lt;
 *       +Infinity, and -0.0 equals 0.0. <b>NaN comes after every number in both directions</b>,
 *       but before runs missing the metric; NaNs tie with each other. This is MLflow's SQL store
 *       rule (it sorts first by a rank: value 0, NaN 1, missing 2, always ascending), so a search
 *       pages the same way whichever store serves it.</li>
 *   <li>start_time and end_time compare as numbers.</li>
 *   <li>Params, tags and the text attributes run_id, run_name, status (by name, e.g. "FAILED"
 *       &lt; "FINISHED"), artifact_uri and user_id compare as strings by Unicode code point
 *       (binary collation; no case folding, no locale). Params compare as strings even when they
 *       look numeric, as in MLflow.</li>
 *   <li>experiment_id compares numerically (ids are decimal integers; a non-numeric id sorts
 *       after numeric ones, by code point).</li>
 * </ul>
 * The ordering is total over runs with distinct run ids, so offset-based page tokens are stable.
 */
public final class RunOrdering {
    /** The tie-breakers MLflow appends after the requested terms. */
    public static final List<OrderBy> TIE_BREAKERS = List.of(
            new OrderBy(EntityKind.ATTRIBUTE, "start_time", false),
            new OrderBy(EntityKind.ATTRIBUTE, "run_id", true));

    private RunOrdering() {}

    /** The requested terms followed by {@link #TIE_BREAKERS}. */
    public static List<OrderBy> effectiveTerms(List<OrderBy> orderBy) {
        requireNonNull(orderBy, "orderBy is null");
        List<OrderBy> terms = new ArrayList<>(orderBy);
        terms.addAll(TIE_BREAKERS);
        return List.copyOf(terms);
    }

    /**
     * A comparator for the given order_by terms (parsed by {@link SearchParser#parseRunOrderBy}).
     * Terms that no run ordering supports (datasets, unknown attributes) fail with
     * INVALID_PARAMETER_VALUE.
     */
    public static java.util.Comparator<Run> of(List<OrderBy> orderBy) {
        java.util.Comparator<Run> result = null;
        for (OrderBy term : effectiveTerms(orderBy)) {
            java.util.Comparator<Run> next = term(term);
            result = result == null ? next : result.thenComparing(next);
        }
        return result;
    }

    private static java.util.Comparator<Run> term(OrderBy term) {
        String key = term.key();
        return switch (term.kind()) {
            case METRIC -> metric(key, term.ascending());
            case PARAM -> presentFirst(run -> RunValues.param(run, key), Ordering::compareText, term.ascending());
            case TAG -> presentFirst(run -> RunValues.tag(run, key), Ordering::compareText, term.ascending());
            case ATTRIBUTE -> attribute(term);
            case DATASET -> throw CairnException.invalidParameter(
                    "Invalid order_by entity 'datasets': runs cannot be ordered by dataset fields");
        };
    }

    private static java.util.Comparator<Run> attribute(OrderBy term) {
        String key = term.key();
        if (RunValues.NUMERIC_ATTRIBUTES.contains(key)) {
            return presentFirst(run -> RunValues.numericAttribute(run.info(), key), Long::compare, term.ascending());
        }
        if (key.equals("experiment_id")) {
            return presentFirst(run -> run.info().experimentId().value(), Ordering::compareId, term.ascending());
        }
        if (RunValues.TEXT_ATTRIBUTES.contains(key)) {
            return presentFirst(run -> RunValues.textAttribute(run.info(), key), Ordering::compareText, term.ascending());
        }
        List<String> valid = new ArrayList<>(RunValues.TEXT_ATTRIBUTES);
        valid.addAll(RunValues.NUMERIC_ATTRIBUTES);
        valid.add("experiment_id");
        throw CairnException.invalidParameter(
                "Invalid attribute key '%s' specified in order_by. Valid keys are %s", key, valid);
    }

    /** Numbers in the given direction, then NaN, then runs without the metric (see class doc). */
    private static java.util.Comparator<Run> metric(String key, boolean ascending) {
        java.util.Comparator<Double> numbers = ascending ? Ordering::compareNumber : (a, b) -> Ordering.compareNumber(b, a);
        return (a, b) -> {
            Double va = RunValues.metric(a, key);
            Double vb = RunValues.metric(b, key);
            int byRank = Integer.compare(metricRank(va), metricRank(vb));
            return byRank != 0 || metricRank(va) != 0 ? byRank : numbers.compare(va, vb);
        };
    }

    private static int metricRank(Double value) {
        return value == null ? 2 : value.isNaN() ? 1 : 0;
    }

    /** Orders present values in the given direction and puts missing (null) values after them. */
    static <T, V> java.util.Comparator<T> presentFirst(
            Function<T, V> value, java.util.Comparator<V> order, boolean ascending) {
        java.util.Comparator<V> directed = ascending ? order : order.reversed();
        return (a, b) -> {
            V va = value.apply(a);
            V vb = value.apply(b);
            if (va == null || vb == null) {
                return Boolean.compare(va == null, vb == null);
            }
            return directed.compare(va, vb);
        };
    }
}
