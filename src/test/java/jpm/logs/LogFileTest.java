package jpm.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import jpm.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogFileTest {
    @TempDir
    Path dir;

    final List<String> log = new ArrayList<>();
    static final byte[] NONE = new byte[0];

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void linesAreAppendedWholeAndTheFileIsPrivate() throws Exception {
        Path p = dir.resolve("a.log");
        Files.writeString(p, "before\n");
        LogFile f = LogFile.open(p, RotationPolicy.NEVER, log::add);
        f.write(b("> "), b("one"), 0, 3, NONE);
        f.write(NONE, b("xtwox"), 1, 3, b(" <"));
        f.flush();
        assertThat(Files.readString(p)).isEqualTo("before\n> one\ntwo <\n");
        f.close();
        Path fresh = dir.resolve("fresh.log");
        LogFile.open(fresh, RotationPolicy.NEVER, log::add).close();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh))).isEqualTo("rw-r-----");
    }

    @Test
    void aLineLargerThanTheBufferIsWrittenInOnePiece() throws Exception {
        Path p = dir.resolve("big.log");
        LogFile f = LogFile.open(p, RotationPolicy.NEVER, log::add);
        byte[] big = "y".repeat(LogFile.BUFFER * 3).getBytes(StandardCharsets.US_ASCII);
        f.write(b("a"), b("small"), 0, 5, NONE);
        f.write(b("p:"), big, 0, big.length, b(":s"));
        f.close();
        assertThat(Files.readString(p)).isEqualTo("asmall\np:" + "y".repeat(LogFile.BUFFER * 3) + ":s\n");
    }

    @Test
    void aSymlinkIsRefusedAndItsTargetUntouched() throws Exception {
        Path target = dir.resolve("target.txt");
        Files.writeString(target, "secret\n");
        Path link = dir.resolve("app.log");
        Files.createSymbolicLink(link, target);
        assertThatThrownBy(() -> LogFile.open(link, RotationPolicy.NEVER, log::add)).hasMessageContaining("symbolic link");
        assertThat(Files.readString(target)).isEqualTo("secret\n");
        assertThatThrownBy(() -> LogFile.checkWritable(dir)).hasMessageContaining("not a regular file");
    }

    @Test
    void rotationRenamesBetweenLinesAndKeepsTheNewestRetained() throws Exception {
        Path p = dir.resolve("web-0-out.log");
        LogFile f = LogFile.open(p, new RotationPolicy(4096, 3, false), log::add);
        List<String> written = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            String line = String.format("%06d %s", i, "z".repeat(40));
            written.add(line);
            f.write(NONE, b(line), 0, line.length(), NONE);
            if (i % 100 == 0) f.flush();
        }
        f.close();
        List<Path> rotated = Rotation.rotatedFiles(p);
        assertThat(rotated).hasSize(3);
        assertThat(rotated).allSatisfy(r -> assertThat(r.getFileName().toString()).matches("web-0-out__\\d{8}-\\d{6}-\\d{3}\\.log"));
        for (Path r : rotated) assertThat(Files.size(r)).isLessThanOrEqualTo(4096);
        // the retained files plus the live one hold the newest lines, each whole, once, in order
        List<String> kept = new ArrayList<>();
        for (Path r : rotated.reversed()) kept.addAll(Files.readAllLines(r));
        kept.addAll(Files.readAllLines(p));
        assertThat(kept).isEqualTo(written.subList(written.size() - kept.size(), written.size()));
        assertThat(log).isEmpty();
    }

    @Test
    void compressedRotationsAreGzipped() throws Exception {
        Path p = dir.resolve("c.log");
        LogFile f = LogFile.open(p, new RotationPolicy(4096, 5, true), log::add);
        byte[] line = "q".repeat(1000).getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < 10; i++) f.write(NONE, line, 0, line.length, NONE);
        f.close();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() ->
                !Rotation.rotatedFiles(p).isEmpty() && Rotation.rotatedFiles(p).stream().allMatch(r -> r.toString().endsWith(".log.gz")));
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(Rotation.rotatedFiles(p).getLast()))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).startsWith("q".repeat(1000) + "\n");
        }
    }

    @Test
    void truncateEmptiesAndWritingGoesOn() throws Exception {
        Path p = dir.resolve("t.log");
        LogFile f = LogFile.open(p, RotationPolicy.NEVER, log::add);
        f.write(NONE, b("old"), 0, 3, NONE);
        f.flush();
        f.truncate();
        f.write(NONE, b("new"), 0, 3, NONE);
        f.close();
        assertThat(Files.readString(p)).isEqualTo("new\n");
    }

    @Test
    void reopenFollowsAFileMovedAway() throws Exception {
        Path p = dir.resolve("r.log");
        LogFile f = LogFile.open(p, RotationPolicy.NEVER, log::add);
        f.write(NONE, b("1"), 0, 1, NONE);
        f.flush();
        Files.move(p, dir.resolve("r.log.1"));
        f.reopen();
        f.write(NONE, b("2"), 0, 1, NONE);
        f.close();
        assertThat(Files.readString(dir.resolve("r.log.1"))).isEqualTo("1\n");
        assertThat(Files.readString(p)).isEqualTo("2\n");
    }

    @Test
    void thePumpTimestampsEachLineAndFlushesThePartialLastOne() throws Exception {
        Path p = dir.resolve("pump.log");
        LogFile f = LogFile.open(p, RotationPolicy.NEVER, log::add);
        DateTimeFormatter ts = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);
        LogPump.pump(new ByteArrayInputStream(b("a\nb\npartial")), new LineFormat(ts, false, "web", 0, "out"), List.of(f), 1 << 20,
                log::add);
        f.close();
        assertThat(Files.readAllLines(p)).hasSize(3).allSatisfy(l -> assertThat(l).matches("\\d\\d:\\d\\d: .*"));
        assertThat(Files.readString(p)).endsWith(": partial\n");
    }

    @Test
    void jsonLinesCarryAppInstanceStreamAndMessage() throws Exception {
        Path p = dir.resolve("json.log");
        LogFile f = LogFile.open(p, RotationPolicy.NEVER, log::add);
        LineFormat fmt = new LineFormat(DateTimeFormatter.ISO_INSTANT, true, "api", 2, "err");
        byte[] msg = {'q', '"', (byte) 0xff, '\\'};
        fmt.write(f, Instant.parse("2026-11-25T20:00:00Z").toEpochMilli(), msg, 0, msg.length, false);
        f.close();
        Object o = Json.parse(Files.readString(p).strip());
        assertThat(o).isEqualTo(java.util.Map.of("timestamp", "2026-11-25T20:00:00Z", "app", "api", "instance", 2L, "stream", "err",
                "message", "q\"\uFFFD\\"));
    }

    @Test
    void aRotatedNameNeverSortsBeforeAnExistingOne() throws Exception {
        Path p = dir.resolve("web.log");
        Instant now = Instant.now();
        Path later = Rotation.rotatedPath(p, now.plusSeconds(10));
        Files.writeString(later, "x");
        Path next = Rotation.rotatedPath(p, now); // the clock says earlier (or a pruned name would be free)
        assertThat(next.getFileName().toString()).isGreaterThan(later.getFileName().toString());
        assertThat(Rotation.stampOf(later, "web")).isEqualTo(now.plusSeconds(10).truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    }

    @Test
    void theDiscardFileWritesNothingAndNeverRotatesOrTruncatesTheDevice() throws Exception {
        LogFile f = LogFile.open(LogFile.DISCARD, new RotationPolicy(4096, 2, false), log::add);
        byte[] line = "z".repeat(1000).getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < 100; i++) f.write(NONE, line, 0, line.length, NONE);
        f.flush();
        f.truncate();
        f.reopen();
        f.close();
        assertThat(Files.isRegularFile(LogFile.DISCARD, java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(Files.exists(LogFile.DISCARD)).isTrue();
        assertThat(log).isEmpty();
        new LogFiles(log::add).truncate(LogFile.DISCARD);
        assertThat(Files.exists(LogFile.DISCARD)).isTrue();
    }
}
