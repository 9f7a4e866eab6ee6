package dev.cairn.core.search;

import static java.util.Objects.requireNonNull;

import dev.cairn.core.model.DatasetInput;
import dev.cairn.core.model.Run;
import dev.cairn.core.model.Tag;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoublePredicate;
import java.util.function.Predicate;

/**
 * Evaluates a run {@link SearchFilter} in memory, for stores that cannot push it into a query.
 * Compile once with {@link #of} and test many runs; patterns are compiled up front.
 *
 * <p>Semantics (the SQL store produces the same answers):
 * <ul>
 *   <li>All comparisons must hold (AND).</li>
 *   <li>A metric, param or tag the run does not have never matches, not even {@code !=};
 *       likewise an unset attribute (a null run_name, artifact_uri or user_id, the end_time of
 *       a run that has not ended).</li>
 *   <li>Metrics compare the run's latest value as doubles with IEEE semantics: NaN satisfies
 *       only {@code !=}. Times compare as numbers.</li>
 *   <li>String {@code =}, {@code !=}, IN and NOT IN are exact and case-sensitive; LIKE and
 *       ILIKE as {@link LikePattern}. {@code status} compares against the status name
 *       (RUNNING, FINISHED, ...).</li>
 *   <li>{@code datasets.name/digest} hold if <em>some</em> dataset input of the run satisfies
 *       the comparison; {@code datasets.context} if some input's {@code mlflow.data.context} tag
 *       does. A run without dataset inputs matches no dataset comparison.</li>
 * </ul>
 */
public final class RunMatcher implements Predicate<Run> {
    private static final List<String> DATASET_KEYS = SearchGrammar.DATASET_KEYS;

    private final SearchFilter filter;
    private final List<Predicate<Run>> clauses;

    private RunMatcher(SearchFilter filter, List<Predicate<Run>> clauses) {
        this.filter = filter;
        this.clauses = clauses;
    }

    /**
     * Compiles a filter. Comparisons that the parser would have rejected (a key or literal of the
     * wrong kind) fail here with INVALID_PARAMETER_VALUE.
     */
    public static RunMatcher of(SearchFilter filter) {
        requireNonNull(filter, "filter is null");
        List<Predicate<Run>> clauses = new ArrayList<>();
        for (Comparison c : filter.comparisons()) {
            clauses.add(compile(c));
        }
        return new RunMatcher(filter, List.copyOf(clauses));
    }

    /** One-off convenience for {@code of(filter).test(run)}. */
    public static boolean matches(SearchFilter filter, Run run) {
        return of(filter).test(run);
    }

    public SearchFilter filter() {
        return filter;
    }

    @Override
    public boolean test(Run run) {
        requireNonNull(run, "run is null");
        for (Predicate<Run> clause : clauses) {
            if (!clause.test(run)) {
                return false;
            }
        }
        return true;
    }

    private static Predicate<Run> compile(Comparison c) {
        String key = c.key();
        return switch (c.kind()) {
            case METRIC -> {
                DoublePredicate test = Conditions.number(c);
                yield run -> {
                    Double value = RunValues.metric(run, key);
                    return value != null && test.test(value);
                };
            }
            case PARAM -> present(Conditions.text(c), run -> RunValues.param(run, key));
            case TAG -> present(Conditions.text(c), run -> RunValues.tag(run, key));
            case ATTRIBUTE -> attribute(c);
            case DATASET -> dataset(c);
        };
    }

    private static Predicate<Run> attribute(Comparison c) {
        String key = c.key();
        if (RunValues.NUMERIC_ATTRIBUTES.contains(key)) {
            DoublePredicate test = Conditions.number(c);
            return run -> {
                Long value = RunValues.numericAttribute(run.info(), key);
                return value != null && test.test(value);
            };
        }
        if (RunValues.TEXT_ATTRIBUTES.contains(key)) {
            return present(Conditions.text(c), run -> RunValues.textAttribute(run.info(), key));
        }
        List<String> valid = new ArrayList<>(RunValues.TEXT_ATTRIBUTES);
        valid.addAll(RunValues.NUMERIC_ATTRIBUTES);
        throw Conditions.unknownKey(c, valid);
    }

    private static Predicate<Run> dataset(Comparison c) {
        Predicate<String> test = Conditions.text(c);
        return switch (c.key()) {
            case "name" -> run -> anyInput(run, input -> test.test(input.dataset().name()));
            case "digest" -> run -> anyInput(run, input -> test.test(input.dataset().digest()));
            case "context" -> run -> anyInput(run, input -> {
                for (Tag tag : input.tags()) {
                    if (tag.key().equals(DatasetInput.CONTEXT_TAG) && test.test(tag.value())) {
                        return true;
                    }
                }
                return false;
            });
            default -> throw Conditions.unknownKey(c, DATASET_KEYS);
        };
    }

    private static boolean anyInput(Run run, Predicate<DatasetInput> test) {
        for (DatasetInput input : run.inputs().datasetInputs()) {
            if (test.test(input)) {
                return true;
            }
        }
        return false;
    }

    private static Predicate<Run> present(Predicate<String> test, java.util.function.Function<Run, String> value) {
        return run -> {
            String v = value.apply(run);
            return v != null && test.test(v);
        };
    }

    @Override
    public String toString() {
        return "RunMatcher" + filter.comparisons();
    }
}
