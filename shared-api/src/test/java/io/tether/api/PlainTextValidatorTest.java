package io.tether.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlainTextValidatorTest {

    @Test
    void ordinaryText_inAnyScript_withEmojiSequences_isPlain() {
        assertThat(PlainTextValidator.isPlain("EU Ads – Müller & Söhne <main> 'q'", false)).isTrue();
        assertThat(PlainTextValidator.isPlain("東京 مرحبا 👩\u200D💻", false)).isTrue();
        assertThat(PlainTextValidator.isPlain(null, false)).isTrue();
    }

    @Test
    void controlInvisibleAndBidirectionalCharacters_andUnpairedSurrogates_areNot() {
        for (String hostile : List.of("a\u0000b", "bell\u0007", "next\u0085", "\u202Eexe.txt", "\u2066isolate",
                "zero\u200Bwidth", "bom\uFEFF", "lone\uD800", "low\uDC00")) {
            assertThat(PlainTextValidator.isPlain(hostile, true)).as(hostile).isFalse();
        }
    }

    @Test
    void lineBreaksAndTabs_areAllowedOnlyInMultilineText() {
        assertThat(PlainTextValidator.isPlain("line\nbreak\ttab", true)).isTrue();
        assertThat(PlainTextValidator.isPlain("line\nbreak", false)).isFalse();
    }

    @Test
    void mapsAndCollections_areCheckedThroughout_keysAlwaysSingleLine() {
        assertThat(PlainTextValidator.isPlain(Map.of("channel", List.of("#ok", Map.of("deep", "fine"))), true)).isTrue();
        assertThat(PlainTextValidator.isPlain(Map.of("channel", List.of("#ok", Map.of("deep", "nul\u0000"))), true)).isFalse();
        assertThat(PlainTextValidator.isPlain(Map.of("key\nbreak", "value"), true)).isFalse();
        assertThat(PlainTextValidator.isPlain(Map.of("count", 3, "on", true), false)).isTrue();
    }
}
