package dev.cairn.core.search;

import java.util.List;

/** The right-hand side of a comparison. */
public sealed interface Literal {
    record Text(String value) implements Literal {}

    record Number(double value) implements Literal {}

    record TextList(List<String> values) implements Literal {
        public TextList {
            values = List.copyOf(values);
        }
    }
}
