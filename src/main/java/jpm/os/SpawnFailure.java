package jpm.os;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Why {@code posix_spawn} could not start a program, in words that name the culprit. The
 * kernel's errno alone misleads: a script whose {@code #!} interpreter is missing fails with
 * ENOENT, "no such file", about a script that plainly exists, and a missing working directory
 * gives the same ENOENT. So the failure is explained from what is seen on disk afterwards
 * ({@link #observe}), by a pure decision ({@link #explain}).
 */
public final class SpawnFailure {
    static final int ENOENT = 2;
    static final int E2BIG = 7;
    static final int ENOEXEC = 8;
    static final int EACCES = 13;
    /** How much of a script is read for its {@code #!} line (the kernel reads 256 bytes). */
    private static final int SHEBANG_BYTES = 256;

    /**
     * What was on disk after the failure. {@code shebang}: the interpreter named by the
     * program's {@code #!} line, or null (no such line, not readable); the two interpreter flags
     * are false without one.
     */
    public record Observed(boolean cwdIsDirectory, boolean programExists, String shebang, boolean interpreterExists,
                           boolean interpreterExecutable) {}

    private SpawnFailure() {}

    /** The message for a failed spawn of {@code program} in {@code cwd} with {@code errno}, from what is on disk. */
    static String describe(String program, Path cwd, int errno) {
        return explain(program, cwd.toString(), errno, observe(Path.of(program), cwd), Libc.strerror(errno));
    }

    /** The decision: one sentence naming the program, and the interpreter or directory at fault. */
    public static String explain(String program, String cwd, int errno, Observed seen, String strerror) {
        String head = "cannot run " + program + ": ";
        if (errno == ENOENT && !seen.cwdIsDirectory()) return head + "its working directory " + cwd + " does not exist";
        if (errno == ENOENT && !seen.programExists()) return head + "it does not exist";
        if (seen.shebang() != null && (errno == ENOENT || errno == EACCES || errno == ENOEXEC)) {
            String interpreter = printable(seen.shebang());
            String from = "its interpreter " + interpreter + " (from its #! line) ";
            if (seen.shebang().isEmpty()) return head + "its #! line names no interpreter";
            if (!seen.interpreterExists()) {
                String crlf = seen.shebang().endsWith("\r") ? " (the file has Windows line endings: convert it with dos2unix)" : "";
                return head + from + "does not exist" + crlf;
            }
            if (!seen.interpreterExecutable()) return head + from + "is not executable";
            return switch (errno) {
                case ENOENT -> head + from + "cannot be started: a program it needs (its own #! interpreter or ELF loader) is missing";
                case ENOEXEC -> head + from + "is not a program the kernel can execute";
                default -> head + "permission denied: it or its interpreter " + interpreter + " is not executable for the"
                        + " daemon's user, or a file system is mounted noexec";
            };
        }
        return switch (errno) {
            case ENOENT -> head + "a program it needs (its ELF loader) is missing: is it built for another system?";
            case ENOEXEC -> head + "the kernel cannot execute it: not a binary for this machine and no #! line;"
                    + " add a #! line or name an interpreter (--interpreter / interpreter:)";
            case EACCES -> head + "permission denied: it (or a directory on its path) is not executable for the daemon's"
                    + " user, or its file system is mounted noexec";
            case E2BIG -> head + "its arguments and environment are too large";
            default -> head + strerror;
        };
    }

    /** Looks at the program, its {@code #!} interpreter and the working directory. */
    static Observed observe(Path program, Path cwd) {
        String shebang = shebang(program);
        // a relative interpreter is found from the process's working directory, as the kernel does
        Path interpreter = null;
        try {
            if (shebang != null && !shebang.isEmpty()) interpreter = cwd.resolve(shebang);
        } catch (InvalidPathException e) {
            // a NUL byte in the #! line: no such file
        }
        return new Observed(Files.isDirectory(cwd), Files.exists(program), shebang,
                interpreter != null && Files.exists(interpreter), interpreter != null && Files.isExecutable(interpreter));
    }

    /** The interpreter path of a {@code #!} line (the first word after it, as the kernel takes it), or null. */
    static String shebang(Path program) {
        byte[] head;
        try (InputStream in = Files.newInputStream(program)) {
            head = in.readNBytes(SHEBANG_BYTES);
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return interpreterOf(head);
    }

    /** The interpreter named by the start of a file, or null if it has no {@code #!} line. */
    public static String interpreterOf(byte[] head) {
        if (head.length < 2 || head[0] != '#' || head[1] != '!') return null;
        int end = 2;
        while (end < head.length && head[end] != '\n') end++;
        String line = new String(Arrays.copyOfRange(head, 2, end), StandardCharsets.UTF_8);
        // the kernel splits at spaces and tabs only: a trailing \r stays part of the name
        String trimmed = line.replaceFirst("^[ \t]+", "");
        int cut = 0;
        while (cut < trimmed.length() && trimmed.charAt(cut) != ' ' && trimmed.charAt(cut) != '\t') cut++;
        return trimmed.substring(0, cut);
    }

    /** A path with control characters escaped (a \r from a CRLF line shows as \r). */
    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '\r') b.append("\\r");
            else if (c < 0x20 || c == 0x7f) b.append(String.format("\\x%02x", (int) c));
            else b.append(c);
        }
        return b.toString();
    }
}
