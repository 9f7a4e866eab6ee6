package dev.cairn.core.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class SearchParserTest {

    private static Comparison only(SearchFilter filter) {
        assertThat(filter.comparisons()).hasSize(1);
        return filter.comparisons().get(0);
    }

    private static Comparison run(String filter) {
        return only(SearchParser.parseRunFilter(filter));
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> rejectsRun(String filter) {
        return assertInvalid(() -> SearchParser.parseRunFilter(filter));
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> rejectsExperiment(String filter) {
        return assertInvalid(() -> SearchParser.parseExperimentFilter(filter));
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertInvalid(
            org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        return assertThatThrownBy(call)
                .isInstanceOf(CairnException.class)
                .satisfies(e -> assertThat(((CairnException) e).code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE));
    }

    @Nested
    class RunFilters {
        @ParameterizedTest
        @NullAndEmptySource
        @ValueSource(strings = {"   ", "\t\n"})
        void blankFilterMatchesEverything(String filter) {
            assertThat(SearchParser.parseRunFilter(filter)).isEqualTo(SearchFilter.ALL);
            assertThat(SearchParser.parseRunFilter(filter).isEmpty()).isTrue();
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
            "metrics.loss = 1|EQ|1.0",
            "metrics.loss != -2|NOT_EQ|-2.0",
            "metrics.loss > 0.5|GT|0.5",
            "metrics.loss >= .5|GTE|0.5",
            "metrics.loss < 1e-3|LT|0.001",
            "metrics.loss <= +2.5E2|LTE|250.0",
            "metric.loss=3|EQ|3.0",
            "metrics.loss<=3|LTE|3.0",
            "metrics.loss==3|EQ|3.0",
            "metrics.loss<>3|NOT_EQ|3.0",
        })
        void metricComparisons(String filter, Comparator op, double value) {
            assertThat(run(filter)).isEqualTo(new Comparison(EntityKind.METRIC, "loss", op, new Literal.Number(value)));
        }

        @ParameterizedTest
        @ValueSource(strings = {"params", "param", "parameters", "parameter"})
        void paramPrefixes(String prefix) {
            assertThat(run(prefix + ".lr = '0.1'"))
                    .isEqualTo(new Comparison(EntityKind.PARAM, "lr", Comparator.EQ, new Literal.Text("0.1")));
        }

        @ParameterizedTest
        @ValueSource(strings = {"attributes", "attribute", "attr", "run", "ATTRIBUTES"})
        void attributePrefixes(String prefix) {
            assertThat(run(prefix + ".status = 'FINISHED'"))
                    .isEqualTo(new Comparison(EntityKind.ATTRIBUTE, "status", Comparator.EQ, new Literal.Text("FINISHED")));
        }

        @Test
        void stringOperatorsAreCaseInsensitiveWords() {
            assertThat(run("tags.a like 'x%'").op()).isEqualTo(Comparator.LIKE);
            assertThat(run("tags.a ILike 'x%'").op()).isEqualTo(Comparator.ILIKE);
            assertThat(run("params.a != \"y\"")).isEqualTo(
                    new Comparison(EntityKind.PARAM, "a", Comparator.NOT_EQ, new Literal.Text("y")));
        }

        @Test
        void quotedAndDottedKeys() {
            assertThat(run("tags.`mlflow.runName` = 'r'").key()).isEqualTo("mlflow.runName");
            assertThat(run("tags.mlflow.runName = 'r'").key()).isEqualTo("mlflow.runName");
            assertThat(run("metrics.\"my metric\" > 1").key()).isEqualTo("my metric");
            assertThat(run("metrics.'my metric' > 1").key()).isEqualTo("my metric");
            assertThat(run("params.`a b.c` = 'v'").key()).isEqualTo("a b.c");
            assertThat(run("metrics.val/loss-1:x > 1").key()).isEqualTo("val/loss-1:x");
            assertThat(run("`params`.lr = '1'").kind()).isEqualTo(EntityKind.PARAM);
        }

        @Test
        void quotesInsideStrings() {
            assertThat(run("tags.a = 'it''s'").value()).isEqualTo(new Literal.Text("it's"));
            assertThat(run("tags.a = 'it\\'s'").value()).isEqualTo(new Literal.Text("it's"));
            assertThat(run("tags.a = \"say \"\"hi\"\"\"").value()).isEqualTo(new Literal.Text("say \"hi\""));
            assertThat(run("tags.a LIKE '100\\%'").value()).isEqualTo(new Literal.Text("100\\%"));
            assertThat(run("tags.a = ''").value()).isEqualTo(new Literal.Text(""));
            assertThat(run("tags.a = 'x AND y'").value()).isEqualTo(new Literal.Text("x AND y"));
        }

        @Test
        void attributeKeysAreCanonical() {
            assertThat(run("attributes.created > 0").key()).isEqualTo("start_time");
            assertThat(run("attributes.Created > 0").key()).isEqualTo("start_time");
            assertThat(run("attributes.`run name` = 'x'").key()).isEqualTo("run_name");
            assertThat(run("attributes.\"Run name\" = 'x'").key()).isEqualTo("run_name");
            assertThat(run("attributes.`Run Name` = 'x'").key()).isEqualTo("run_name");
            assertThat(run("attributes.end_time <= 5")).isEqualTo(
                    new Comparison(EntityKind.ATTRIBUTE, "end_time", Comparator.LTE, new Literal.Number(5)));
            assertThat(run("attributes.artifact_uri LIKE 's3://%'").key()).isEqualTo("artifact_uri");
            assertThat(run("attributes.user_id ILIKE 'Bob'").key()).isEqualTo("user_id");
        }

        @Test
        void bareKeysAreAttributesAsInMlflow() {
            assertThat(run("start_time > 10")).isEqualTo(
                    new Comparison(EntityKind.ATTRIBUTE, "start_time", Comparator.GT, new Literal.Number(10)));
            assertThat(run("`run name` = 'x'").key()).isEqualTo("run_name");
            rejectsRun("loss > 1").hasMessageContaining("Invalid attribute key 'loss'").hasMessageContaining("run_id");
        }

        @Test
        void runIdLists() {
            assertThat(run("attributes.run_id IN ('a', \"b\",'c')")).isEqualTo(new Comparison(
                    EntityKind.ATTRIBUTE, "run_id", Comparator.IN, new Literal.TextList(List.of("a", "b", "c"))));
            assertThat(run("run_id not  in ('a')")).isEqualTo(new Comparison(
                    EntityKind.ATTRIBUTE, "run_id", Comparator.NOT_IN, new Literal.TextList(List.of("a"))));
            assertThat(run("attributes.run_id IN('a','b')").value())
                    .isEqualTo(new Literal.TextList(List.of("a", "b")));
        }

        @Test
        void datasets() {
            assertThat(run("datasets.name = 'train'")).isEqualTo(
                    new Comparison(EntityKind.DATASET, "name", Comparator.EQ, new Literal.Text("train")));
            assertThat(run("dataset.digest IN ('d1', 'd2')").value())
                    .isEqualTo(new Literal.TextList(List.of("d1", "d2")));
            assertThat(run("datasets.context NOT IN ('eval')").op()).isEqualTo(Comparator.NOT_IN);
            assertThat(run("datasets.context ILIKE 'TR%'").op()).isEqualTo(Comparator.ILIKE);
        }

        @Test
        void conjunctions() {
            SearchFilter filter = SearchParser.parseRunFilter(
                    "  metrics.acc >= 0.9 AND params.model = 'cnn' and tags.`team` LIKE 'ml%'   AnD status='RUNNING' ");
            assertThat(filter.comparisons()).containsExactly(
                    new Comparison(EntityKind.METRIC, "acc", Comparator.GTE, new Literal.Number(0.9)),
                    new Comparison(EntityKind.PARAM, "model", Comparator.EQ, new Literal.Text("cnn")),
                    new Comparison(EntityKind.TAG, "team", Comparator.LIKE, new Literal.Text("ml%")),
                    new Comparison(EntityKind.ATTRIBUTE, "status", Comparator.EQ, new Literal.Text("RUNNING")));
        }
    }

    @Nested
    class RunFilterErrors {
        @Test
        void orIsRejected() {
            rejectsRun("metrics.a > 1 OR metrics.b > 1").hasMessageContaining("'OR'").hasMessageContaining("only AND");
            rejectsRun("metrics.a > 1 or metrics.b > 1").hasMessageContaining("only AND");
        }

        @ParameterizedTest
        @ValueSource(strings = {
            "metrics.a > 1 metrics.b > 1",
            "metrics.a > 1 AND",
            "metrics.a > 1 ANDmetrics.b > 1",
            "metrics.a > 1;",
        })
        void malformedConjunctions(String filter) {
            rejectsRun(filter);
        }

        @Test
        void parenthesesAreRejected() {
            rejectsRun("(metrics.a > 1)").hasMessageContaining("Parentheses");
            rejectsRun("metrics.a > 1 AND (metrics.b > 1)").hasMessageContaining("Parentheses");
        }

        @Test
        void unknownEntityType() {
            rejectsRun("metricz.a > 1")
                    .hasMessageContaining("Invalid entity type 'metricz'")
                    .hasMessageContaining("metrics")
                    .hasMessageContaining("datasets");
        }

        @Test
        void unknownAttributeAndDatasetKeys() {
            rejectsRun("attributes.foo = 'x'")
                    .hasMessageContaining("Invalid attribute key 'foo' specified. Valid keys are")
                    .hasMessageContaining("run_name");
            rejectsRun("attributes.lifecycle_stage = 'active'").hasMessageContaining("'lifecycle_stage'");
            rejectsRun("datasets.source = 'x'")
                    .hasMessageContaining("Invalid dataset key 'source'")
                    .hasMessageContaining("digest");
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
            "metrics.a LIKE '1'|metric 'a'",
            "metrics.a IN ('1')|metric 'a'",
            "params.a > '1'|param 'a'",
            "params.a IN ('1')|param 'a'",
            "tags.a <= 'x'|tag 'a'",
            "tags.a NOT IN ('x')|tag 'a'",
            "attributes.status IN ('RUNNING')|attribute 'status'",
            "attributes.run_name > 'x'|attribute 'run_name'",
            "attributes.start_time LIKE '1%'|attribute 'start_time'",
            "datasets.name > 'x'|dataset 'name'",
        })
        void comparatorNotValidForKey(String filter, String subject) {
            rejectsRun(filter).hasMessageContaining("Invalid comparator").hasMessageContaining(subject)
                    .hasMessageContaining("Valid comparators are");
        }

        @ParameterizedTest
        @ValueSource(strings = {
            "metrics.a = 'x'",
            "metrics.a = abc",
            "metrics.a = 12abc",
            "attributes.start_time > '2020'",
            "attributes.created > yesterday",
            "metrics.a >",
        })
        void numericKeysNeedNumbers(String filter) {
            rejectsRun(filter).hasMessageContaining("Expected a numeric value");
        }

        @ParameterizedTest
        @ValueSource(strings = {
            "params.a = abc",
            "params.a = 1",
            "tags.a = `x`",
            "attributes.status = FINISHED",
            "datasets.name = 3",
            "params.a =",
        })
        void stringKeysNeedQuotedStrings(String filter) {
            rejectsRun(filter).hasMessageContaining("Expected a quoted string value");
        }

        @Test
        void listsOnlyWithInAndOnlyFromInKeys() {
            rejectsRun("attributes.run_id = ('a')").hasMessageContaining("only allowed with IN");
            rejectsRun("attributes.run_id IN 'a'").hasMessageContaining("parenthesised list");
            rejectsRun("attributes.run_id IN ()").hasMessageContaining("non-empty list");
            rejectsRun("attributes.run_id IN ('a', )").hasMessageContaining("quoted string in the list");
            rejectsRun("attributes.run_id IN ('a' 'b')").hasMessageContaining("',' or ')'");
            rejectsRun("attributes.run_id IN ('a', 1)").hasMessageContaining("quoted string in the list");
            rejectsRun("attributes.run_id IN ('a'").hasMessageContaining("',' or ')'");
        }

        @ParameterizedTest
        @ValueSource(strings = {
            "metrics.a ~ 1",
            "metrics.a 1",
            "params.a NOT LIKE 'x'",
            "params.a IS NULL",
            "metrics.a",
        })
        void unknownOperators(String filter) {
            rejectsRun(filter).hasMessageContaining("Valid comparators are [=, !=, <, <=, >, >=, LIKE, ILIKE, IN, NOT IN]");
        }

        @Test
        void malformedKeys() {
            rejectsRun("metrics. > 1").hasMessageContaining("Missing key name after 'metrics.'");
            rejectsRun("metrics.`` > 1").hasMessageContaining("Missing key name");
            rejectsRun("= 1").hasMessageContaining("Expected a key");
            rejectsRun("metrics.`loss > 1").hasMessageContaining("Unterminated");
            rejectsRun("tags.a = 'open").hasMessageContaining("Unterminated quoted string");
        }
    }

    @Nested
    class ExperimentFilters {
        @Test
        void attributesAndTags() {
            SearchFilter filter = SearchParser.parseExperimentFilter(
                    "name LIKE 'prod-%' AND attributes.creation_time > 100 AND attribute.last_update_time <= 5"
                            + " AND tags.`owner` = 'me' AND tag.x ILIKE '%y'");
            assertThat(filter.comparisons()).containsExactly(
                    new Comparison(EntityKind.ATTRIBUTE, "name", Comparator.LIKE, new Literal.Text("prod-%")),
                    new Comparison(EntityKind.ATTRIBUTE, "creation_time", Comparator.GT, new Literal.Number(100)),
                    new Comparison(EntityKind.ATTRIBUTE, "last_update_time", Comparator.LTE, new Literal.Number(5)),
                    new Comparison(EntityKind.TAG, "owner", Comparator.EQ, new Literal.Text("me")),
                    new Comparison(EntityKind.TAG, "x", Comparator.ILIKE, new Literal.Text("%y")));
        }

        @Test
        void blank() {
            assertThat(SearchParser.parseExperimentFilter(" ")).isEqualTo(SearchFilter.ALL);
        }

        @Test
        void errors() {
            rejectsExperiment("metrics.a > 1").hasMessageContaining("Invalid entity type 'metrics'")
                    .hasMessageContaining("experiment");
            rejectsExperiment("run.name = 'x'").hasMessageContaining("Invalid entity type 'run'");
            rejectsExperiment("attributes.experiment_id = '1'")
                    .hasMessageContaining("Invalid attribute key 'experiment_id'")
                    .hasMessageContaining("creation_time");
            rejectsExperiment("name IN ('a')").hasMessageContaining("Invalid comparator 'IN'");
            rejectsExperiment("creation_time LIKE '1'").hasMessageContaining("Invalid comparator 'LIKE'");
            rejectsExperiment("creation_time > 'x'").hasMessageContaining("Expected a numeric value");
            rejectsExperiment("tags.a > 'x'").hasMessageContaining("Invalid comparator '>'");
            rejectsExperiment("name = 'a' OR name = 'b'").hasMessageContaining("only AND");
        }
    }

    @Nested
    class OrderByTerms {
        @Test
        void runTerms() {
            assertThat(SearchParser.parseRunOrderBy(List.of(
                            "metrics.loss",
                            "metrics.`val loss` DESC",
                            "params.lr asc",
                            "tags.mlflow.runName Desc",
                            "attributes.start_time DESC",
                            "created",
                            "run_name",
                            "attr.experiment_id")))
                    .containsExactly(
                            new OrderBy(EntityKind.METRIC, "loss", true),
                            new OrderBy(EntityKind.METRIC, "val loss", false),
                            new OrderBy(EntityKind.PARAM, "lr", true),
                            new OrderBy(EntityKind.TAG, "mlflow.runName", false),
                            new OrderBy(EntityKind.ATTRIBUTE, "start_time", false),
                            new OrderBy(EntityKind.ATTRIBUTE, "start_time", true),
                            new OrderBy(EntityKind.ATTRIBUTE, "run_name", true),
                            new OrderBy(EntityKind.ATTRIBUTE, "experiment_id", true));
        }

        @Test
        void noTerms() {
            assertThat(SearchParser.parseRunOrderBy(List.of())).isEmpty();
            assertThat(SearchParser.parseRunOrderBy(null)).isEmpty();
            assertThat(SearchParser.parseExperimentOrderBy(null)).isEmpty();
        }

        @Test
        void experimentTerms() {
            assertThat(SearchParser.parseExperimentOrderBy(
                            List.of("name", "experiment_id DESC", "attributes.creation_time asc", "last_update_time")))
                    .containsExactly(
                            new OrderBy(EntityKind.ATTRIBUTE, "name", true),
                            new OrderBy(EntityKind.ATTRIBUTE, "experiment_id", false),
                            new OrderBy(EntityKind.ATTRIBUTE, "creation_time", true),
                            new OrderBy(EntityKind.ATTRIBUTE, "last_update_time", true));
        }

        @Test
        void runErrors() {
            assertInvalid(() -> SearchParser.parseRunOrderBy(List.of("metrics.a UP")))
                    .hasMessageContaining("Invalid ordering key").hasMessageContaining("ASC or DESC");
            assertInvalid(() -> SearchParser.parseRunOrderBy(List.of("metrics.a DESC extra")))
                    .hasMessageContaining("extra");
            assertInvalid(() -> SearchParser.parseRunOrderBy(List.of("metrics.a, metrics.b")))
                    .hasMessageContaining("ASC or DESC");
            assertInvalid(() -> SearchParser.parseRunOrderBy(List.of("datasets.name")))
                    .hasMessageContaining("Invalid order_by entity 'datasets'");
            assertInvalid(() -> SearchParser.parseRunOrderBy(List.of("attributes.foo")))
                    .hasMessageContaining("Invalid attribute key 'foo'");
            assertInvalid(() -> SearchParser.parseRunOrderBy(List.of("foo.bar")))
                    .hasMessageContaining("Invalid entity type 'foo'");
            assertInvalid(() -> SearchParser.parseRunOrderBy(List.of(" ")))
                    .hasMessageContaining("empty");
            assertInvalid(() -> SearchParser.parseRunOrderBy(Arrays.asList((String) null)))
                    .hasMessageContaining("empty");
            assertInvalid(() -> SearchParser.parseRunOrderBy(List.of("metrics.`a DESC")))
                    .hasMessageContaining("Unterminated");
        }

        @Test
        void experimentErrors() {
            assertInvalid(() -> SearchParser.parseExperimentOrderBy(List.of("tags.owner")))
                    .hasMessageContaining("Invalid order_by entity 'tags'");
            assertInvalid(() -> SearchParser.parseExperimentOrderBy(List.of("start_time")))
                    .hasMessageContaining("Invalid attribute key 'start_time'")
                    .hasMessageContaining("last_update_time");
            assertInvalid(() -> SearchParser.parseExperimentOrderBy(List.of("name sideways")))
                    .hasMessageContaining("ASC or DESC");
        }
    }
}
