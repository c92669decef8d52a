package jpm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What an app's line looks like on the operator's terminal: one row per kind of byte. */
class TerminalEscapesTest {
    static byte[] hex(String h) {
        return HexFormat.of().parseHex(h.replace(" ", ""));
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static Stream<Arguments> rows() {
        return Stream.of(
                arguments("plain ASCII", utf8("GET / 200 in 3 ms"), "GET / 200 in 3 ms"),
                arguments("a tab is layout: kept", utf8("a\tb"), "a\tb"),
                arguments("OSC window title", utf8("\u001b]0;pwned\u0007x"), "\\x1b]0;pwned\\x07x"),
                arguments("SGR colors", utf8("\u001b[31mred\u001b[0m"), "\\x1b[31mred\\x1b[0m"),
                arguments("a bare CR would overwrite the line", utf8("progress 10%\rprogress 20%"), "progress 10%\\rprogress 20%"),
                arguments("CRLF line ending", utf8("dos line\r"), "dos line\\r"),
                arguments("NUL, backspace, bell, form feed, DEL", hex("00 08 07 0c 7f"), "\\x00\\x08\\x07\\x0c\\x7f"),
                arguments("UTF-8 text is kept", utf8("café ✓ 日本 😀"), "café ✓ 日本 😀"),
                arguments("C1 CSI (U+009B) and NEL (U+0085)", utf8("a\u009b31mb\u0085c"), "a\\u009b31mb\\u0085c"),
                arguments("U+00A0 is printable: kept", utf8("a\u00a0b"), "a\u00a0b"),
                arguments("Latin-1 é is a stray byte", hex("63 61 66 e9"), "caf\\xe9"),
                arguments("a stray lead byte does not swallow what follows", hex("e2 41 42"), "\\xe2AB"),
                arguments("a truncated sequence at the end", hex("41 e2 82"), "A\\xe2\\x82"),
                arguments("a lone continuation byte", hex("80 41"), "\\x80A"),
                arguments("an overlong NUL (C0 80) is not text", hex("c0 80"), "\\xc0\\x80"),
                arguments("an overlong slash (E0 80 AF)", hex("e0 80 af"), "\\xe0\\x80\\xaf"),
                arguments("a UTF-16 surrogate (ED A0 80)", hex("ed a0 80"), "\\xed\\xa0\\x80"),
                arguments("above U+10FFFF (F4 90 80 80)", hex("f4 90 80 80"), "\\xf4\\x90\\x80\\x80"),
                arguments("an ESC hidden after a stray byte", hex("ff 1b 5b 32 4a"), "\\xff\\x1b[2J"),
                arguments("a backslash is not doubled", utf8("C:\\dir\\x1b"), "C:\\dir\\x1b"),
                arguments("empty", new byte[0], ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void escapesWhatATerminalWouldObey(String what, byte[] line, String shown) {
        assertThat(new String(TerminalEscapes.escape(line), StandardCharsets.UTF_8)).isEqualTo(shown);
    }

    @Test
    void theOutputHoldsNoControlByteButTabAndIsValidUtf8() {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (int b = 0; b < 256; b++) all.write(b);
        for (int b = 0; b < 256; b++) {
            all.write(0xc2);
            all.write(b); // C2 xx: C1 controls, Latin-1 letters and invalid pairs
        }
        byte[] out = TerminalEscapes.escape(all.toByteArray());
        for (byte b : out) assertThat(b >= 0 && b < 0x20 && b != '\t' || b == 0x7f).as("byte %02x", b).isFalse();
        String text = new String(out, StandardCharsets.UTF_8);
        assertThat(text).doesNotContain("\ufffd");
        assertThat(text.codePoints().filter(c -> c >= 0x80 && c <= 0x9f)).isEmpty();
    }

    @Test
    void aLineWithNothingToEscapeIsNotCopied() {
        byte[] line = utf8("nothing to see");
        assertThat(TerminalEscapes.escape(line)).isSameAs(line);
    }
}
