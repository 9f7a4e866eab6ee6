package dev.cairn.core.search;

import static dev.cairn.core.search.RunFixtures.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.error.CairnException;
import dev.cairn.core.model.Run;
import dev.cairn.core.model.RunStatus;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RunOrderingTest {

    private static List<String> sorted(List<String> orderBy, Run... runs) {
        List<Run> list = new ArrayList<>(List.of(runs));
        // Shuffle so the result cannot depend on the input order.
        Collections.shuffle(list, new Random(42));
        list.sort(RunOrdering.of(SearchParser.parseRunOrderBy(orderBy)));
        return list.stream().map(r -> r.info().runId().value()).toList();
    }

    @Test
    void defaultIsStartTimeDescThenRunIdAsc() {
        assertThat(sorted(List.of(),
                        run("b").start(100).build(),
                        run("a").start(100).build(),
                        run("c").start(300).build(),
                        run("d").start(200).build()))
                .containsExactly("c", "d", "a", "b");
    }

    @Test
    void missingMetricsSortLastInBothDirections() {
        Run low = run("low").metric("loss", 0.1).build();
        Run high = run("high").metric("loss", 0.9).build();
        Run none = run("none").build();
        assertThat(sorted(List.of("metrics.loss ASC"), low, high, none)).containsExactly("low", "high", "none");
        assertThat(sorted(List.of("metrics.loss DESC"), low, high, none)).containsExactly("high", "low", "none");
    }

    @Test
    void nanSortsAfterEveryNumberInBothDirectionsAndBeforeMissing() {
        Run nan = run("nan").metric("m", Double.NaN).build();
        Run inf = run("inf").metric("m", Double.POSITIVE_INFINITY).build();
        Run ninf = run("ninf").metric("m", Double.NEGATIVE_INFINITY).build();
        Run zero = run("zero").metric("m", 0.0).build();
        Run none = run("none").build();
        assertThat(sorted(List.of("metrics.m"), nan, inf, ninf, zero, none))
                .containsExactly("ninf", "zero", "inf", "nan", "none");
        assertThat(sorted(List.of("metrics.m DESC"), nan, inf, ninf, zero, none))
                .containsExactly("inf", "zero", "ninf", "nan", "none");
    }

    @Test
    void nansTieSoTieBreakersDecide() {
        Run older = run("older").start(1).metric("m", Double.NaN).build();
        Run newer = run("newer").start(2).metric("m", Double.NaN).build();
        Run one = run("one").start(0).metric("m", 1).build();
        assertThat(sorted(List.of("metrics.m DESC"), older, one, newer)).containsExactly("one", "newer", "older");
        assertThat(sorted(List.of("metrics.m ASC"), older, one, newer)).containsExactly("one", "newer", "older");
    }

    @Test
    void negativeZeroEqualsZeroSoTieBreakersDecide() {
        Run a = run("a").start(1).metric("m", -0.0).build();
        Run b = run("b").start(2).metric("m", 0.0).build();
        assertThat(sorted(List.of("metrics.m"), a, b)).containsExactly("b", "a");
    }

    @Test
    void tieBreakersFollowTheRequestedTerms() {
        Run a = run("a").start(5).metric("m", 1).build();
        Run b = run("b").start(9).metric("m", 1).build();
        Run c = run("c").start(9).metric("m", 1).build();
        Run d = run("d").start(9).metric("m", 0).build();
        assertThat(sorted(List.of("metrics.m DESC"), a, b, c, d)).containsExactly("b", "c", "a", "d");
        // Runs missing the value tie with each other and are ordered by the tie-breakers.
        Run x = run("x").start(1).build();
        Run y = run("y").start(2).build();
        assertThat(sorted(List.of("metrics.m DESC"), x, y, d)).containsExactly("d", "y", "x");
    }

    @Test
    void severalTermsApplyInOrder() {
        Run a = run("a").param("model", "cnn").metric("acc", 0.5).build();
        Run b = run("b").param("model", "cnn").metric("acc", 0.7).build();
        Run c = run("c").param("model", "mlp").metric("acc", 0.9).build();
        Run d = run("d").metric("acc", 1.0).build();
        assertThat(sorted(List.of("params.model", "metrics.acc DESC"), a, b, c, d))
                .containsExactly("b", "a", "c", "d");
        assertThat(sorted(List.of("params.model DESC", "metrics.acc"), a, b, c, d))
                .containsExactly("c", "a", "b", "d");
    }

    @Test
    void paramsAndTagsCompareAsStringsByCodePoint() {
        Run ten = run("ten").param("n", "10").tag("t", "b").build();
        Run nine = run("nine").param("n", "9").tag("t", "B").build();
        Run two = run("two").param("n", "2").tag("t", "\uD83D\uDE00").build(); // U+1F600
        Run none = run("none").tag("t", "\uFFFD").build();
        assertThat(sorted(List.of("params.n"), ten, nine, two, none)).containsExactly("ten", "two", "nine", "none");
        // Upper case before lower case; a supplementary character after U+FFFD (String.compareTo would not).
        assertThat(sorted(List.of("tags.t"), ten, nine, two, none)).containsExactly("nine", "ten", "none", "two");
    }

    @Test
    void attributes() {
        Run a = run("a").name("beta").status(RunStatus.RUNNING).start(3).end(null).user("zed").artifactUri(null)
                .experiment("10").build();
        Run b = run("b").name("alpha").status(RunStatus.FAILED).start(1).end(50L).user("amy").artifactUri("s3://b")
                .experiment("9").build();
        Run c = run("c").name(null).status(RunStatus.FINISHED).start(2).end(40L).user(null).artifactUri("s3://a")
                .experiment("10").build();
        assertThat(sorted(List.of("attributes.run_name"), a, b, c)).containsExactly("b", "a", "c");
        assertThat(sorted(List.of("attributes.run_name DESC"), a, b, c)).containsExactly("a", "b", "c");
        assertThat(sorted(List.of("attributes.status"), a, b, c)).containsExactly("b", "c", "a");
        assertThat(sorted(List.of("attributes.start_time"), a, b, c)).containsExactly("b", "c", "a");
        assertThat(sorted(List.of("created DESC"), a, b, c)).containsExactly("a", "c", "b");
        assertThat(sorted(List.of("attributes.end_time"), a, b, c)).containsExactly("c", "b", "a");
        assertThat(sorted(List.of("attributes.end_time DESC"), a, b, c)).containsExactly("b", "c", "a");
        assertThat(sorted(List.of("attributes.user_id DESC"), a, b, c)).containsExactly("a", "b", "c");
        assertThat(sorted(List.of("attributes.artifact_uri"), a, b, c)).containsExactly("c", "b", "a");
        assertThat(sorted(List.of("attributes.run_id DESC"), a, b, c)).containsExactly("c", "b", "a");
        // Experiment ids are numeric: 9 < 10.
        assertThat(sorted(List.of("attributes.experiment_id"), a, b, c)).containsExactly("b", "a", "c");
    }

    @Test
    void effectiveTermsAppendTheTieBreakers() {
        OrderBy loss = new OrderBy(EntityKind.METRIC, "loss", true);
        assertThat(RunOrdering.effectiveTerms(List.of(loss))).containsExactly(
                loss,
                new OrderBy(EntityKind.ATTRIBUTE, "start_time", false),
                new OrderBy(EntityKind.ATTRIBUTE, "run_id", true));
        assertThat(RunOrdering.effectiveTerms(List.of())).isEqualTo(RunOrdering.TIE_BREAKERS);
    }

    @Test
    void unorderableTermsAreRejected() {
        assertThatThrownBy(() -> RunOrdering.of(List.of(new OrderBy(EntityKind.DATASET, "name", true))))
                .isInstanceOf(CairnException.class)
                .hasMessageContaining("datasets");
        assertThatThrownBy(() -> RunOrdering.of(List.of(new OrderBy(EntityKind.ATTRIBUTE, "lifecycle_stage", true))))
                .isInstanceOf(CairnException.class)
                .hasMessageContaining("lifecycle_stage");
    }
}
