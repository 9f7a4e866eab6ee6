package dev.cairn.core.search;

import dev.cairn.core.error.CairnException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.DoublePredicate;
import java.util.function.Predicate;

/** Compiles the operator and literal of one comparison into a test on a present value. */
final class Conditions {
    private Conditions() {}

    /**
     * A test on a string value: = and != are exact and case-sensitive, LIKE/ILIKE as
     * {@link LikePattern}, IN/NOT IN exact membership.
     */
    static Predicate<String> text(Comparison c) {
        Comparator op = c.op();
        if (op == Comparator.IN || op == Comparator.NOT_IN) {
            if (!(c.value() instanceof Literal.TextList list)) {
                throw mismatch(c, "a list of strings");
            }
            Set<String> values = Set.copyOf(list.values());
            return op == Comparator.IN ? values::contains : v -> !values.contains(v);
        }
        if (!(c.value() instanceof Literal.Text text)) {
            throw mismatch(c, "a string");
        }
        String expected = text.value();
        return switch (op) {
            case EQ -> expected::equals;
            case NOT_EQ -> v -> !expected.equals(v);
            case LIKE -> LikePattern.like(expected)::matches;
            case ILIKE -> LikePattern.ilike(expected)::matches;
            default -> throw unsupported(c);
        };
    }

    /**
     * A test on a numeric value with IEEE 754 semantics: a NaN value satisfies only {@code !=};
     * -0.0 equals 0.0.
     */
    static DoublePredicate number(Comparison c) {
        if (!(c.value() instanceof Literal.Number number)) {
            throw mismatch(c, "a number");
        }
        double expected = number.value();
        return switch (c.op()) {
            case EQ -> v -> v == expected;
            case NOT_EQ -> v -> v != expected;
            case GT -> v -> v > expected;
            case GTE -> v -> v >= expected;
            case LT -> v -> v < expected;
            case LTE -> v -> v <= expected;
            default -> throw unsupported(c);
        };
    }

    static CairnException unsupported(Comparison c) {
        return CairnException.invalidParameter(
                "Invalid comparator '%s' for %s '%s'", c.op().symbol(), kindName(c), c.key());
    }

    static CairnException unsupportedKind(Comparison c, String entities) {
        return CairnException.invalidParameter(
                "Invalid entity type '%s' for %s search", kindName(c), entities);
    }

    static CairnException unknownKey(Comparison c, List<String> valid) {
        return CairnException.invalidParameter(
                "Invalid %s key '%s' specified. Valid keys are %s", kindName(c), c.key(), valid);
    }

    private static CairnException mismatch(Comparison c, String expected) {
        return CairnException.invalidParameter(
                "Comparator '%s' for %s '%s' needs %s", c.op().symbol(), kindName(c), c.key(), expected);
    }

    private static String kindName(Comparison c) {
        return c.kind().name().toLowerCase(Locale.ROOT);
    }
}
