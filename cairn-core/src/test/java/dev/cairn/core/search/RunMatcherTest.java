package dev.cairn.core.search;

import static dev.cairn.core.search.RunFixtures.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;
import dev.cairn.core.model.Run;
import dev.cairn.core.model.RunStatus;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RunMatcherTest {
    private static final Run RUN = run("0a1b2c")
            .name("lucky-cat")
            .user("alice")
            .status(RunStatus.FINISHED)
            .start(1_700_000_000_000L)
            .end(1_700_000_100_000L)
            .artifactUri("s3://bucket/0a1b2c/artifacts")
            .metric("loss", 0.25)
            .metric("acc", 0.9)
            .metric("inf", Double.POSITIVE_INFINITY)
            .metric("nan", Double.NaN)
            .param("lr", "0.01")
            .param("model", "ResNet-50")
            .tag("mlflow.runName", "lucky-cat")
            .tag("team", "Vision")
            .dataset("train-set", "d1", "training")
            .dataset("eval-set", "d2", "eval")
            .build();

    private static boolean matches(String filter, Run run) {
        return RunMatcher.of(SearchParser.parseRunFilter(filter)).test(run);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''|true",
        "metrics.loss = 0.25|true",
        "metrics.loss != 0.25|false",
        "metrics.loss < 0.3|true",
        "metrics.loss <= 0.25|true",
        "metrics.loss > 0.25|false",
        "metrics.loss >= 0.25|true",
        "metrics.acc > 0.5 AND metrics.loss < 0.5|true",
        "metrics.acc > 0.5 AND metrics.loss > 0.5|false",
        "metrics.inf > 1e308|true",
        "metrics.inf = 1|false",
        "metrics.nan = 0|false",
        "metrics.nan > 0|false",
        "metrics.nan < 0|false",
        "metrics.nan != 0|true",
        "params.lr = '0.01'|true",
        "params.lr = '0.010'|false",
        "params.lr != '0.1'|true",
        "params.model LIKE 'ResNet%'|true",
        "params.model LIKE 'resnet%'|false",
        "params.model ILIKE 'resnet%'|true",
        "params.model LIKE '%Net-__'|true",
        "params.model LIKE '%Net-_'|false",
        "tags.team = 'Vision'|true",
        "tags.team = 'vision'|false",
        "tags.team ILIKE 'VISION'|true",
        "tags.`mlflow.runName` = 'lucky-cat'|true",
        "tags.team != 'Audio'|true",
    })
    void metricsParamsTags(String filter, boolean expected) {
        assertThat(matches(filter, RUN)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "metrics.missing != 1",
        "metrics.missing < 1",
        "params.missing != 'x'",
        "params.missing LIKE '%'",
        "tags.missing != 'x'",
        "tags.missing ILIKE '%'",
    })
    void missingKeysNeverMatchEvenNotEquals(String filter) {
        assertThat(matches(filter, RUN)).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "attributes.run_id = '0a1b2c'|true",
        "attributes.run_id IN ('x', '0a1b2c')|true",
        "attributes.run_id IN ('x', 'y')|false",
        "attributes.run_id NOT IN ('x', 'y')|true",
        "attributes.run_id NOT IN ('0a1b2c')|false",
        "attributes.run_id LIKE '0a%'|true",
        "attributes.run_id ILIKE '0A1B2C'|true",
        "attributes.run_id = '0A1B2C'|false",
        "attributes.run_name = 'lucky-cat'|true",
        "attributes.`Run name` LIKE 'lucky%'|true",
        "attributes.status = 'FINISHED'|true",
        "attributes.status != 'RUNNING'|true",
        "attributes.status = 'finished'|false",
        "attributes.status ILIKE 'finished'|true",
        "attributes.user_id = 'alice'|true",
        "attributes.artifact_uri LIKE 's3://bucket/%'|true",
        "attributes.start_time = 1700000000000|true",
        "attributes.created > 1699999999999|true",
        "start_time >= 1700000000001|false",
        "attributes.end_time < 1700000100001|true",
        "attributes.end_time != 5|true",
    })
    void attributes(String filter, boolean expected) {
        assertThat(matches(filter, RUN)).isEqualTo(expected);
    }

    @Test
    void unsetAttributesNeverMatch() {
        Run running = run("r").name(null).user(null).artifactUri(null).end(null).status(RunStatus.RUNNING).build();
        assertThat(matches("attributes.end_time != 0", running)).isFalse();
        assertThat(matches("attributes.end_time > 0", running)).isFalse();
        assertThat(matches("attributes.run_name != 'x'", running)).isFalse();
        assertThat(matches("attributes.user_id LIKE '%'", running)).isFalse();
        assertThat(matches("attributes.artifact_uri != 'x'", running)).isFalse();
        assertThat(matches("attributes.status = 'RUNNING'", running)).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "datasets.name = 'train-set'|true",
        "datasets.name = 'test-set'|false",
        "datasets.name IN ('a', 'eval-set')|true",
        "datasets.name NOT IN ('train-set', 'eval-set')|false",
        "datasets.name NOT IN ('train-set')|true",
        "datasets.name != 'train-set'|true",
        "datasets.digest = 'd2'|true",
        "datasets.digest LIKE 'd%'|true",
        "datasets.context = 'eval'|true",
        "datasets.context ILIKE 'TRAIN%'|true",
        "datasets.context = 'test'|false",
        "datasets.name = 'train-set' AND datasets.context = 'eval'|true",
    })
    void datasetsMatchWhenSomeInputMatches(String filter, boolean expected) {
        assertThat(matches(filter, RUN)).isEqualTo(expected);
    }

    @Test
    void runsWithoutDatasetsOrContextNeverMatchDatasetComparisons() {
        Run bare = run("b").build();
        assertThat(matches("datasets.name != 'x'", bare)).isFalse();
        assertThat(matches("datasets.name NOT IN ('x')", bare)).isFalse();
        Run noContext = run("c").dataset("train", "d", null).build();
        assertThat(matches("datasets.context != 'x'", noContext)).isFalse();
        assertThat(matches("datasets.name = 'train'", noContext)).isTrue();
    }

    @Test
    void latestMetricWinsWhenSeveralPointsArePresent() {
        Run run = run("m").metric("loss", 5.0, 10, 1).metric("loss", 3.0, 5, 2).metric("loss", 4.0, 1, 0).build();
        assertThat(matches("metrics.loss = 3", run)).isTrue();
        assertThat(matches("metrics.loss = 5", run)).isFalse();
        Run sameStep = run("n").metric("loss", 1.0, 10, 1).metric("loss", 2.0, 20, 1).build();
        assertThat(matches("metrics.loss = 2", sameStep)).isTrue();
    }

    @Test
    void filtersAListOfRuns() {
        List<Run> runs = List.of(
                run("a").metric("acc", 0.8).build(),
                run("b").metric("acc", 0.95).build(),
                run("c").build());
        RunMatcher matcher = RunMatcher.of(SearchParser.parseRunFilter("metrics.acc > 0.9"));
        assertThat(runs.stream().filter(matcher).map(r -> r.info().runId().value())).containsExactly("b");
        assertThat(matcher.filter().comparisons()).hasSize(1);
        assertThat(RunMatcher.matches(SearchFilter.ALL, runs.get(2))).isTrue();
    }

    @Test
    void handBuiltComparisonsOfTheWrongShapeAreRejected() {
        assertInvalid(new Comparison(EntityKind.METRIC, "a", Comparator.EQ, new Literal.Text("1")));
        assertInvalid(new Comparison(EntityKind.METRIC, "a", Comparator.LIKE, new Literal.Number(1)));
        assertInvalid(new Comparison(EntityKind.PARAM, "a", Comparator.EQ, new Literal.Number(1)));
        assertInvalid(new Comparison(EntityKind.PARAM, "a", Comparator.GT, new Literal.Text("1")));
        assertInvalid(new Comparison(EntityKind.ATTRIBUTE, "run_id", Comparator.IN, new Literal.Text("1")));
        assertInvalid(new Comparison(EntityKind.ATTRIBUTE, "lifecycle_stage", Comparator.EQ, new Literal.Text("x")));
        assertInvalid(new Comparison(EntityKind.DATASET, "source", Comparator.EQ, new Literal.Text("x")));
    }

    private static void assertInvalid(Comparison comparison) {
        assertThatThrownBy(() -> RunMatcher.of(new SearchFilter(List.of(comparison))))
                .isInstanceOf(CairnException.class)
                .satisfies(e -> assertThat(((CairnException) e).code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE));
    }
}
