package dev.cairn.core.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;
import dev.cairn.core.model.Metric;
import dev.cairn.core.model.Param;
import dev.cairn.core.model.Tag;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ValidationTest {
    @ParameterizedTest
    @ValueSource(strings = {"loss", "a/b", "val loss", "x.y-z", "t:1", "épsilon"})
    void acceptsMlflowKeys(String key) {
        assertThatCode(() -> Validation.metricName(key)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "../x", "a/../b", "/abs", "a//b", "./a", "a/", "x$", "a\\b", "semi;colon"})
    void rejectsKeysThatAreNotFileSafe(String key) {
        assertThatThrownBy(() -> Validation.paramName(key))
                .isInstanceOf(CairnException.class)
                .satisfies(e -> assertThat(((CairnException) e).code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE));
    }

    @Test
    void keyLengthLimit() {
        assertThatCode(() -> Validation.tagName("k".repeat(250))).doesNotThrowAnyException();
        assertThatThrownBy(() -> Validation.tagName("k".repeat(251))).hasMessageContaining("250");
    }

    @Test
    void valueLimits() {
        assertThatCode(() -> Validation.param(new Param("p", "v".repeat(6000)))).doesNotThrowAnyException();
        assertThatThrownBy(() -> Validation.param(new Param("p", "v".repeat(6001)))).hasMessageContaining("6000");
        assertThatCode(() -> Validation.runTag(new Tag("t", "v".repeat(8000)))).doesNotThrowAnyException();
        assertThatThrownBy(() -> Validation.runTag(new Tag("t", "v".repeat(8001)))).hasMessageContaining("8000");
        assertThatThrownBy(() -> Validation.experimentName("n".repeat(501))).hasMessageContaining("500");
        assertThatThrownBy(() -> Validation.experimentName(" ")).hasMessageContaining("Invalid experiment name");
    }

    @Test
    void batchLimits() {
        List<Metric> metrics = IntStream.range(0, 1001).mapToObj(i -> new Metric("m", i, 0, i)).toList();
        assertThatThrownBy(() -> Validation.batch(metrics, List.of(), List.of())).hasMessageContaining("at most 1000 metrics");
        List<Param> params = IntStream.range(0, 101).mapToObj(i -> new Param("p" + i, "v")).toList();
        assertThatThrownBy(() -> Validation.batch(List.of(), params, List.of())).hasMessageContaining("at most 100 params");
        List<Tag> tags = Collections.nCopies(101, new Tag("t", "v"));
        assertThatThrownBy(() -> Validation.batch(List.of(), List.of(), tags)).hasMessageContaining("at most 100 tags");
    }

    @Test
    void duplicateParamKeysWithDifferentValuesAreRefused() {
        assertThatCode(() -> Validation.batch(List.of(), List.of(new Param("a", "1"), new Param("a", "1")), List.of()))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> Validation.batch(List.of(), List.of(new Param("a", "1"), new Param("a", "2")), List.of()))
                .hasMessageContaining("Duplicate parameter keys").hasMessageContaining("[a]");
    }

    @Test
    void nonFiniteMetricValuesAreAccepted() {
        assertThatCode(() -> Validation.batch(List.of(new Metric("m", Double.NaN, 1, 0),
                new Metric("m", Double.POSITIVE_INFINITY, 1, 1)), List.of(), List.of())).doesNotThrowAnyException();
    }
}
