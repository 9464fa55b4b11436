package org.claimscope.annotation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.claimscope.common.InvalidInputException;
import org.junit.jupiter.api.Test;

/** Offsets are Unicode code points, whatever UTF-16 does underneath. */
class CodePointTextTest {

    @Test
    void emojiCountOncePerCodePoint() {
        // 🇺🇳 is two regional indicators (two code points, four UTF-16 units); 👍🏽 is a thumb and a skin tone.
        CodePointText text = new CodePointText("UN 🇺🇳 says 👍🏽 ok");
        assertThat(text.length()).isEqualTo(16);
        assertThat(text.quote(3, 5)).isEqualTo("🇺🇳");
        assertThat(text.quote(11, 13)).isEqualTo("👍🏽");
        assertThat(text.quote(15, 16)).isEqualTo("k");
        assertThat(text.toCharIndex(5)).isEqualTo(7);
        assertThat(text.toCodePointOffset(7)).isEqualTo(5);
    }

    @Test
    void composedAndDecomposedAccentsAreDifferentLengths() {
        CodePointText composed = new CodePointText("caf\u00e9 crimes");
        CodePointText decomposed = new CodePointText("cafe\u0301 crimes");
        assertThat(composed.quote(0, 4)).isEqualTo("caf\u00e9");
        assertThat(decomposed.quote(0, 5)).isEqualTo("cafe\u0301");
        assertThat(decomposed.length()).isEqualTo(composed.length() + 1);
    }

    @Test
    void rightToLeftTextIsAddressedInLogicalOrder() {
        CodePointText text = new CodePointText("Experts: \u05e4\u05e9\u05e2\u05d9 \u05de\u05dc\u05d7\u05de\u05d4 (war crimes)");
        assertThat(text.quote(9, 13)).isEqualTo("\u05e4\u05e9\u05e2\u05d9");
        assertThat(text.quote(14, 19)).isEqualTo("\u05de\u05dc\u05d7\u05de\u05d4");
    }

    @Test
    void spansOutsideTheTextNameTheirField() {
        CodePointText text = new CodePointText("🇺🇸 strike");
        assertThatThrownBy(() -> text.quote(-1, 2)).isInstanceOf(InvalidInputException.class)
                .extracting("field").isEqualTo("start");
        assertThatThrownBy(() -> text.quote(0, 10)).isInstanceOf(InvalidInputException.class)
                .extracting("field").isEqualTo("end");
        assertThatThrownBy(() -> text.quote(3, 3)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("before");
        assertThat(text.quote(0, 9)).isEqualTo("🇺🇸 strike");
    }
}
