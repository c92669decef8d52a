package jpm.logs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;

/**
 * Names and housekeeping of rotated files: {@code web-0-out.log} rotates to
 * {@code web-0-out__20261125-201500-123.log} (then {@code .log.gz} when compressed), names that
 * sort by time; only the newest {@code retain} are kept.
 */
public final class Rotation {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("uuuuMMdd-HHmmss-SSS").withZone(ZoneId.systemDefault());
    public static final String SEPARATOR = "__";

    private Rotation() {}

    /** The stem and extension of a log file name: ("web-0-out", ".log"), ("app", ".txt"), ("app", ""). */
    static String[] split(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? new String[] {fileName.substring(0, dot), fileName.substring(dot)} : new String[] {fileName, ""};
    }

    /**
     * The rotated name of {@code file} at {@code now}. If two rotations fall in one millisecond,
     * the later one takes the next free millisecond: names stay unique and sort by age.
     */
    static Path rotatedPath(Path file, Instant now) {
        String[] se = split(file.getFileName().toString());
        // never before the newest rotated file: a name freed by pruning must not be taken again
        Instant start = now;
        List<Path> existing = rotatedFiles(file);
        Instant newest = existing.isEmpty() ? null : stampOf(existing.getFirst(), se[0]);
        if (newest != null && !start.isAfter(newest)) start = newest.plusMillis(1);
        for (Instant t = start; ; t = t.plusMillis(1)) {
            Path p = file.resolveSibling(se[0] + SEPARATOR + STAMP.format(t) + se[1]);
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS) && !Files.exists(p.resolveSibling(p.getFileName() + ".gz"))) return p;
        }
    }

    /** The time in a rotated file's name, or null if it has none. */
    static Instant stampOf(Path rotated, String stem) {
        String name = rotated.getFileName().toString();
        int at = stem.length() + SEPARATOR.length();
        if (name.length() < at + 19) return null;
        try {
            return java.time.ZonedDateTime.parse(name.substring(at, at + 19), STAMP).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    /** Rotated files of {@code file}, newest first. */
    public static List<Path> rotatedFiles(Path file) {
        String prefix = split(file.getFileName().toString())[0] + SEPARATOR;
        List<Path> out = new ArrayList<>();
        Path dir = file.getParent();
        if (dir == null || !Files.isDirectory(dir)) return out;
        // filtered by hand, not by a glob: a log name may hold '[', '{' or '\\'
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                if (name.startsWith(prefix) && !name.endsWith(".tmp")) out.add(p); // .tmp: a compression under way
            }
        } catch (IOException | RuntimeException e) {
            return out;
        }
        out.sort((a, b) -> b.getFileName().toString().compareTo(a.getFileName().toString()));
        return out;
    }

    /** Deletes rotated files beyond the newest {@code retain}. */
    static void prune(Path file, int retain, Consumer<String> log) {
        List<Path> rotated = rotatedFiles(file);
        for (int i = retain; i < rotated.size(); i++) {
            try {
                Files.deleteIfExists(rotated.get(i));
            } catch (IOException e) {
                log.accept("cannot delete old log " + rotated.get(i) + ": " + e.getMessage());
            }
        }
    }

    /** After a rename: gzip (off the writer's thread) and prune. */
    static void finish(Path file, Path rotated, RotationPolicy policy, Consumer<String> log) {
        if (!policy.compress()) {
            prune(file, policy.retain(), log);
            return;
        }
        Thread.ofVirtual().name("jpm-log-gzip").start(() -> {
            Path gz = rotated.resolveSibling(rotated.getFileName() + ".gz");
            Path tmp = rotated.resolveSibling(rotated.getFileName() + ".gz.tmp");
            try (InputStream in = Files.newInputStream(rotated);
                 OutputStream out = new GZIPOutputStream(Files.newOutputStream(tmp), 64 * 1024)) {
                in.transferTo(out);
            } catch (IOException e) {
                log.accept("cannot compress " + rotated + " (kept uncompressed): " + e.getMessage());
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // nothing more to do: the uncompressed file is still there
                }
                prune(file, policy.retain(), log);
                return;
            }
            try {
                Files.move(tmp, gz, StandardCopyOption.ATOMIC_MOVE);
                Files.delete(rotated);
            } catch (IOException e) {
                log.accept("cannot finish compressing " + rotated + ": " + e.getMessage());
            }
            prune(file, policy.retain(), log);
        });
    }

    /**
     * Direct mode, where the child holds the file: copy it aside, then truncate it in place (the
     * child appends with O_APPEND, so its next write lands at offset 0). Lines written between
     * the copy and the truncation are lost: the documented window of copytruncate.
     */
    public static void copyTruncate(Path file, RotationPolicy policy, Consumer<String> log) throws IOException {
        Path rotated = rotatedPath(file, Instant.now());
        Files.copy(file, rotated, LinkOption.NOFOLLOW_LINKS);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            ch.truncate(0);
        }
        finish(file, rotated, policy, log);
    }
}
