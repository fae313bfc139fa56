package io.tether.infrastructure.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/** The header checks pass and fail exactly what Spring Security's default firewall does, for every code point. */
class HeaderCharactersTest {

    @Test
    void everyCodePoint_isAllowedInANameAndAValue_asTheDefaultFirewallAllowsIt() {
        assertThat(disagreements(HeaderCharacters::allowedInName, StrictHttpFirewall.ALLOWED_HEADER_NAMES)).isEmpty();
        assertThat(disagreements(HeaderCharacters::allowedInValue, StrictHttpFirewall.ALLOWED_HEADER_VALUES)).isEmpty();
    }

    @Test
    void whatTheyAllowAndRefuse() {
        String bearer = "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ3b3JrZXIifQ.c2lnbmF0dXJl";
        assertThat(HeaderCharacters.allowedInValue(bearer)).isTrue();
        assertThat(HeaderCharacters.allowedInValue("a\tb")).as("a tab in a value").isTrue();
        assertThat(HeaderCharacters.allowedInName("a\tb")).as("a tab in a name").isFalse();
        assertThat(HeaderCharacters.allowedInValue("caf\u00e9 \ud83d\ude00")).isTrue();
        assertThat(HeaderCharacters.allowedInValue("a\u0085b")).as("a C1 control (NEL)").isFalse();
        assertThat(HeaderCharacters.allowedInValue("a\u0000b")).isFalse();
        assertThat(HeaderCharacters.allowedInValue("a\u0378b")).as("an unassigned code point").isFalse();
        assertThat(HeaderCharacters.allowedInValue("")).isTrue();
    }

    @Test
    void longerTexts_andLoneSurrogates_agreeWithTheDefaultFirewall() {
        List<String> texts = List.of("", "X-Request-Id", "Bearer " + "abc.DEF-_".repeat(60), "a\tb", "\t",
                "\ud83d", "x\ude00y", "\ud83d\ude00", "ok\u007f", "text/html, application/json;q=0.9", "\u2028",
                "é" + "\u0085".repeat(3), "\uffff", "\ufffd");
        for (String text : texts) {
            assertThat(HeaderCharacters.allowedInName(text)).as("name %s", text)
                    .isEqualTo(StrictHttpFirewall.ALLOWED_HEADER_NAMES.test(text));
            assertThat(HeaderCharacters.allowedInValue(text)).as("value %s", text)
                    .isEqualTo(StrictHttpFirewall.ALLOWED_HEADER_VALUES.test(text));
        }
    }

    /** The code points, each alone and between two letters, that the two checks judge differently. */
    private static List<String> disagreements(Predicate<String> ours, Predicate<String> firewalls) {
        List<String> differing = new ArrayList<>();
        for (int codePoint = 0; codePoint <= Character.MAX_CODE_POINT; codePoint++) {
            String alone = Character.toString(codePoint);
            for (String text : new String[] {alone, "a" + alone + "b"}) {
                if (ours.test(text) != firewalls.test(text)) {
                    differing.add(String.format("U+%04X", codePoint));
                }
            }
        }
        return differing;
    }
}
