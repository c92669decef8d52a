package jpm.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** PM2's ways to throw a stream away, {@code out_file: NULL} and {@code /dev/null}, in direct and piped mode. */
class LogDiscardIT {
    static final Duration WAIT = Duration.ofSeconds(20);
    static final Path DEV_NULL = Path.of("/dev/null");
    /** 3,000 lines on each stream, then sleep: past log_max_size many times over. */
    static final String CHATTY = "['-c', 'i=0; while [ $i -lt 3000 ]; do echo out-line-$i; echo err-line-$i >&2; i=$((i+1)); done; exec sleep 600']";

    @RegisterExtension
    final JpmHomeFixture jpm = new JpmHomeFixture();

    @TempDir
    Path dir;

    @Test
    void aDiscardedStreamIsNeitherWrittenNorSuffixedNorRotatedNorEmptied() throws Exception {
        Path eco = dir.resolve("eco.yaml");
        Files.writeString(eco, "apps:\n"
                + "  - name: direct\n    script: /bin/sh\n    args: " + CHATTY + "\n    instances: 2\n"
                + "    out_file: \"NULL\"\n    error_file: /dev/null\n    log_max_size: 4K\n"
                + "  - name: piped\n    script: /bin/sh\n    args: " + CHATTY + "\n    instances: 2\n    time: true\n"
                + "    out_file: /dev/null\n    error_file: \"NULL\"\n    log_file: combined.log\n    log_max_size: 4K\n");
        JpmHomeFixture.Result r = jpm.jpmIn(dir, "apply", "--no-wait", eco.toString());
        assertThat(r.exit()).as("stdout=%s stderr=%s", r.out(), r.err()).isZero();

        await().atMost(WAIT).until(() -> jpm.jlist().stream().filter(i -> "online".equals(i.get("status"))).count() == 4);
        for (Map<String, Object> i : jpm.jlist()) {
            assertThat(i.get("out_log")).as("%s", i).isEqualTo("/dev/null");
            assertThat(i.get("err_log")).as("%s", i).isEqualTo("/dev/null");
        }
        // the combined file of the piped app gets both streams, so its pumps ran past the discarded files
        Path combined0 = dir.resolve("combined-0.log");
        await().atMost(WAIT).until(() -> jpm.rotatedLogs(combined0).size() + (Files.exists(combined0) ? 1 : 0) > 2);

        assertThat(jpm.jpm("flush").exit()).isZero();
        assertThat(Files.isRegularFile(DEV_NULL, LinkOption.NOFOLLOW_LINKS)).as("/dev/null is still a device").isFalse();
        assertThat(Files.exists(DEV_NULL)).isTrue();
        assertThat(attribute("%F")).isEqualTo("character special file");
        assertThat(attribute("%t:%T")).isEqualTo("1:3"); // mem, null
        try (var names = Files.list(Path.of("/dev"))) {
            assertThat(names.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("null") && !n.equals("null")).toList())
                    .as("no /dev/null-0, no rotated /dev/null").isEmpty();
        }
        try (var names = Files.list(dir)) {
            assertThat(names.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("NULL")).toList()).isEmpty();
        }
        assertThat(Files.list(jpm.home().resolve("logs")).map(p -> p.getFileName().toString())
                .filter(n -> n.startsWith("direct") || n.startsWith("piped")).toList()).as("no default log files either").isEmpty();
    }

    private String attribute(String format) throws Exception {
        Process p = new ProcessBuilder(List.of("stat", "-c", format, DEV_NULL.toString())).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        p.waitFor();
        return out;
    }
}
