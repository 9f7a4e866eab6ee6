package dev.cairn.core.search;

import java.util.List;

/**
 * Parses MLflow's search grammar for runs and experiments. Errors are
 * {@code CairnException(INVALID_PARAMETER_VALUE)} with MLflow-like messages naming the offending token.
 *
 * <h2>Filter grammar</h2>
 * <pre>
 * filter     := comparison ( AND comparison )*          -- AND only, case-insensitive; OR is rejected
 * comparison := key op value
 * key        := prefix '.' name | name                  -- a bare name is an attribute, as in MLflow
 * name       := word ( '.' word )* | `...` | "..." | '...'
 * op         := = | == | != | &lt;&gt; | &lt; | &lt;= | &gt; | &gt;= | LIKE | ILIKE | IN | NOT IN
 * value      := number | 'text' | "text" | '(' text ( ',' text )* ')'
 * </pre>
 * {@code ==} and {@code <>} are accepted as spellings of = and != (SQL habits).
 * Entity prefixes are case-insensitive; attribute names are not ({@code created} and
 * {@code Created} are both listed aliases, as in MLflow). A quote inside a quoted string is written doubled ({@code 'it''s'}) or backslash-escaped
 * ({@code 'it\'s'}); other backslashes are kept, so LIKE escapes ({@code '\%'}) reach
 * {@link LikePattern}. Blank or null filters mean "everything" ({@link SearchFilter#ALL}).
 *
 * <h2>Runs</h2>
 * <ul>
 *   <li>{@code metrics./metric.}: = != &gt; &gt;= &lt; &lt;= with a number.</li>
 *   <li>{@code params./param./parameters./parameter.} and {@code tags./tag.}: = != LIKE ILIKE
 *       with a quoted string.</li>
 *   <li>{@code attributes./attribute./attr./run.} (or no prefix): {@code run_id} (= != LIKE ILIKE
 *       IN NOT IN), {@code run_name} (alias "run name", "Run name", "Run Name"), {@code status},
 *       {@code artifact_uri}, {@code user_id} (= != LIKE ILIKE); {@code start_time} (alias
 *       "created", "Created") and {@code end_time} with numeric comparators.</li>
 *   <li>{@code datasets./dataset.}: {@code name}, {@code digest}, {@code context} with = != LIKE
 *       ILIKE IN NOT IN.</li>
 * </ul>
 *
 * <h2>Experiments</h2>
 * {@code attributes./attribute./attr.} (or no prefix): {@code name} (= != LIKE ILIKE),
 * {@code creation_time}, {@code last_update_time} (numeric); {@code tags./tag.}: = != LIKE ILIKE.
 *
 * <h2>order_by</h2>
 * Each term is {@code key [ASC|DESC]} (ascending by default, direction case-insensitive) with the
 * same key syntax. Runs order by metrics, params, tags and the attributes run_id, run_name,
 * status, start_time (alias created), end_time, artifact_uri, user_id, experiment_id; experiments
 * by the attributes name, experiment_id, creation_time, last_update_time. Attribute keys in the
 * result are canonical (see {@link Comparison}).
 */
public final class SearchParser {
    private SearchParser() {}

    public static SearchFilter parseRunFilter(String filter) {
        return SearchGrammar.RUNS.parseFilter(filter);
    }

    public static SearchFilter parseExperimentFilter(String filter) {
        return SearchGrammar.EXPERIMENTS.parseFilter(filter);
    }

    public static List<OrderBy> parseRunOrderBy(List<String> orderBy) {
        return SearchGrammar.RUNS.parseOrderBy(orderBy);
    }

    public static List<OrderBy> parseExperimentOrderBy(List<String> orderBy) {
        return SearchGrammar.EXPERIMENTS.parseOrderBy(orderBy);
    }
}
