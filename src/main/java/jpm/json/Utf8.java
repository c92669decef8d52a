package jpm.json;

/**
 * Strict UTF-8 (RFC 3629) over byte ranges: what the JSON reader decodes frames with, and what
 * {@code jpm logs} uses to tell text from stray bytes. Strict: no overlong forms, no surrogates
 * (U+D800..U+DFFF), nothing above U+10FFFF, so one byte sequence has one meaning.
 */
public final class Utf8 {
    private Utf8() {}

    /**
     * The length (1 to 4) of the well-formed UTF-8 sequence that starts at {@code b[i]}, or 0 when
     * the bytes there are not one (a stray continuation byte, a truncated or overlong sequence, a
     * surrogate, or a byte that is never UTF-8). Reads no byte at or after {@code end}.
     */
    public static int sequenceLength(byte[] b, int i, int end) {
        int b0 = b[i] & 0xff;
        if (b0 < 0x80) return 1;
        int n;
        int lo = 0x80;
        int hi = 0xbf; // the range of the second byte; the first byte narrows it (Unicode table 3-7)
        if (b0 >= 0xc2 && b0 <= 0xdf) {
            n = 2;
        } else if (b0 >= 0xe0 && b0 <= 0xef) {
            n = 3;
            if (b0 == 0xe0) lo = 0xa0; // overlong below U+0800
            if (b0 == 0xed) hi = 0x9f; // surrogates
        } else if (b0 >= 0xf0 && b0 <= 0xf4) {
            n = 4;
            if (b0 == 0xf0) lo = 0x90; // overlong below U+10000
            if (b0 == 0xf4) hi = 0x8f; // above U+10FFFF
        } else {
            return 0;
        }
        if (i + n > end) return 0;
        int b1 = b[i + 1] & 0xff;
        if (b1 < lo || b1 > hi) return 0;
        for (int k = 2; k < n; k++) {
            if ((b[i + k] & 0xc0) != 0x80) return 0;
        }
        return n;
    }

    /** The code point of the well-formed sequence of {@code length} bytes at {@code b[i]} (see {@link #sequenceLength}). */
    public static int codePoint(byte[] b, int i, int length) {
        return switch (length) {
            case 1 -> b[i];
            case 2 -> (b[i] & 0x1f) << 6 | b[i + 1] & 0x3f;
            case 3 -> (b[i] & 0x0f) << 12 | (b[i + 1] & 0x3f) << 6 | b[i + 2] & 0x3f;
            case 4 -> (b[i] & 0x07) << 18 | (b[i + 1] & 0x3f) << 12 | (b[i + 2] & 0x3f) << 6 | b[i + 3] & 0x3f;
            default -> throw new IllegalArgumentException("not a UTF-8 sequence length: " + length);
        };
    }
}
