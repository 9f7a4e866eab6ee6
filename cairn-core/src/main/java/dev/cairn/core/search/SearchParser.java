package dev.cairn.core.search;

import java.util.List;

/**
 * Parses MLflow's search grammar for runs and experiments. Errors are
 * {@code CairnException(INVALID_PARAMETER_VALUE)} with MLflow-like messages naming the offending token.
 */
public final class SearchParser {
    private SearchParser() {}

    public static SearchFilter parseRunFilter(String filter) {
        throw new UnsupportedOperationException("TODO");
    }

    public static SearchFilter parseExperimentFilter(String filter) {
        throw new UnsupportedOperationException("TODO");
    }

    public static List<OrderBy> parseRunOrderBy(List<String> orderBy) {
        throw new UnsupportedOperationException("TODO");
    }

    public static List<OrderBy> parseExperimentOrderBy(List<String> orderBy) {
        throw new UnsupportedOperationException("TODO");
    }
}
