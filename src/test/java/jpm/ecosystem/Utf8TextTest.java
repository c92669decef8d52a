package jpm.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.stream.Stream;
import jpm.ecosystem.DocNode.Position;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Where the first byte that is not UTF-8 is, as an editor counts lines and columns. */
class Utf8TextTest {
    static Stream<Arguments> rows() {
        return Stream.of(
                arguments("the first byte", "ff", 0, 1, 1),
                arguments("after ASCII on line 1", "61 62 e9", 2, 1, 3),
                arguments("on line 3", "61 0a 0a 20 20 ff", 5, 3, 3),
                arguments("after a 2-byte character: one column", "c3 a9 ff", 2, 1, 2),
                arguments("after a 4-byte character: one column", "f0 9f 98 80 41 ff", 5, 1, 3),
                arguments("a truncated sequence: where it starts", "41 42 e2 82 0a", 2, 1, 3),
                arguments("a lone continuation byte", "41 0a 80", 2, 2, 1),
                arguments("an overlong slash", "41 c0 af", 1, 1, 2),
                arguments("a surrogate", "0a ed a0 80", 1, 2, 1),
                arguments("a byte order mark is not a column", "ef bb bf 41 ff", 4, 1, 2),
                arguments("a CR is a column, not a line end", "41 0d 42 ff", 3, 1, 4));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void namesTheFirstStrayBytesOffsetLineAndColumn(String what, String hex, int offset, int line, int column) {
        byte[] bytes = HexFormat.ofDelimiter(" ").parseHex(hex);
        assertThatThrownBy(() -> Utf8Text.decode(bytes)).isInstanceOfSatisfying(Diagnostics.Fatal.class, f -> {
            assertThat(f.position).isEqualTo(new Position(line, column));
            assertThat(f.getMessage()).startsWith(String.format("invalid UTF-8: byte 0x%02x at offset %d;", bytes[offset] & 0xff, offset));
        });
    }

    @Test
    void utf8TextIsDecoded() {
        String text = "apps:\n  - name: café ✓ 😀\n";
        assertThat(Utf8Text.decode(text.getBytes(StandardCharsets.UTF_8))).isEqualTo(text);
        assertThat(Utf8Text.decode(new byte[0])).isEmpty();
    }
}
