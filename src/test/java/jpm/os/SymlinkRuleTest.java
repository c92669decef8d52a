package jpm.os;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The protected_symlinks rule: directory mode and owner, link owner, app user, daemon user -> follow or refuse. */
class SymlinkRuleTest {
    @ParameterizedTest(name = "dir {0} owned by {1}, link by {2}, app {3}, daemon {4}: {5}")
    @CsvSource(delimiter = '|', textBlock = """
            1777 | 0    | 65534 | 0     | 0    | refuse
            1777 | 0    | 65534 | 65534 | 0    | follow
            1777 | 0    | 0     | 65534 | 0    | follow
            1777 | 0    | 1000  | 0     | 1000 | follow
            1777 | 1000 | 1000  | 0     | 0    | follow
            1777 | 1000 | 65534 | 0     | 0    | refuse
            1773 | 0    | 65534 | 0     | 0    | refuse
            0777 | 0    | 65534 | 0     | 0    | follow
            1775 | 0    | 65534 | 0     | 0    | follow
            1770 | 0    | 65534 | 0     | 0    | follow
            0755 | 0    | 65534 | 0     | 0    | follow
            41777| 0    | 65534 | 0     | 0    | refuse
            """)
    void decides(String mode, long dirOwner, long linkOwner, long app, long daemon, String expected) {
        assertThat(SymlinkRule.follow(Integer.parseInt(mode, 8), dirOwner, linkOwner, app, daemon) ? "follow" : "refuse").isEqualTo(expected);
    }
}
