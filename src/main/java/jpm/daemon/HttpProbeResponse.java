package jpm.daemon;

import java.util.Locale;

/**
 * Reads the answer to an HTTP probe's {@code GET} as its bytes arrive, in any pieces: its status,
 * and where it ends, so that the connection can carry the next probe (docs/health.md). Only the
 * status line and the headers that frame the body ({@code Content-Length}, {@code
 * Transfer-Encoding}, {@code Connection}) are read; the body is skipped, never kept. Pure,
 * table-tested in HttpProbeResponseTest.
 *
 * <p>The head (status line and headers, and a chunked body's trailers) may take at most
 * {@link #MAX_HEAD} bytes: a server that sends more is answered with a failure, not with an
 * ever-growing buffer. Interim answers (1xx but 101) are skipped, as the final one follows.
 */
final class HttpProbeResponse {
    /** The most bytes a response's head may take. */
    static final int MAX_HEAD = 16 * 1024;
    /** The longest chunk-size line (a size and its extensions). */
    static final int MAX_CHUNK_LINE = 1024;

    private enum Part { STATUS, HEADERS, BODY, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILERS, TO_CLOSE, DONE, FAILED }

    private Part part = Part.STATUS;
    /** The line being read (status, header, chunk size, trailer), without its line end. */
    private final StringBuilder line = new StringBuilder();
    private int headBytes;
    private long received;
    private int status;
    private boolean http10;
    private boolean keepAlive;
    private boolean closeAsked;
    private long contentLength = -1;
    private boolean chunked;
    private boolean otherCoding;
    /** Body or chunk bytes still to skip. */
    private long left;
    private boolean extra;
    private String failure;

    /** Feeds {@code in[from, to)} (all of it: what follows the response's end is noted, not kept). */
    void feed(byte[] in, int from, int to) {
        int at = from;
        while (at < to && part != Part.DONE && part != Part.FAILED) {
            switch (part) {
                case BODY, CHUNK_DATA, TO_CLOSE -> at += skip(to - at);
                default -> {
                    byte b = in[at++];
                    received++;
                    if (!inChunkLine() && ++headBytes > MAX_HEAD) fail(headTooLong());
                    else if (b == '\n') lineEnded();
                    else if (b != '\r') append((char) (b & 0xff));
                }
            }
        }
        if (part == Part.DONE && at < to) extra = true;
    }

    /** The server closed the connection: the end of a body read to the close, else a failure. */
    void closed() {
        switch (part) {
            case DONE, FAILED -> {}
            case TO_CLOSE -> part = Part.DONE;
            default -> fail(received == 0 ? "connection closed before a response" : "connection closed before the response ended");
        }
    }

    boolean done() {
        return part == Part.DONE;
    }

    /** Why the response cannot be read, or null. */
    String failure() {
        return failure;
    }

    /** Whether no byte arrived yet: a kept connection that the server closed meanwhile, for which the request may be sent again. */
    boolean nothingReceived() {
        return received == 0;
    }

    /** The final status (once {@link #done()}). */
    int status() {
        return status;
    }

    /** Whether the connection can carry the next request: the response ended on its own, the server keeps it open, and nothing followed. */
    boolean reusable() {
        boolean framed = chunked ? contentLength < 0 : !otherCoding && (contentLength >= 0 || noBody());
        return part == Part.DONE && keepAlive && !closeAsked && !extra && framed && status != 101;
    }

    /** Skips body bytes, of {@code n} at hand: how many. */
    private int skip(int n) {
        int take = part == Part.TO_CLOSE ? n : (int) Math.min(n, left);
        received += take;
        if (part != Part.TO_CLOSE) {
            left -= take;
            if (left == 0) part = part == Part.BODY ? Part.DONE : Part.CHUNK_END;
        }
        return take;
    }

    private boolean inChunkLine() {
        return part == Part.CHUNK_SIZE || part == Part.CHUNK_END;
    }

    /** A byte of a line: the head's lines are bounded as a whole (in {@link #feed}), a chunk-size line by itself. */
    private void append(char c) {
        if (inChunkLine() && line.length() >= MAX_CHUNK_LINE) fail("a chunk size line longer than " + MAX_CHUNK_LINE + " bytes");
        else line.append(c);
    }

    private static String headTooLong() {
        return "the status line and headers are longer than " + MAX_HEAD + " bytes";
    }

    private void lineEnded() {
        String l = line.toString();
        line.setLength(0);
        switch (part) {
            case STATUS -> statusLine(l);
            case HEADERS -> {
                if (l.isEmpty()) headersEnded();
                else header(l);
            }
            case CHUNK_SIZE -> chunkSize(l);
            case CHUNK_END -> {
                if (l.isEmpty()) part = Part.CHUNK_SIZE;
                else fail("no line end after a chunk");
            }
            case TRAILERS -> {
                if (l.isEmpty()) part = Part.DONE;
            }
            default -> throw new IllegalStateException(part.name());
        }
    }

    /** {@code HTTP/1.1 200 OK}; the reason phrase may be missing. */
    private void statusLine(String l) {
        boolean ok = l.length() >= 12 && (l.startsWith("HTTP/1.1 ") || l.startsWith("HTTP/1.0 "))
                && Character.isDigit(l.charAt(9)) && Character.isDigit(l.charAt(10)) && Character.isDigit(l.charAt(11))
                && (l.length() == 12 || l.charAt(12) == ' ');
        if (!ok) {
            fail("not an HTTP/1.x status line: '" + printable(l) + "'");
            return;
        }
        status = Integer.parseInt(l.substring(9, 12));
        http10 = l.charAt(7) == '0';
        keepAlive = !http10;
        part = Part.HEADERS;
    }

    private void header(String l) {
        if (l.charAt(0) == ' ' || l.charAt(0) == '\t') return; // a folded line: the headers read here are never folded
        int colon = l.indexOf(':');
        if (colon <= 0) {
            fail("a header line without a name: '" + printable(l) + "'");
            return;
        }
        String name = l.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String value = l.substring(colon + 1).trim();
        switch (name) {
            case "content-length" -> contentLength(value);
            case "transfer-encoding" -> {
                String[] codings = value.toLowerCase(Locale.ROOT).split(",");
                chunked = codings[codings.length - 1].trim().equals("chunked");
                otherCoding |= !chunked;
            }
            case "connection" -> {
                for (String token : value.toLowerCase(Locale.ROOT).split(",")) {
                    if (token.trim().equals("close")) closeAsked = true;
                    if (token.trim().equals("keep-alive")) keepAlive = true;
                }
            }
            default -> {}
        }
    }

    /** Digits, or the same digits repeated in a list ({@code 2, 2}). */
    private void contentLength(String value) {
        long n = -1;
        for (String v : value.split(",")) {
            v = v.trim();
            long parsed = v.isEmpty() || v.length() > 18 || !v.chars().allMatch(Character::isDigit) ? -1 : Long.parseLong(v);
            if (parsed < 0 || n >= 0 && parsed != n || contentLength >= 0 && parsed != contentLength) {
                fail("a bad Content-Length: '" + printable(value) + "'");
                return;
            }
            n = parsed;
        }
        contentLength = n;
    }

    private void headersEnded() {
        if (status >= 100 && status < 200 && status != 101) {
            // an interim answer (100 Continue, 103 Early Hints): the final one follows
            status = 0;
            contentLength = -1;
            chunked = false;
            otherCoding = false;
            closeAsked = false;
            part = Part.STATUS;
            return;
        }
        if (noBody()) {
            part = Part.DONE;
        } else if (chunked) {
            part = Part.CHUNK_SIZE;
        } else if (otherCoding || contentLength < 0) {
            part = Part.TO_CLOSE; // no framing: the body ends with the connection
        } else {
            left = contentLength;
            part = left == 0 ? Part.DONE : Part.BODY;
        }
    }

    private boolean noBody() {
        return status == 204 || status == 304 || status == 101;
    }

    /** {@code 1a}, {@code 1a;name=value}. */
    private void chunkSize(String l) {
        int semi = l.indexOf(';');
        String hex = (semi < 0 ? l : l.substring(0, semi)).trim();
        long size = -1;
        if (!hex.isEmpty() && hex.length() <= 15) {
            try {
                size = Long.parseLong(hex, 16);
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        if (size < 0) {
            fail("a bad chunk size: '" + printable(l) + "'");
        } else if (size == 0) {
            part = Part.TRAILERS;
        } else {
            left = size;
            part = Part.CHUNK_DATA;
        }
    }

    private void fail(String why) {
        failure = "bad response: " + why;
        part = Part.FAILED;
    }

    /** A line as a message may quote it: at most 60 characters, control characters as '?'. */
    static String printable(String l) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < l.length() && i < 60; i++) {
            char c = l.charAt(i);
            b.append(c < 0x20 || c >= 0x7f ? '?' : c);
        }
        return l.length() > 60 ? b + "..." : b.toString();
    }
}
