package jpm.os;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import jpm.os.SpawnFailure.Observed;
import org.junit.jupiter.api.Test;

/** The words for a failed spawn: one row per errno and what was found on disk. */
class SpawnFailureTest {
    private static final String P = "/srv/app/x.sh";
    private static final Observed PLAIN = new Observed(true, true, null, false, false);

    private static String explain(int errno, Observed seen) {
        return SpawnFailure.explain(P, "/srv/app", errno, seen, "strerror " + errno);
    }

    @Test
    void enoentNamesWhatIsMissing() {
        assertThat(explain(SpawnFailure.ENOENT, new Observed(false, true, null, false, false)))
                .isEqualTo("cannot run /srv/app/x.sh: its working directory /srv/app does not exist");
        assertThat(explain(SpawnFailure.ENOENT, new Observed(true, false, null, false, false)))
                .isEqualTo("cannot run /srv/app/x.sh: it does not exist");
        assertThat(explain(SpawnFailure.ENOENT, new Observed(true, true, "/nonexistent/sh", false, false)))
                .isEqualTo("cannot run /srv/app/x.sh: its interpreter /nonexistent/sh (from its #! line) does not exist");
        assertThat(explain(SpawnFailure.ENOENT, new Observed(true, true, "/bin/sh\r", false, false)))
                .isEqualTo("cannot run /srv/app/x.sh: its interpreter /bin/sh\\r (from its #! line) does not exist"
                        + " (the file has Windows line endings: convert it with dos2unix)");
        assertThat(explain(SpawnFailure.ENOENT, new Observed(true, true, "/opt/tool", true, true)))
                .isEqualTo("cannot run /srv/app/x.sh: its interpreter /opt/tool (from its #! line) cannot be started:"
                        + " a program it needs (its own #! interpreter or ELF loader) is missing");
        assertThat(explain(SpawnFailure.ENOENT, PLAIN))
                .isEqualTo("cannot run /srv/app/x.sh: a program it needs (its ELF loader) is missing: is it built for another system?");
    }

    @Test
    void enoexecAndEaccesSayWhatToDo() {
        assertThat(explain(SpawnFailure.ENOEXEC, PLAIN)).startsWith("cannot run /srv/app/x.sh: the kernel cannot execute it")
                .contains("add a #! line");
        assertThat(explain(SpawnFailure.ENOEXEC, new Observed(true, true, "", false, false)))
                .isEqualTo("cannot run /srv/app/x.sh: its #! line names no interpreter");
        assertThat(explain(SpawnFailure.ENOEXEC, new Observed(true, true, "/opt/data.bin", true, true)))
                .isEqualTo("cannot run /srv/app/x.sh: its interpreter /opt/data.bin (from its #! line) is not a program the kernel can execute");
        assertThat(explain(SpawnFailure.EACCES, new Observed(true, true, "/opt/tool", true, false)))
                .isEqualTo("cannot run /srv/app/x.sh: its interpreter /opt/tool (from its #! line) is not executable");
        assertThat(explain(SpawnFailure.EACCES, PLAIN)).startsWith("cannot run /srv/app/x.sh: permission denied").contains("noexec");
    }

    @Test
    void otherErrorsKeepTheSystemsWords() {
        assertThat(explain(SpawnFailure.E2BIG, PLAIN)).isEqualTo("cannot run /srv/app/x.sh: its arguments and environment are too large");
        assertThat(explain(12, PLAIN)).isEqualTo("cannot run /srv/app/x.sh: strerror 12");
    }

    @Test
    void theInterpreterIsTheFirstWordOfTheHashBangLine() {
        assertThat(interpreter("#!/bin/sh\necho")).isEqualTo("/bin/sh");
        assertThat(interpreter("#! /usr/bin/env  python3 -u\n")).isEqualTo("/usr/bin/env");
        assertThat(interpreter("#!/bin/bash\r\n")).isEqualTo("/bin/bash\r");
        assertThat(interpreter("#!\n")).isEmpty();
        assertThat(interpreter("#!/bin/sh")).as("no newline").isEqualTo("/bin/sh");
        assertThat(interpreter("echo hi\n")).isNull();
        assertThat(interpreter("")).isNull();
    }

    private static String interpreter(String head) {
        return SpawnFailure.interpreterOf(head.getBytes(StandardCharsets.UTF_8));
    }
}
