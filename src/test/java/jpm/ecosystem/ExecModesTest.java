package jpm.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** PM2's choice of exec mode, and what the loader says about it. */
class ExecModesTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
        // case; exec_mode written; several asked; resolved; node; PORT; increment_var; mode; note
        "Node, instances 4, no exec_mode: cluster (PM2);  ;        true;  4; true;  ;     ; cluster; IMPLIED_CLUSTER",
        "Node, instances max on 1 CPU: still cluster;     ;        true;  1; true;  ;     ; cluster; IMPLIED_CLUSTER",
        "Node, one instance: fork;                        ;        false; 1; true;  ;     ;        ; NONE",
        "Node, explicit fork is kept;                     fork;    true;  4; true;  5000;  ; fork;    ONE_PORT_FOR_ALL",
        "Python, instances 4, PORT: all on one port;      ;        true;  4; false; 5000;  ;        ; ONE_PORT_FOR_ALL",
        "Python, instances 4, increment_var PORT;         ;        true;  4; false; 5000;  PORT;        ; NONE",
        "Python, instances 4, a worker without a port;    ;        true;  4; false;  ;     ;        ; NONE",
        "Python in cluster mode without a port;           cluster; true;  4; false;  ;     ; cluster; INDEPENDENT_PROCESSES",
        "Python in cluster mode with a port;              cluster; true;  4; false; 5000;  ; cluster; NONE",
        "Node in cluster mode without a port: shared;     cluster; true;  4; true;  ;     ; cluster; NONE",
    })
    void pm2sChoiceOfExecMode(String what, String written, boolean several, int instances, boolean node, String port,
            String incrementVar, String mode, ExecModes.Note note) {
        assertThat(ExecModes.decide(written, several, instances, node, port, incrementVar)).as(what)
                .isEqualTo(new ExecModes.Decision(mode, note));
    }

    @Test
    void aPackageManagerStartsTheAppAsItsChildOutOfTheAdaptersReach() {
        assertThat(ExecModes.startsItsAppAsAChild("cluster", "npm")).isTrue();
        assertThat(ExecModes.startsItsAppAsAChild("cluster", "/usr/lib/node_modules/npm/bin/npm-cli.js")).isTrue();
        assertThat(ExecModes.startsItsAppAsAChild("cluster", "yarn")).isTrue();
        assertThat(ExecModes.startsItsAppAsAChild("fork", "npm")).isFalse();
        assertThat(ExecModes.startsItsAppAsAChild("cluster", "node_modules/.bin/next")).isFalse();
        assertThat(ExecModes.startsItsAppAsAChild(null, "npm")).isFalse();
    }
}
