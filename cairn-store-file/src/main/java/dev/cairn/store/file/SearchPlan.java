package dev.cairn.store.file;

import dev.cairn.core.model.Run;
import dev.cairn.core.model.ViewType;
import dev.cairn.core.search.Comparison;
import dev.cairn.core.search.EntityKind;
import dev.cairn.core.search.OrderBy;
import dev.cairn.core.search.RunSearch;
import dev.cairn.core.search.SearchFilter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * How a search reads the runs of an experiment without reading them whole: meta.yaml decides the view
 * type and the attribute clauses; then the filter's keys are read one clause at a time, cheapest kind
 * first (params, tags, metrics), stopping at the first clause a run fails; the order_by keys are read
 * only of runs that match. Each key read is one file checked ({@link KeyFileProbe}), so a selective
 * first clause spares most runs the rest. The filter is a conjunction of pure comparisons, so the order
 * of evaluation does not change the answer.
 *
 * <p>{@code attributes.run_name} also reads the {@code mlflow.runName} tag, which names a run whose
 * meta.yaml has no run_name (older MLflow versions). Dataset comparisons need a run's inputs: such
 * searches read runs whole ({@link #readsWholeRuns}).
 *
 * <p>Two plans are equal when they come from the same filter, order_by and view type, which lets
 * concurrent equal searches share their reads of a run ({@link RunEntry#probe}).
 */
final class SearchPlan {
    /** One key read of a run, and the filter clause that needs it (null for an order_by key). */
    record Step(EntityKind kind, String key, Predicate<Run> clause) {}

    private final SearchFilter filter;
    private final List<OrderBy> orderBy;
    private final ViewType viewType;
    private final Predicate<Run> matcher;
    private final Comparator<Run> order;
    private final List<Predicate<Run>> infoClauses = new ArrayList<>();
    private final List<Step> filterSteps = new ArrayList<>();
    private final List<Step> orderSteps = new ArrayList<>();
    private final boolean wholeRuns;

    private SearchPlan(SearchFilter filter, List<OrderBy> orderBy, ViewType viewType) {
        this.filter = filter;
        this.orderBy = List.copyOf(orderBy);
        this.viewType = viewType;
        this.matcher = SearchSupport.runFilter(filter);
        this.order = SearchSupport.runOrdering(orderBy);
        boolean datasets = false;
        List<Step> params = new ArrayList<>();
        List<Step> tags = new ArrayList<>();
        List<Step> metrics = new ArrayList<>();
        for (Comparison c : filter.comparisons()) {
            Predicate<Run> clause = SearchSupport.runFilter(new SearchFilter(List.of(c)));
            switch (c.kind()) {
                case PARAM -> params.add(new Step(EntityKind.PARAM, c.key(), clause));
                case TAG -> tags.add(new Step(EntityKind.TAG, c.key(), clause));
                case METRIC -> metrics.add(new Step(EntityKind.METRIC, c.key(), clause));
                case ATTRIBUTE -> {
                    if (c.key().equals("run_name")) {
                        tags.add(new Step(EntityKind.TAG, RunEntry.RUN_NAME_TAG, clause));
                    } else {
                        infoClauses.add(clause);
                    }
                }
                case DATASET -> datasets = true;
            }
        }
        filterSteps.addAll(params);
        filterSteps.addAll(tags);
        filterSteps.addAll(metrics);
        for (OrderBy term : orderBy) {
            switch (term.kind()) {
                case PARAM, TAG, METRIC -> orderSteps.add(new Step(term.kind(), term.key(), null));
                case ATTRIBUTE -> {
                    if (term.key().equals("run_name")) {
                        orderSteps.add(new Step(EntityKind.TAG, RunEntry.RUN_NAME_TAG, null));
                    }
                }
                case DATASET -> datasets = true;
            }
        }
        this.wholeRuns = datasets;
    }

    static SearchPlan of(RunSearch search) {
        return new SearchPlan(search.filter(), search.orderBy(), search.viewType());
    }

    /** True when a whole run, as returned, is in view and satisfies the filter. */
    boolean matches(Run run) {
        return viewType.includes(run.info().lifecycleStage()) && matcher.test(run);
    }

    Comparator<Run> order() {
        return order;
    }

    ViewType viewType() {
        return viewType;
    }

    /** Filter clauses on attributes of meta.yaml (other than run_name). */
    List<Predicate<Run>> infoClauses() {
        return infoClauses;
    }

    /** Keys the filter reads, in the order to read them. */
    List<Step> filterSteps() {
        return filterSteps;
    }

    /** Keys the ordering reads, of matching runs. */
    List<Step> orderSteps() {
        return orderSteps;
    }

    /** True when the search compares dataset inputs, which only a whole run has. */
    boolean readsWholeRuns() {
        return wholeRuns;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SearchPlan p && p.filter.equals(filter) && p.orderBy.equals(orderBy) && p.viewType == viewType;
    }

    @Override
    public int hashCode() {
        return Objects.hash(filter, orderBy, viewType);
    }
}
