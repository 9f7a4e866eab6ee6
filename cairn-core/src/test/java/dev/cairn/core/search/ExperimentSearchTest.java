package dev.cairn.core.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.error.CairnException;
import dev.cairn.core.model.Experiment;
import dev.cairn.core.model.ExperimentId;
import dev.cairn.core.model.LifecycleStage;
import dev.cairn.core.model.Tag;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link ExperimentMatcher} and {@link ExperimentOrdering}. */
class ExperimentSearchTest {
    private static Experiment experiment(String id, String name, long created, long updated, Tag... tags) {
        return new Experiment(ExperimentId.of(id), name, "file:///a/" + id, LifecycleStage.ACTIVE, created, updated,
                List.of(tags));
    }

    @Nested
    class Matching {
        private final Experiment prod = experiment("3", "Prod-Churn", 1000, 5000, new Tag("owner", "Ops"),
                new Tag("tier", "gold"));

        private boolean matches(String filter) {
            return ExperimentMatcher.of(SearchParser.parseExperimentFilter(filter)).test(prod);
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
            "''|true",
            "name = 'Prod-Churn'|true",
            "name = 'prod-churn'|false",
            "attributes.name != 'x'|true",
            "name LIKE 'Prod-%'|true",
            "name LIKE 'prod-%'|false",
            "name ILIKE 'prod-%'|true",
            "creation_time = 1000|true",
            "creation_time > 1000|false",
            "attributes.creation_time >= 1000 AND last_update_time < 5001|true",
            "last_update_time != 5000|false",
            "tags.owner = 'Ops'|true",
            "tags.owner ILIKE 'ops'|true",
            "tags.owner != 'Ops'|false",
            "tags.tier LIKE 'g%' AND tags.owner = 'Ops'|true",
            "tags.missing != 'x'|false",
            "tags.missing LIKE '%'|false",
        })
        void filters(String filter, boolean expected) {
            assertThat(matches(filter)).isEqualTo(expected);
        }

        @Test
        void rejectsComparisonsExperimentsDoNotHave() {
            assertThatThrownBy(() -> ExperimentMatcher.of(new SearchFilter(List.of(
                            new Comparison(EntityKind.METRIC, "a", Comparator.EQ, new Literal.Number(1))))))
                    .isInstanceOf(CairnException.class)
                    .hasMessageContaining("metric");
            assertThatThrownBy(() -> ExperimentMatcher.of(new SearchFilter(List.of(
                            new Comparison(EntityKind.ATTRIBUTE, "experiment_id", Comparator.EQ, new Literal.Text("1"))))))
                    .isInstanceOf(CairnException.class)
                    .hasMessageContaining("experiment_id");
            assertThat(ExperimentMatcher.matches(SearchFilter.ALL, prod)).isTrue();
        }
    }

    @Nested
    class Ordering {
        private final Experiment e1 = experiment("1", "beta", 100, 900);
        private final Experiment e2 = experiment("2", "alpha", 300, 100);
        private final Experiment e10 = experiment("10", "Gamma", 300, 500);
        private final Experiment e9 = experiment("9", "alpha", 200, 500);

        private List<String> sorted(List<String> orderBy) {
            List<Experiment> list = new ArrayList<>(List.of(e1, e2, e10, e9));
            Collections.shuffle(list, new Random(7));
            list.sort(ExperimentOrdering.of(SearchParser.parseExperimentOrderBy(orderBy)));
            return list.stream().map(e -> e.experimentId().value()).toList();
        }

        @Test
        void defaultIsCreationTimeDescThenExperimentIdAsc() {
            assertThat(sorted(List.of())).containsExactly("2", "10", "9", "1");
        }

        @Test
        void explicitTermsGetExperimentIdDescAsTieBreaker() {
            assertThat(sorted(List.of("name"))).containsExactly("10", "9", "2", "1");
            assertThat(sorted(List.of("last_update_time DESC"))).containsExactly("1", "10", "9", "2");
            assertThat(sorted(List.of("creation_time"))).containsExactly("1", "9", "10", "2");
        }

        @Test
        void experimentIdIsNumeric() {
            assertThat(sorted(List.of("experiment_id"))).containsExactly("1", "2", "9", "10");
            assertThat(sorted(List.of("experiment_id DESC"))).containsExactly("10", "9", "2", "1");
        }

        @Test
        void effectiveTerms() {
            assertThat(ExperimentOrdering.effectiveTerms(List.of())).isEqualTo(ExperimentOrdering.DEFAULT);
            OrderBy name = new OrderBy(EntityKind.ATTRIBUTE, "name", true);
            OrderBy id = new OrderBy(EntityKind.ATTRIBUTE, "experiment_id", true);
            assertThat(ExperimentOrdering.effectiveTerms(List.of(name)))
                    .containsExactly(name, new OrderBy(EntityKind.ATTRIBUTE, "experiment_id", false));
            assertThat(ExperimentOrdering.effectiveTerms(List.of(id, name))).containsExactly(id, name);
        }

        @Test
        void unorderableTermsAreRejected() {
            assertThatThrownBy(() -> ExperimentOrdering.of(List.of(new OrderBy(EntityKind.TAG, "x", true))))
                    .isInstanceOf(CairnException.class)
                    .hasMessageContaining("tag");
            assertThatThrownBy(() -> ExperimentOrdering.of(List.of(new OrderBy(EntityKind.ATTRIBUTE, "owner", true))))
                    .isInstanceOf(CairnException.class)
                    .hasMessageContaining("owner");
        }
    }
}
