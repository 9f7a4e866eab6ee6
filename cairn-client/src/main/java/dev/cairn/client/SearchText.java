package dev.cairn.client;

import dev.cairn.core.search.Comparison;
import dev.cairn.core.search.EntityKind;
import dev.cairn.core.search.Literal;
import dev.cairn.core.search.OrderBy;
import dev.cairn.core.search.SearchFilter;
import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Renders a parsed filter or order_by back into MLflow's search grammar, for the REST store: the SPI hands
 * it parsed searches, the wire wants text. Names are back-quoted and strings single-quoted (quotes doubled),
 * so whatever the parser accepted parses again to the same tree on the server.
 */
final class SearchText {
    private SearchText() {}

    static String filter(SearchFilter filter) {
        return filter.comparisons().stream().map(SearchText::comparison).collect(Collectors.joining(" AND "));
    }

    static List<String> orderBy(List<OrderBy> orderBy) {
        return orderBy.stream().map(o -> key(o.kind(), o.key()) + (o.ascending() ? " ASC" : " DESC")).toList();
    }

    private static String comparison(Comparison c) {
        return key(c.kind(), c.key()) + " " + c.op().symbol() + " " + literal(c.value());
    }

    private static String key(EntityKind kind, String key) {
        String prefix = switch (kind) {
            case METRIC -> "metrics";
            case PARAM -> "params";
            case TAG -> "tags";
            case ATTRIBUTE -> "attributes";
            case DATASET -> "datasets";
        };
        return prefix + ".`" + key + "`";
    }

    private static String literal(Literal literal) {
        return switch (literal) {
            case Literal.Text t -> quote(t.value());
            case Literal.Number n -> Double.isFinite(n.value())
                    ? BigDecimal.valueOf(n.value()).stripTrailingZeros().toPlainString()
                    : String.valueOf(n.value());
            case Literal.TextList l -> l.values().stream().map(SearchText::quote).collect(Collectors.joining(", ", "(", ")"));
        };
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "''") + "'";
    }
}
