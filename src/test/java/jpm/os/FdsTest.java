package jpm.os;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class FdsTest {
    @Test
    void aPipeIsClosedOnceItsReaderIsGone() throws Exception {
        Process child = new ProcessBuilder("sleep", "30").start(); // we hold the write end of its stdin
        try {
            String pipe = Files.readSymbolicLink(Path.of("/proc/" + child.pid() + "/fd/0")).toString();
            int fd;
            try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
                fd = fds.filter(p -> {
                    try {
                        return Files.readSymbolicLink(p).toString().equals(pipe);
                    } catch (Exception e) {
                        return false;
                    }
                }).mapToInt(p -> Integer.parseInt(p.getFileName().toString())).findFirst().orElseThrow();
            }
            assertThat(Fds.outputClosed(fd)).as("the child still reads").isFalse();
            child.destroyForcibly();
            assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(Fds.outputClosed(fd)).as("the only reader is gone").isTrue();
        } finally {
            child.destroyForcibly();
        }
    }

    @Test
    void anUnusedNumberOrAStdoutSomeoneReadsIsNotClosed() {
        assertThat(Fds.outputClosed(-1)).isFalse();
        assertThat(Fds.outputClosed(1)).as("surefire reads our stdout").isFalse();
    }
}
