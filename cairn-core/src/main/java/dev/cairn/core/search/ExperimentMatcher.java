package dev.cairn.core.search;

import static java.util.Objects.requireNonNull;

import dev.cairn.core.model.Experiment;
import dev.cairn.core.model.Tag;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoublePredicate;
import java.util.function.Predicate;

/**
 * Evaluates an experiment {@link SearchFilter} in memory. Semantics as {@link RunMatcher}: all
 * comparisons must hold; {@code name} compares as a string (= and != exact and case-sensitive,
 * LIKE/ILIKE as {@link LikePattern}); creation_time and last_update_time as numbers; a tag the
 * experiment does not have never matches, not even {@code !=}.
 */
public final class ExperimentMatcher implements Predicate<Experiment> {
    private static final List<String> ATTRIBUTES = List.of("name", "creation_time", "last_update_time");

    private final SearchFilter filter;
    private final List<Predicate<Experiment>> clauses;

    private ExperimentMatcher(SearchFilter filter, List<Predicate<Experiment>> clauses) {
        this.filter = filter;
        this.clauses = clauses;
    }

    /** Compiles a filter; comparisons of a kind experiments do not have fail with INVALID_PARAMETER_VALUE. */
    public static ExperimentMatcher of(SearchFilter filter) {
        requireNonNull(filter, "filter is null");
        List<Predicate<Experiment>> clauses = new ArrayList<>();
        for (Comparison c : filter.comparisons()) {
            clauses.add(compile(c));
        }
        return new ExperimentMatcher(filter, List.copyOf(clauses));
    }

    public static boolean matches(SearchFilter filter, Experiment experiment) {
        return of(filter).test(experiment);
    }

    public SearchFilter filter() {
        return filter;
    }

    @Override
    public boolean test(Experiment experiment) {
        requireNonNull(experiment, "experiment is null");
        for (Predicate<Experiment> clause : clauses) {
            if (!clause.test(experiment)) {
                return false;
            }
        }
        return true;
    }

    private static Predicate<Experiment> compile(Comparison c) {
        return switch (c.kind()) {
            case ATTRIBUTE -> attribute(c);
            case TAG -> {
                Predicate<String> test = Conditions.text(c);
                String key = c.key();
                yield experiment -> {
                    String value = tag(experiment, key);
                    return value != null && test.test(value);
                };
            }
            default -> throw Conditions.unsupportedKind(c, "experiments");
        };
    }

    private static Predicate<Experiment> attribute(Comparison c) {
        return switch (c.key()) {
            case "name" -> {
                Predicate<String> test = Conditions.text(c);
                yield experiment -> test.test(experiment.name());
            }
            case "creation_time" -> {
                DoublePredicate test = Conditions.number(c);
                yield experiment -> test.test(experiment.creationTime());
            }
            case "last_update_time" -> {
                DoublePredicate test = Conditions.number(c);
                yield experiment -> test.test(experiment.lastUpdateTime());
            }
            default -> throw Conditions.unknownKey(c, ATTRIBUTES);
        };
    }

    static String tag(Experiment experiment, String key) {
        for (Tag t : experiment.tags()) {
            if (t.key().equals(key)) {
                return t.value();
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "ExperimentMatcher" + filter.comparisons();
    }
}
