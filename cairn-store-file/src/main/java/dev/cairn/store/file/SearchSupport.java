package dev.cairn.store.file;

import dev.cairn.core.model.DatasetInput;
import dev.cairn.core.model.Experiment;
import dev.cairn.core.model.Metric;
import dev.cairn.core.model.Param;
import dev.cairn.core.model.Run;
import dev.cairn.core.model.RunInfo;
import dev.cairn.core.model.Tag;
import dev.cairn.core.search.Comparison;
import dev.cairn.core.search.Literal;
import dev.cairn.core.search.OrderBy;
import dev.cairn.core.search.SearchFilter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Filtering and ordering of in-memory runs and experiments.
 *
 * <p>The one place the store meets the search semantics, so it can move to cairn-core's shared
 * matcher and ordering classes without touching the store.
 */
final class SearchSupport {
    private SearchSupport() {}

    static boolean matches(SearchFilter filter, Run run) {
        for (Comparison c : filter.comparisons()) {
            if (!matches(c, run)) {
                return false;
            }
        }
        return true;
    }

    static boolean matches(SearchFilter filter, Experiment experiment) {
        for (Comparison c : filter.comparisons()) {
            Object value = switch (c.kind()) {
                case TAG -> tag(experiment.tags(), c.key());
                case ATTRIBUTE -> switch (c.key()) {
                    case "name" -> experiment.name();
                    case "creation_time" -> (double) experiment.creationTime();
                    case "last_update_time" -> (double) experiment.lastUpdateTime();
                    case "experiment_id" -> experiment.experimentId().value();
                    default -> null;
                };
                default -> null;
            };
            if (!compare(value, c)) {
                return false;
            }
        }
        return true;
    }

    static Comparator<Run> runOrdering(List<OrderBy> orderBy) {
        Comparator<Run> cmp = (a, b) -> 0;
        for (OrderBy o : orderBy) {
            cmp = cmp.thenComparing(nullsLast(r -> sortValue(r, o), o.ascending()));
        }
        return cmp.thenComparing(Comparator.comparingLong((Run r) -> r.info().startTime()).reversed())
                .thenComparing(r -> r.info().runId().value());
    }

    static Comparator<Experiment> experimentOrdering(List<OrderBy> orderBy) {
        if (orderBy.isEmpty()) {
            return Comparator.comparingLong(Experiment::creationTime).reversed()
                    .thenComparing(e -> e.experimentId().value());
        }
        Comparator<Experiment> cmp = (a, b) -> 0;
        for (OrderBy o : orderBy) {
            cmp = cmp.thenComparing(nullsLast(e -> switch (o.key()) {
                case "name" -> e.name();
                case "creation_time" -> e.creationTime();
                case "last_update_time" -> e.lastUpdateTime();
                case "experiment_id" -> e.experimentId().value();
                default -> null;
            }, o.ascending()));
        }
        return cmp.thenComparing(e -> e.experimentId().value());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static <T> Comparator<T> nullsLast(java.util.function.Function<T, Comparable> key, boolean ascending) {
        return (a, b) -> {
            Comparable x = key.apply(a);
            Comparable y = key.apply(b);
            if (x == null || y == null) {
                return x == null ? (y == null ? 0 : 1) : -1;
            }
            int c = x.compareTo(y);
            return ascending ? c : -c;
        };
    }

    private static Comparable<?> sortValue(Run run, OrderBy o) {
        return switch (o.kind()) {
            case METRIC -> {
                Metric m = run.data().metrics().stream().filter(x -> x.key().equals(o.key())).findFirst().orElse(null);
                yield m == null || Double.isNaN(m.value()) ? null : m.value();
            }
            case PARAM -> param(run.data().params(), o.key());
            case TAG -> tag(run.data().tags(), o.key());
            case ATTRIBUTE -> {
                Object v = attribute(run.info(), o.key());
                yield v instanceof Comparable<?> c ? c : null;
            }
            case DATASET -> null;
        };
    }

    private static boolean matches(Comparison c, Run run) {
        return switch (c.kind()) {
            case METRIC -> {
                Metric m = run.data().metrics().stream().filter(x -> x.key().equals(c.key())).findFirst().orElse(null);
                yield compare(m == null ? null : m.value(), c);
            }
            case PARAM -> compare(param(run.data().params(), c.key()), c);
            case TAG -> compare(tag(run.data().tags(), c.key()), c);
            case ATTRIBUTE -> compare(attribute(run.info(), c.key()), c);
            case DATASET -> {
                for (DatasetInput input : run.inputs().datasetInputs()) {
                    Object v = switch (c.key()) {
                        case "name" -> input.dataset().name();
                        case "digest" -> input.dataset().digest();
                        case "context" -> tag(input.tags(), DatasetInput.CONTEXT_TAG);
                        default -> null;
                    };
                    if (compare(v, c)) {
                        yield true;
                    }
                }
                yield false;
            }
        };
    }

    private static Object attribute(RunInfo info, String key) {
        return switch (key) {
            case "run_id" -> info.runId().value();
            case "run_name" -> info.runName();
            case "status" -> info.status().name();
            case "user_id" -> info.userId();
            case "artifact_uri" -> info.artifactUri();
            case "start_time" -> (double) info.startTime();
            case "end_time" -> info.endTime() == null ? null : (double) info.endTime();
            default -> null;
        };
    }

    private static String param(List<Param> params, String key) {
        for (Param p : params) {
            if (p.key().equals(key)) {
                return p.value();
            }
        }
        return null;
    }

    private static String tag(List<Tag> tags, String key) {
        for (Tag t : tags) {
            if (t.key().equals(key)) {
                return t.value();
            }
        }
        return null;
    }

    private static boolean compare(Object value, Comparison c) {
        if (value == null) {
            return false;
        }
        if (value instanceof Double d) {
            if (!(c.value() instanceof Literal.Number n)) {
                return false;
            }
            int cmp = Double.compare(d, n.value());
            return switch (c.op()) {
                case EQ -> cmp == 0;
                case NOT_EQ -> cmp != 0;
                case GT -> cmp > 0;
                case GTE -> cmp >= 0;
                case LT -> cmp < 0;
                case LTE -> cmp <= 0;
                default -> false;
            };
        }
        String s = value.toString();
        return switch (c.value()) {
            case Literal.TextList list -> switch (c.op()) {
                case IN -> list.values().contains(s);
                case NOT_IN -> !list.values().contains(s);
                default -> false;
            };
            case Literal.Text t -> switch (c.op()) {
                case EQ -> s.equals(t.value());
                case NOT_EQ -> !s.equals(t.value());
                case GT -> s.compareTo(t.value()) > 0;
                case GTE -> s.compareTo(t.value()) >= 0;
                case LT -> s.compareTo(t.value()) < 0;
                case LTE -> s.compareTo(t.value()) <= 0;
                case LIKE -> like(t.value(), false).matcher(s).matches();
                case ILIKE -> like(t.value(), true).matcher(s).matches();
                default -> false;
            };
            case Literal.Number n -> false;
        };
    }

    private static Pattern like(String pattern, boolean ignoreCase) {
        StringBuilder regex = new StringBuilder();
        for (char ch : pattern.toCharArray()) {
            switch (ch) {
                case '%' -> regex.append(".*");
                case '_' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(ch)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL | (ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0));
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
