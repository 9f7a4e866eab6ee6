package dev.cairn.core.search;

import dev.cairn.core.error.CairnException;
import dev.cairn.core.search.SearchScanner.ListValue;
import dev.cairn.core.search.SearchScanner.NumberValue;
import dev.cairn.core.search.SearchScanner.QuotedValue;
import dev.cairn.core.search.SearchScanner.RawKey;
import dev.cairn.core.search.SearchScanner.RawValue;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which keys, operators and values are valid for one searchable entity (runs or experiments),
 * following MLflow's SearchUtils / SearchExperimentsUtils rules. Data, not code paths: the two
 * grammars differ only in the tables passed to the constructor.
 */
final class SearchGrammar {
    static final Set<Comparator> NUMERIC_OPS =
            EnumSet.of(Comparator.EQ, Comparator.NOT_EQ, Comparator.GT, Comparator.GTE, Comparator.LT, Comparator.LTE);
    static final Set<Comparator> TEXT_OPS =
            EnumSet.of(Comparator.EQ, Comparator.NOT_EQ, Comparator.LIKE, Comparator.ILIKE);
    static final Set<Comparator> LIST_TEXT_OPS = EnumSet.of(
            Comparator.EQ, Comparator.NOT_EQ, Comparator.LIKE, Comparator.ILIKE, Comparator.IN, Comparator.NOT_IN);

    static final SearchGrammar RUNS = new SearchGrammar(
            "run",
            prefixes(
                    EntityKind.METRIC, List.of("metric", "metrics"),
                    EntityKind.PARAM, List.of("param", "params", "parameter", "parameters"),
                    EntityKind.TAG, List.of("tag", "tags"),
                    EntityKind.ATTRIBUTE, List.of("attribute", "attributes", "attr", "run"),
                    EntityKind.DATASET, List.of("dataset", "datasets")),
            aliases(
                    "run_id", "run_id",
                    "run_name", "run_name",
                    "run name", "run_name",
                    "Run name", "run_name",
                    "Run Name", "run_name",
                    "status", "status",
                    "start_time", "start_time",
                    "created", "start_time",
                    "Created", "start_time",
                    "end_time", "end_time",
                    "artifact_uri", "artifact_uri",
                    "user_id", "user_id"),
            Set.of("start_time", "end_time"),
            Set.of("run_id"),
            aliases(
                    "run_id", "run_id",
                    "run_name", "run_name",
                    "status", "status",
                    "start_time", "start_time",
                    "created", "start_time",
                    "Created", "start_time",
                    "end_time", "end_time",
                    "artifact_uri", "artifact_uri",
                    "user_id", "user_id",
                    "experiment_id", "experiment_id"),
            EnumSet.of(EntityKind.METRIC, EntityKind.PARAM, EntityKind.TAG, EntityKind.ATTRIBUTE));

    static final SearchGrammar EXPERIMENTS = new SearchGrammar(
            "experiment",
            prefixes(
                    EntityKind.ATTRIBUTE, List.of("attribute", "attributes", "attr"),
                    EntityKind.TAG, List.of("tag", "tags")),
            aliases(
                    "name", "name",
                    "creation_time", "creation_time",
                    "last_update_time", "last_update_time"),
            Set.of("creation_time", "last_update_time"),
            Set.of(),
            aliases(
                    "name", "name",
                    "experiment_id", "experiment_id",
                    "creation_time", "creation_time",
                    "last_update_time", "last_update_time"),
            EnumSet.of(EntityKind.ATTRIBUTE));

    static final List<String> DATASET_KEYS = List.of("name", "digest", "context");

    private final String entity;
    private final Map<String, EntityKind> prefixes;
    private final Map<String, String> filterAttributes;
    private final Set<String> numericAttributes;
    private final Set<String> listAttributes;
    private final Map<String, String> orderAttributes;
    private final Set<EntityKind> orderKinds;

    private SearchGrammar(
            String entity,
            Map<String, EntityKind> prefixes,
            Map<String, String> filterAttributes,
            Set<String> numericAttributes,
            Set<String> listAttributes,
            Map<String, String> orderAttributes,
            Set<EntityKind> orderKinds) {
        this.entity = entity;
        this.prefixes = prefixes;
        this.filterAttributes = filterAttributes;
        this.numericAttributes = numericAttributes;
        this.listAttributes = listAttributes;
        this.orderAttributes = orderAttributes;
        this.orderKinds = orderKinds;
    }

    SearchFilter parseFilter(String filter) {
        if (filter == null || filter.isBlank()) {
            return SearchFilter.ALL;
        }
        SearchScanner scanner = new SearchScanner(filter, "filter");
        List<Comparison> comparisons = new ArrayList<>();
        while (true) {
            comparisons.add(parseComparison(scanner));
            if (scanner.atEnd()) {
                return new SearchFilter(comparisons);
            }
            int at = scanner.position();
            String word = scanner.readWord();
            if (word.equalsIgnoreCase("AND")) {
                continue;
            }
            if (word.equalsIgnoreCase("OR")) {
                throw CairnException.invalidParameter(
                        "Invalid clause 'OR' at position %d of the filter '%s': only AND is supported to combine"
                                + " comparisons",
                        at, filter);
            }
            throw CairnException.invalidParameter(
                    "Invalid clause at position %d of the filter '%s': expected AND or the end of the filter but"
                            + " found '%s'",
                    at, filter, word.isEmpty() ? scanner.snippet() : word);
        }
    }

    List<OrderBy> parseOrderBy(List<String> orderBy) {
        if (orderBy == null || orderBy.isEmpty()) {
            return List.of();
        }
        List<OrderBy> terms = new ArrayList<>(orderBy.size());
        for (String clause : orderBy) {
            terms.add(parseOrderByTerm(clause));
        }
        return List.copyOf(terms);
    }

    private OrderBy parseOrderByTerm(String clause) {
        if (clause == null || clause.isBlank()) {
            throw CairnException.invalidParameter("Invalid order_by clause '%s': it is empty", clause == null ? "" : clause);
        }
        SearchScanner scanner = new SearchScanner(clause, "order_by clause");
        RawKey raw = scanner.readKey();
        boolean ascending = true;
        if (!scanner.atEnd()) {
            String direction = scanner.readWord();
            switch (direction.toUpperCase(Locale.ROOT)) {
                case "ASC" -> ascending = true;
                case "DESC" -> ascending = false;
                default -> throw CairnException.invalidParameter(
                        "Invalid ordering key in order_by clause '%s': expected ASC or DESC after '%s' but found '%s'",
                        clause, raw.text(), direction.isEmpty() ? scanner.snippet() : direction);
            }
            if (!scanner.atEnd()) {
                throw CairnException.invalidParameter(
                        "Invalid order_by clause '%s': expected '<key> [ASC|DESC]' but found '%s' after the direction",
                        clause, scanner.snippet());
            }
        }
        EntityKind kind = kindOf(raw);
        if (!orderKinds.contains(kind)) {
            throw CairnException.invalidParameter(
                    "Invalid order_by entity '%s' in '%s'. %s can be ordered by %s",
                    raw.prefix(), clause, capitalised(entity) + "s", orderPrefixes());
        }
        String key = raw.key();
        if (kind == EntityKind.ATTRIBUTE) {
            key = orderAttributes.get(raw.key());
            if (key == null) {
                throw CairnException.invalidParameter(
                        "Invalid attribute key '%s' specified in order_by clause '%s'. Valid keys are %s",
                        raw.key(), clause, orderAttributes.keySet());
            }
        }
        return new OrderBy(kind, key, ascending);
    }

    private Comparison parseComparison(SearchScanner scanner) {
        RawKey raw = scanner.readKey();
        EntityKind kind = kindOf(raw);
        String key = canonicalFilterKey(kind, raw);
        Comparator op = scanner.readOperator(raw);
        RawValue value = scanner.readValue();
        String subject = subject(kind, key);

        boolean numeric = kind == EntityKind.METRIC
                || (kind == EntityKind.ATTRIBUTE && numericAttributes.contains(key));
        Set<Comparator> allowed;
        if (numeric) {
            allowed = NUMERIC_OPS;
        } else if (kind == EntityKind.DATASET
                || (kind == EntityKind.ATTRIBUTE && listAttributes.contains(key))) {
            allowed = LIST_TEXT_OPS;
        } else {
            allowed = TEXT_OPS;
        }
        if (!allowed.contains(op)) {
            throw CairnException.invalidParameter(
                    "Invalid comparator '%s' for %s. Valid comparators are %s", op.symbol(), subject, symbols(allowed));
        }
        return new Comparison(kind, key, op, literal(subject, numeric, op, value));
    }

    private static Literal literal(String subject, boolean numeric, Comparator op, RawValue value) {
        if (numeric) {
            if (value instanceof NumberValue number) {
                return new Literal.Number(number.value());
            }
            throw CairnException.invalidParameter(
                    "Expected a numeric value for %s but found %s", subject, shown(value));
        }
        boolean listOp = op == Comparator.IN || op == Comparator.NOT_IN;
        if (listOp) {
            if (value instanceof ListValue list) {
                return new Literal.TextList(list.values());
            }
            throw CairnException.invalidParameter(
                    "Comparator %s for %s expects a parenthesised list of quoted strings such as ('a', 'b') but"
                            + " found %s",
                    op.symbol(), subject, shown(value));
        }
        if (value instanceof QuotedValue quoted) {
            return new Literal.Text(quoted.value());
        }
        if (value instanceof ListValue) {
            throw CairnException.invalidParameter(
                    "A list of values is only allowed with IN and NOT IN, not with %s for %s", op.symbol(), subject);
        }
        throw CairnException.invalidParameter(
                "Expected a quoted string value for %s (e.g. 'my-value') but found %s", subject, shown(value));
    }

    private EntityKind kindOf(RawKey raw) {
        if (raw.prefix() == null) {
            // As MLflow: a key without prefix names an attribute ("start_time > 0").
            return EntityKind.ATTRIBUTE;
        }
        EntityKind kind = prefixes.get(raw.prefix().toLowerCase(Locale.ROOT));
        if (kind == null) {
            throw CairnException.invalidParameter(
                    "Invalid entity type '%s' in '%s'. Valid values for %s search are %s",
                    raw.prefix(), raw.text(), entity, prefixes.keySet());
        }
        return kind;
    }

    private String canonicalFilterKey(EntityKind kind, RawKey raw) {
        return switch (kind) {
            case ATTRIBUTE -> {
                String key = filterAttributes.get(raw.key());
                if (key == null) {
                    throw CairnException.invalidParameter(
                            "Invalid attribute key '%s' specified. Valid keys are %s",
                            raw.key(), filterAttributes.keySet());
                }
                yield key;
            }
            case DATASET -> {
                if (!DATASET_KEYS.contains(raw.key())) {
                    throw CairnException.invalidParameter(
                            "Invalid dataset key '%s' specified. Valid keys are %s", raw.key(), DATASET_KEYS);
                }
                yield raw.key();
            }
            default -> raw.key();
        };
    }

    private static String subject(EntityKind kind, String key) {
        return kind.name().toLowerCase(Locale.ROOT) + " '" + key + "'";
    }

    private static String shown(RawValue value) {
        return value.text().isEmpty() ? "the end of the filter" : "'" + value.text() + "'";
    }

    private static String symbols(Set<Comparator> ops) {
        return ops.stream().map(Comparator::symbol).collect(Collectors.joining(", ", "[", "]"));
    }

    private String orderPrefixes() {
        return prefixes.entrySet().stream()
                .filter(e -> orderKinds.contains(e.getValue()))
                .map(Map.Entry::getKey)
                .collect(Collectors.joining(", ", "[", "]"));
    }

    private static String capitalised(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static Map<String, EntityKind> prefixes(Object... kindsAndNames) {
        Map<String, EntityKind> map = new LinkedHashMap<>();
        for (int i = 0; i < kindsAndNames.length; i += 2) {
            EntityKind kind = (EntityKind) kindsAndNames[i];
            @SuppressWarnings("unchecked")
            List<String> names = (List<String>) kindsAndNames[i + 1];
            names.forEach(n -> map.put(n, kind));
        }
        return map;
    }

    private static Map<String, String> aliases(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
