package jpm.ecosystem;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import jpm.ecosystem.DocNode.Position;

/**
 * A file's bytes as text, strictly UTF-8, or an error at the line and column of the first byte
 * that is not UTF-8: an editor can go there, where "not valid UTF-8" alone leaves the user to
 * hunt through the file. Pure.
 */
final class Utf8Text {
    private Utf8Text() {}

    /** @throws Diagnostics.Fatal at the first malformed byte, naming it and its offset */
    static String decode(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length); // UTF-8 never has fewer bytes than UTF-16 chars
        CoderResult r = decoder.decode(in, out, true);
        if (r.isUnderflow()) r = decoder.flush(out);
        if (r.isError()) {
            int at = in.position(); // the decoder stops at the start of the malformed sequence
            throw new Diagnostics.Fatal(positionOf(bytes, at), String.format("invalid UTF-8: byte 0x%02x at offset %d;"
                    + " an ecosystem file must be UTF-8 (convert it, e.g. iconv -f latin1 -t utf-8)", bytes[at] & 0xff, at));
        }
        return out.flip().toString();
    }

    /**
     * The 1-based line and column of a byte offset in well-formed UTF-8 text before it: lines
     * end at {@code \n}; a column counts characters (code points), as the YAML reader's do, after
     * a byte order mark, which the readers never see.
     */
    static Position positionOf(byte[] bytes, int offset) {
        int line = 1;
        int column = 1;
        boolean bom = bytes.length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb && (bytes[2] & 0xff) == 0xbf;
        for (int i = bom ? Math.min(3, offset) : 0; i < offset; i++) { // a byte order mark is not a column
            byte b = bytes[i];
            if (b == '\n') {
                line++;
                column = 1;
            } else if ((b & 0xc0) != 0x80) {
                column++; // a continuation byte belongs to the character its lead byte counted
            }
        }
        return new Position(line, column);
    }
}
