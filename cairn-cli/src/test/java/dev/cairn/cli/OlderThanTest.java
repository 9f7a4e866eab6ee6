package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class OlderThanTest {
    @Test
    void readsMlflowsFormat() {
        assertThat(OlderThan.parse("0s")).isEqualTo(Duration.ZERO);
        assertThat(OlderThan.parse("30d")).isEqualTo(Duration.ofDays(30));
        assertThat(OlderThan.parse("1d2h3m4s")).isEqualTo(Duration.ofDays(1).plusHours(2).plusMinutes(3).plusSeconds(4));
        assertThat(OlderThan.parse("2m4s")).isEqualTo(Duration.ofSeconds(124));
        assertThat(OlderThan.parse("1.5h")).isEqualTo(Duration.ofMinutes(90));
        assertThat(OlderThan.parse("1.2d3h4m5s")).isEqualTo(Duration.ofMillis(103_680_000L + 3 * 3_600_000L + 4 * 60_000L + 5_000L));
        assertThat(OlderThan.parse(".5s")).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void refusesAnythingElse() {
        for (String bad : new String[] {"", " ", "3x", "1h2d", "d", "-1d", "1 d", "1d1d", "10", "1e3s", "P1D"}) {
            assertThatThrownBy(() -> OlderThan.parse(bad)).as(bad)
                    .isInstanceOf(TypeConversionException.class).hasMessageContaining("2d8h5m20s");
        }
        assertThatThrownBy(() -> OlderThan.parse("99999999d")).isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("ten thousand years");
    }
}
