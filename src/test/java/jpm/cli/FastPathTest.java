package jpm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Command;

class FastPathTest {
    private static FastPath.Simple recognize(String... args) {
        return FastPath.recognize(args);
    }

    @Test
    void plainPingLsAndJlistAreRecognized() {
        assertThat(recognize("ping")).isEqualTo(new FastPath.Simple("ping", false, null));
        assertThat(recognize("ls")).isEqualTo(new FastPath.Simple("ls", false, null));
        assertThat(recognize("list")).isEqualTo(new FastPath.Simple("ls", false, null));
        assertThat(recognize("status")).isEqualTo(new FastPath.Simple("ls", false, null));
        assertThat(recognize("jlist")).isEqualTo(new FastPath.Simple("jlist", true, null));
        assertThat(recognize("ping", "--json")).isEqualTo(new FastPath.Simple("ping", true, null));
        assertThat(recognize("ls", "--json")).isEqualTo(new FastPath.Simple("ls", true, null));
        assertThat(recognize("jlist", "--json")).isEqualTo(new FastPath.Simple("jlist", true, null));
        assertThat(recognize("--home", "/h", "ping")).isEqualTo(new FastPath.Simple("ping", false, "/h"));
        assertThat(recognize("--home=/h", "ls", "--json")).isEqualTo(new FastPath.Simple("ls", true, "/h"));
        assertThat(recognize("--home", "ls", "jlist")).isEqualTo(new FastPath.Simple("jlist", true, "ls"));
        assertThat(recognize("--home=", "ping")).isEqualTo(new FastPath.Simple("ping", false, ""));
    }

    @Test
    void everythingElseIsLeftToPicocli() {
        List<String[]> others = List.of(
                new String[] {},
                new String[] {"--help"}, new String[] {"-h"}, new String[] {"-V"}, new String[] {"--version"},
                new String[] {"ping", "--help"}, new String[] {"ls", "-h"}, new String[] {"jlist", "-V"},
                new String[] {"ping", "extra"}, new String[] {"ls", "all"},
                new String[] {"ping", "--json", "--json"}, new String[] {"--json", "ls"},
                new String[] {"ping", "--json=true"}, new String[] {"ls", "--JSON"}, new String[] {"ping", "--"},
                new String[] {"ls", "--home", "/h"}, new String[] {"jlist", "--home=/h"},
                new String[] {"--home"}, new String[] {"--home", "/h"}, new String[] {"--home=/h"},
                new String[] {"--home", "-x", "ping"}, new String[] {"--home=-x", "ping"},
                new String[] {"--home", "/a", "--home", "/b", "ping"},
                new String[] {"--home", "/h", "--json", "ping"},
                new String[] {"PING"}, new String[] {"pin"}, new String[] {"lss"}, new String[] {" ls"},
                new String[] {"start", "app.js"}, new String[] {"describe", "api"}, new String[] {"kill"},
                new String[] {"version"}, new String[] {"daemon", "--foreground"}, new String[] {"logs"},
                new String[] {"update"}, new String[] {"stop", "all"});
        for (String[] args : others) {
            assertThat(FastPath.recognize(args)).as(Arrays.toString(args)).isNull();
        }
    }

    /** The verbs the fast path knows must be exactly the names and aliases picocli gives ping, ls and jlist. */
    @Test
    void verbsAgreeWithThePicocliCommands() {
        Map<Class<?>, String> canonical = Map.of(DaemonControlCommands.Ping.class, "ping", ListCommands.Ls.class, "ls",
                ListCommands.Jlist.class, "jlist");
        Map<String, String> fromAnnotations = new HashMap<>();
        List<String> otherWords = new ArrayList<>();
        for (Class<?> c : CommandRegistry.commands()) {
            Command a = c.getAnnotation(Command.class);
            List<String> words = new ArrayList<>(List.of(a.aliases()));
            words.add(a.name());
            for (String w : words) {
                if (canonical.containsKey(c)) {
                    fromAnnotations.put(w, canonical.get(c));
                } else {
                    otherWords.add(w);
                }
            }
        }
        assertThat(fromAnnotations).containsOnlyKeys("ping", "ls", "list", "status", "jlist");
        fromAnnotations.forEach((word, verb) -> assertThat(recognize(word).verb()).as(word).isEqualTo(verb));
        for (String w : otherWords) assertThat(recognize(w)).as(w).isNull();
    }

    /**
     * An argv it does not take: nothing printed, the home untouched, and picocli's path takes
     * over. (Without a daemon, the fast path starts one: FastPathIT.)
     */
    @Test
    void anArgvItDoesNotTakeIsHandedOverWithoutPrinting(@TempDir Path dir) throws Exception {
        Path home = dir.resolve("home");
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true));
        try {
            assertThat(FastPath.run(new String[] {"--home", home.toString(), "ping", "--help"})).isEqualTo(FastPath.NOT_HANDLED);
            assertThat(FastPath.run(new String[] {"--home", home.toString(), "jlist", "extra"})).isEqualTo(FastPath.NOT_HANDLED);
            assertThat(FastPath.run(new String[] {"--home", home.toString(), "stop", "all"})).isEqualTo(FastPath.NOT_HANDLED);
        } finally {
            System.setOut(saved);
        }
        assertThat(out.size()).isZero();
        assertThat(Files.exists(home)).as("the fast path creates nothing").isFalse();
    }
}
