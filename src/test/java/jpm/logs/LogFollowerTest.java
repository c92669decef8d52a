package jpm.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The follower's state machine on temp files: no daemon, no sleeping (the clock is a parameter). */
class LogFollowerTest {
    @TempDir
    Path dir;

    final List<byte[]> lines = new ArrayList<>();
    final ByteBuffer scratch = LogFollower.newBuffer();
    long now;
    LogFollower f;

    @AfterEach
    void close() throws IOException {
        if (f != null) f.close();
    }

    Path log() {
        return dir.resolve("web-0-out.log");
    }

    static void append(Path p, String s) throws IOException {
        Files.writeString(p, s, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    }

    /** Polls until nothing more is waiting, as the command's loop does. */
    List<String> poll() throws IOException {
        int start = lines.size();
        while (f.poll(now, scratch, lines::add)) {
            // more waiting
        }
        return lines.subList(start, lines.size()).stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList();
    }

    @Test
    void printsTheLastLinesThenWhatIsAppended() throws IOException {
        append(log(), "1\n2\n3\n4\n");
        f = new LogFollower(log(), 2);
        assertThat(poll()).containsExactly("3", "4");
        assertThat(poll()).isEmpty();
        append(log(), "5\n6\n");
        assertThat(poll()).containsExactly("5", "6");
    }

    @Test
    void zeroLinesStartsAtTheEnd() throws IOException {
        append(log(), "old\n");
        f = new LogFollower(log(), 0);
        assertThat(poll()).isEmpty();
        append(log(), "new\n");
        assertThat(poll()).containsExactly("new");
    }

    @Test
    void aFileThatDoesNotExistYetIsWaitedForAndReadFromItsStart() throws IOException {
        f = new LogFollower(log(), 1);
        assertThat(poll()).isEmpty();
        assertThat(poll()).isEmpty();
        append(log(), "a\nb\nc\n");
        assertThat(poll()).as("all of it is new, whatever --lines says").containsExactly("a", "b", "c");
    }

    @Test
    void aPartialLineIsPrintedWhenCompleteOrAfterBeingIdle() throws IOException {
        append(log(), "");
        f = new LogFollower(log(), 10, 1000, LineSplitter.DEFAULT_MAX_LINE);
        assertThat(poll()).isEmpty();
        append(log(), "hel");
        assertThat(poll()).isEmpty();
        now += 500;
        append(log(), "lo");
        assertThat(poll()).isEmpty();
        append(log(), " world\nprompt> ");
        assertThat(poll()).containsExactly("hello world");
        now += 999;
        assertThat(poll()).isEmpty();
        now += 1;
        assertThat(poll()).containsExactly("prompt> ");
        now += 5000;
        assertThat(poll()).as("once only").isEmpty();
        append(log(), "yes\n");
        assertThat(poll()).as("the rest of an idle-flushed line comes as a line of its own").containsExactly("yes");
    }

    @Test
    void finishHandsOutAnUnterminatedLastLine() throws IOException {
        append(log(), "a\nb");
        f = new LogFollower(log(), 5);
        assertThat(poll()).containsExactly("a");
        int before = lines.size();
        f.finish(lines::add);
        assertThat(new String(lines.get(before), StandardCharsets.UTF_8)).isEqualTo("b");
    }

    @Test
    void rotationByRenameDrainsTheOldFileThenReadsTheNewOneFromItsStart() throws IOException {
        append(log(), "1\n2\n");
        f = new LogFollower(log(), 15);
        assertThat(poll()).containsExactly("1", "2");
        append(log(), "3\n");
        Path rotated = dir.resolve("web-0-out__20261125-201500.log");
        Files.move(log(), rotated);
        append(rotated, "4\n"); // the writer finishes with the old file
        assertThat(poll()).as("renamed away, nothing at the path yet: keep reading the old file").containsExactly("3", "4");
        append(rotated, "5 (no newline)");
        append(log(), "6\n7\n");
        assertThat(poll()).as("the old file to its end (last line completed), then the new one from its start")
                .containsExactly("5 (no newline)", "6", "7");
        append(rotated, "too late\n");
        append(log(), "8\n");
        assertThat(poll()).containsExactly("8");
    }

    @Test
    void rotationWhileThePathIsMissingAtThatPoll() throws IOException {
        append(log(), "1\n");
        f = new LogFollower(log(), 15);
        assertThat(poll()).containsExactly("1");
        Path rotated = dir.resolve("web-0-out__1.log");
        Files.move(log(), rotated);
        append(rotated, "2\n");
        append(log(), "3\n");
        assertThat(poll()).as("old rest, then new file; nothing twice").containsExactly("2", "3");
    }

    @Test
    void rotationThatGzipsAndDeletesTheOldFileStillDrainsIt() throws IOException {
        append(log(), "1\n");
        f = new LogFollower(log(), 15);
        poll();
        append(log(), "2\n");
        Files.move(log(), dir.resolve("web-0-out__1.log"));
        Files.delete(dir.resolve("web-0-out__1.log")); // compressed away: the open descriptor still reads it
        append(log(), "3\n");
        assertThat(poll()).containsExactly("2", "3");
    }

    @Test
    void truncationInPlaceRestartsAtZero() throws IOException {
        append(log(), "aaaa\nbbbb\n");
        f = new LogFollower(log(), 15);
        assertThat(poll()).containsExactly("aaaa", "bbbb");
        copyTruncate();
        assertThat(poll()).isEmpty();
        append(log(), "c\n");
        assertThat(poll()).containsExactly("c");
    }

    @Test
    void truncationRewrittenPastTheOldPositionBetweenTwoPollsIsStillSeen() throws IOException {
        append(log(), "short\n");
        f = new LogFollower(log(), 15);
        assertThat(poll()).containsExactly("short");
        copyTruncate();
        append(log(), "a much longer line than before\nnext\n");
        assertThat(poll()).as("read from 0, not from the old position in the middle of a line")
                .containsExactly("a much longer line than before", "next");
    }

    @Test
    void truncationFlushesAPendingPartialLine() throws IOException {
        append(log(), "done\nhalf");
        f = new LogFollower(log(), 15);
        assertThat(poll()).containsExactly("done");
        copyTruncate();
        append(log(), "x\n");
        assertThat(poll()).containsExactly("half", "x");
    }

    @Test
    void appendsAfterTheTailStartAreNotMistakenForTruncation() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 100; i++) sb.append("line ").append(i).append('\n');
        append(log(), sb.toString());
        f = new LogFollower(log(), 1);
        assertThat(poll()).containsExactly("line 99");
        append(log(), "line 100\n");
        assertThat(poll()).containsExactly("line 100");
        for (int i = 101; i < 140; i++) {
            append(log(), "line " + i + "\n");
            assertThat(poll()).containsExactly("line " + i);
        }
    }

    @Test
    void aLargeBacklogIsReadInBoundedStepsAndNothingIsLost() throws IOException {
        f = new LogFollower(log(), 0);
        poll();
        StringBuilder sb = new StringBuilder();
        int n = 300_000; // about 3.5 MB: more than one poll's worth
        for (int i = 0; i < n; i++) sb.append(i).append('\n');
        append(log(), sb.toString());
        assertThat(f.poll(now, scratch, lines::add)).as("more is waiting after one poll").isTrue();
        List<String> got = new ArrayList<>(lines.stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList());
        got.addAll(poll());
        assertThat(got).hasSize(n);
        for (int i = 0; i < n; i += 9973) assertThat(got.get(i)).isEqualTo(Integer.toString(i));
    }

    @Test
    void nonUtf8BytesArePassedThrough() throws IOException {
        byte[] content = {'a', (byte) 0xff, (byte) 0xfe, '\n', (byte) 0xc3, '\n'};
        Files.write(log(), content);
        f = new LogFollower(log(), 15);
        poll();
        assertThat(lines).containsExactly(new byte[] {'a', (byte) 0xff, (byte) 0xfe}, new byte[] {(byte) 0xc3});
    }

    @Test
    void aFileDeletedAndCreatedAgainIsReadFromItsStart() throws IOException {
        append(log(), "1\n");
        f = new LogFollower(log(), 15);
        poll();
        Files.delete(log());
        assertThat(poll()).isEmpty();
        append(log(), "2\n");
        assertThat(poll()).containsExactly("2");
    }

    /** What a direct-mode rotation does: copy the file away, then truncate it in place. */
    void copyTruncate() throws IOException {
        Files.copy(log(), dir.resolve("copy-" + System.nanoTime() + ".log"));
        try (FileChannel ch = FileChannel.open(log(), StandardOpenOption.WRITE)) {
            ch.truncate(0);
        }
    }
}
