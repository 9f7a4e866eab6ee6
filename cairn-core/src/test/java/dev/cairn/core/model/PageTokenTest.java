package dev.cairn.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.error.CairnException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class PageTokenTest {
    @Test
    void roundTripsInMlflowFormat() {
        String token = new PageToken(100).encode();
        assertThat(new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8)).isEqualTo("{\"offset\": 100}");
        assertThat(PageToken.parse(token).offset()).isEqualTo(100);
        assertThat(PageToken.parse(null)).isEqualTo(PageToken.FIRST);
        assertThat(PageToken.parse("")).isEqualTo(PageToken.FIRST);
    }

    @Test
    void garbageIsAUserError() {
        assertThatThrownBy(() -> PageToken.parse("%%%")).isInstanceOf(CairnException.class);
        assertThatThrownBy(() -> PageToken.parse(Base64.getEncoder().encodeToString("{\"offset\": -1}".getBytes())))
                .isInstanceOf(CairnException.class);
    }
}
