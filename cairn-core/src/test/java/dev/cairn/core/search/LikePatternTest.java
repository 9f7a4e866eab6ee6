package dev.cairn.core.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LikePatternTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "abc|abc|true",
        "abc|abcd|false",
        "abc|ABC|false",
        "a%|a|true",
        "a%|abc|true",
        "a%|ba|false",
        "%c|abc|true",
        "%b%|abc|true",
        "%b%|ac|false",
        "a_c|abc|true",
        "a_c|ac|false",
        "a_c|abbc|false",
        "___|abc|true",
        "%|''|true",
        "''|''|true",
        "''|a|false",
        "a.c|abc|false",
        "a.c|a.c|true",
        "a*|aaa|false",
        "[ab]|a|false",
        "[ab]|[ab]|true",
        "(x)+|(x)+|true",
        "$^|$^|true",
        "\\Q%\\E|\\Qz\\E|true",
    })
    void like(String pattern, String value, boolean expected) {
        assertThat(LikePattern.like(pattern).matches(value)).isEqualTo(expected);
    }

    @Test
    void escapes() {
        assertThat(LikePattern.like("100\\%").matches("100%")).isTrue();
        assertThat(LikePattern.like("100\\%").matches("1000")).isFalse();
        assertThat(LikePattern.like("a\\_b").matches("a_b")).isTrue();
        assertThat(LikePattern.like("a\\_b").matches("axb")).isFalse();
        assertThat(LikePattern.like("a\\\\b").matches("a\\b")).isTrue();
        assertThat(LikePattern.like("a\\\\%").matches("a\\anything")).isTrue();
        // A backslash before an ordinary character, or at the end, is literal.
        assertThat(LikePattern.like("a\\b").matches("a\\b")).isTrue();
        assertThat(LikePattern.like("a\\").matches("a\\")).isTrue();
    }

    @Test
    void ilikeIgnoresCaseIncludingNonAscii() {
        assertThat(LikePattern.ilike("ABC%").matches("abcdef")).isTrue();
        assertThat(LikePattern.ilike("%ÉTÉ").matches("l'été")).isTrue();
        assertThat(LikePattern.like("%ÉTÉ").matches("l'été")).isFalse();
        assertThat(LikePattern.ilike("a_c").matches("AXC")).isTrue();
    }

    @Test
    void wildcardsSpanLineBreaksAndCodePoints() {
        assertThat(LikePattern.like("a%b").matches("a\nline\nb")).isTrue();
        assertThat(LikePattern.like("a_b").matches("a\nb")).isTrue();
        assertThat(LikePattern.like("a_b").matches("a\uD83D\uDE00b")).isTrue(); // one code point, two chars
    }

    @Test
    void regexAndAccessors() {
        assertThat(LikePattern.toRegex("a%b_")).isEqualTo("\\Qa\\E.*\\Qb\\E.");
        assertThat(LikePattern.toRegex("")).isEmpty();
        LikePattern p = LikePattern.ilike("x%");
        assertThat(p.pattern()).isEqualTo("x%");
        assertThat(p.caseInsensitive()).isTrue();
        assertThat(p).hasToString("ILIKE x%");
        assertThatThrownBy(() -> LikePattern.like(null)).isInstanceOf(NullPointerException.class);
    }
}
