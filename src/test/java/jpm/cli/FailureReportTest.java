package jpm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import jpm.apply.ApplyException.Failing;
import jpm.rpc.InstanceInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FailureReportTest {
    @TempDir
    Path dir;

    private InstanceInfo waiting(Path errLog) {
        return new InstanceInfo(4, "crash", "default", 0, null, jpm.rpc.InstanceStatus.WAITING_RESTART, 3, 3, null, 0, 0, 1, null,
                "exited with code 1; restarting in 800 ms", "/o", errLog.toString(), 750L);
    }

    @Test
    void textHasTheLastExitTheScheduleAndTheLastTenLinesEscaped() throws Exception {
        Path err = dir.resolve("crash-0-error.log");
        Files.writeString(err, IntStream.rangeClosed(1, 14).mapToObj(n -> "line " + n).collect(Collectors.joining("\n"))
                + "\n\u001b]0;title\u0007red\u001b[31m\r\n");
        String text = FailureReport.text(List.of(new Failing("default/crash", waiting(err), 16, "3 unstable exits in a row")));
        assertThat(text).isEqualTo("""
                default/crash#0 (id 4): waiting-restart: 3 unstable exits in a row
                  last exit: code 1
                  restarts: next in 0.8 s; unstable restarts in a row 3 of max_restarts 16, restarts 3
                  last 10 lines of %s:
                    line 6
                    line 7
                    line 8
                    line 9
                    line 10
                    line 11
                    line 12
                    line 13
                    line 14
                    \\x1b]0;title\\x07red\\x1b[31m\\x0d
                """.formatted(err));
    }

    @Test
    void anErroredInstanceWithAnEmptyOrMissingLog() throws Exception {
        InstanceInfo errored = new InstanceInfo(5, "x", "default", 1, null, jpm.rpc.InstanceStatus.ERRORED, 17, 17, null, 0, 0, null, "SIGSEGV",
                "gave up", "/o", dir.resolve("none.log").toString(), null);
        String text = FailureReport.text(List.of(new Failing("default/x", errored, 16, "errored")));
        assertThat(text).contains("last exit: killed by SIGSEGV").contains("restarts: none: jpm gave up; unstable restarts in a row 17")
                .contains("error log " + dir.resolve("none.log") + ": empty");
    }

    @Test
    void jsonHasTheSameAsFields() throws Exception {
        Path err = Files.writeString(dir.resolve("e.log"), "boom\n");
        Map<String, Object> tree = FailureReport.tree("apps failed", List.of(new Failing("default/crash", waiting(err), 16, "why")));
        assertThat(tree).containsEntry("error", "apps failed");
        @SuppressWarnings("unchecked")
        Map<String, Object> f = ((List<Map<String, Object>>) tree.get("failing")).getFirst();
        assertThat(f).containsEntry("exit_code", 1L).containsEntry("exit_signal", null).containsEntry("next_restart_in_ms", 750L)
                .containsEntry("max_restarts", 16L).containsEntry("unstable_restarts", 3L).containsEntry("err_log_tail", List.of("boom"));
    }
}
