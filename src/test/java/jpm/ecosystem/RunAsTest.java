package jpm.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** uid and gid: their form, their resolution against a fixed set of accounts, and the loader's diagnostics. */
class RunAsTest {
    /** root, nobody (65534/65534, home /nonexistent), alice (1000/1000 with home /home/alice); groups root, nogroup, staff. */
    static final RunAs.Accounts ACCOUNTS = new RunAs.Accounts() {
        final List<RunAs.Account> users = List.of(new RunAs.Account("root", 0, 0, "/root"),
                new RunAs.Account("nobody", 65534, 65534, "/nonexistent"), new RunAs.Account("alice", 1000, 1000, "/home/alice"));
        final Map<String, Long> groups = Map.of("root", 0L, "nogroup", 65534L, "staff", 50L);

        @Override
        public Optional<RunAs.Account> user(String name) {
            return users.stream().filter(u -> u.name().equals(name)).findFirst();
        }

        @Override
        public Optional<RunAs.Account> user(long uid) {
            return users.stream().filter(u -> u.uid() == uid).findFirst();
        }

        @Override
        public OptionalLong group(String name) {
            Long g = groups.get(name);
            return g == null ? OptionalLong.empty() : OptionalLong.of(g);
        }
    };

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "null", textBlock = """
            nobody        | nobody
            ' alice '     | alice
            65534         | 65534
            007           | 7
            4294967294    | 4294967294
            svc-web.1     | svc-web.1
            bob@corp.example | bob@corp.example
            host$         | host$
            null          | null
            """)
    void acceptedForms(String written, String canonical) {
        assertThat(RunAs.checkForm("uid", written)).isEqualTo(canonical);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            4294967295    | uid must be at most 4294967294
            -1            | uid must be a user name or a number, got '-1'
            --reuid=0     | uid must be a user name or a number
            a b           | uid must be a user name or a number
            root:x        | uid must be a user name or a number
            ../etc        | uid must be a user name or a number
            ''            | uid must be a user name or a number
            """)
    void refusedForms(String written, String message) {
        assertThatThrownBy(() -> RunAs.checkForm("uid", written)).isInstanceOf(RunAs.Refused.class).hasMessageContaining(message);
    }

    /** uid, gid, daemon uid -> uid, gid, initgroups (an account), whether the user's environment is set. */
    @ParameterizedTest(name = "uid {0}, gid {1}")
    @CsvSource(delimiter = '|', nullValues = "null", textBlock = """
            nobody | null    | 0    | 65534 | 65534 | nobody | true
            65534  | null    | 0    | 65534 | 65534 | nobody | true
            alice  | staff   | 0    | 1000  | 50    | alice  | true
            alice  | 4242    | 0    | 1000  | 4242  | alice  | true
            12345  | 12345   | 0    | 12345 | 12345 | null   | true
            null   | nogroup | 0    | 0     | 65534 | root   | false
            null   | nogroup | 1000 | 1000  | 65534 | alice  | false
            root   | null    | 0    | 0     | 0     | root   | true
            """)
    void resolves(String uid, String gid, long self, long expectedUid, long expectedGid, String account, boolean userGiven) {
        RunAs r = RunAs.resolve(uid, gid, ACCOUNTS, self);
        assertThat(r.uid()).isEqualTo(expectedUid);
        assertThat(r.gid()).isEqualTo(expectedGid);
        assertThat(r.account() == null ? null : r.account().name()).isEqualTo(account);
        assertThat(r.userGiven()).isEqualTo(userGiven);
    }

    @Test
    void neitherGivenIsTheDaemonsOwnUser() {
        assertThat(RunAs.resolve(null, null, ACCOUNTS, 0)).isNull();
    }

    @ParameterizedTest(name = "uid {0}, gid {1}")
    @CsvSource(delimiter = '|', nullValues = "null", textBlock = """
            no-such-user | null      | uid | no such user 'no-such-user'
            nobody       | no-group  | gid | no such group 'no-group'
            12345        | null      | uid | uid 12345 has no passwd entry, so no primary group: give gid as well
            """)
    void refused(String uid, String gid, String key, String message) {
        assertThatThrownBy(() -> RunAs.resolve(uid, gid, ACCOUNTS, 0)).isInstanceOfSatisfying(RunAs.Refused.class, e -> {
            assertThat(e.key()).isEqualTo(key);
            assertThat(e).hasMessage(message);
        });
    }

    @Test
    void theUsersEnvironmentReplacesTheDaemonsAndABareUidGetsNoName() {
        Map<String, String> env = new TreeMap<>(Map.of("HOME", "/root", "USER", "root", "LOGNAME", "root", "PATH", "/bin"));
        RunAs.resolve("nobody", null, ACCOUNTS, 0).applyTo(env);
        assertThat(env).containsExactlyInAnyOrderEntriesOf(Map.of("HOME", "/nonexistent", "USER", "nobody", "LOGNAME", "nobody", "PATH", "/bin"));

        Map<String, String> bare = new TreeMap<>(Map.of("HOME", "/root", "USER", "root", "LOGNAME", "root"));
        RunAs.resolve("12345", "12345", ACCOUNTS, 0).applyTo(bare);
        assertThat(bare).containsExactlyEntriesOf(Map.of("HOME", "/"));

        Map<String, String> groupOnly = new TreeMap<>(Map.of("HOME", "/root"));
        RunAs.resolve(null, "staff", ACCOUNTS, 0).applyTo(groupOnly);
        assertThat(groupOnly).containsExactlyEntriesOf(Map.of("HOME", "/root"));
    }

    @Test
    void uidAndGidArePartOfTheLaunchAndItsHash() {
        Launch plain = Launch.of("app.sh", "/srv");
        assertThat(plain.withRunAs("nobody", null).hash()).isNotEqualTo(plain.hash());
        assertThat(plain.withRunAs("nobody", "nogroup").hash()).isNotEqualTo(plain.withRunAs("nobody", null).hash());
        assertThat(plain.withRunAs("007", null)).isEqualTo(plain.withRunAs("7", null));
        assertThatThrownBy(() -> plain.withRunAs("a b", null)).isInstanceOf(SpecException.class);
    }

    @Test
    void theLoaderReportsAnUnknownUserOrGroupAtItsLine() throws Exception {
        Path f = tmp.resolve("eco.yaml");
        Files.writeString(f, """
                apps:
                  - name: a
                    script: /bin/true
                    uid: no-such-user
                  - name: b
                    script: /bin/true
                    user: nobody
                    gid: no-group
                  - name: c
                    script: /bin/true
                    uid: 12345
                  - name: d
                    script: /bin/true
                    user: nobody
                    gid: 65534
                """);
        assertThatThrownBy(() -> new EcosystemLoader(2, ACCOUNTS, 0).load(f, LoadOptions.DEFAULTS))
                .isInstanceOfSatisfying(EcosystemException.class, e -> assertThat(e.diagnostics()).extracting(Diagnostic::render)
                        .containsExactly(
                                f + ":4:10: /apps/0/uid: no such user 'no-such-user'",
                                f + ":8:10: /apps/1/gid: no such group 'no-group'",
                                f + ":11:10: /apps/2/uid: uid 12345 has no passwd entry, so no primary group: give gid as well"));
    }

    @Test
    void theLoaderKeepsUidAndGidAsWritten() throws Exception {
        Path f = tmp.resolve("eco.yaml");
        Files.writeString(f, "apps:\n  - name: d\n    script: /bin/true\n    user: nobody\n    gid: 65534\n");
        Launch l = new EcosystemLoader(2, ACCOUNTS, 0).load(f, LoadOptions.DEFAULTS).apps().getFirst().launch();
        assertThat(l.uid()).isEqualTo("nobody");
        assertThat(l.gid()).isEqualTo("65534");
    }

    @Test
    void aBadFormIsAnErrorAtItsLineEvenWithoutAccounts() throws Exception {
        Path f = tmp.resolve("eco.yaml");
        Files.writeString(f, "apps:\n  - name: d\n    script: /bin/true\n    uid: 'root:x'\n");
        assertThatThrownBy(() -> new EcosystemLoader(2).load(f, LoadOptions.DEFAULTS))
                .isInstanceOfSatisfying(EcosystemException.class, e -> assertThat(e.diagnostics()).extracting(Diagnostic::render)
                        .containsExactly(f + ":4:10: /apps/0/uid: uid must be a user name or a number, got 'root:x'"));
    }
}
