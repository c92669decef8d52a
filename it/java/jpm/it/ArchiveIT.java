package jpm.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The install archive (bin/archive.sh, docs/install.md) on a machine without a JDK: unpacked into
 * a temporary directory, its bin/jpm runs apply, ls and kill with PATH holding only its bin and
 * /usr/bin:/bin, JAVA_HOME and JPM_JDK pointing at nothing. As root, each command also runs in a
 * mount namespace where /usr/lib/jvm is an empty tmpfs, so that no JDK of this machine is
 * reachable at all (the daemon it starts lives there too).
 */
class ArchiveIT {
    @RegisterExtension
    final JpmHomeFixture jpm = new JpmHomeFixture();

    private Path unpacked;
    private Path root;

    @BeforeEach
    void unpack() throws IOException, InterruptedException {
        Assumptions.assumeFalse(Boolean.getBoolean("jpm.archive.skip"), "built with -Darchive.skip=true");
        Path archive;
        try (Stream<Path> s = Files.list(JpmHomeFixture.JAR.getParent())) {
            archive = s.filter(p -> p.getFileName().toString().matches("jpm-.*-linux-.*\\.tar\\.gz")).findFirst()
                    .orElseThrow(() -> new AssertionError("no target/jpm-*-linux-*.tar.gz: mvn verify builds it (bin/archive.sh)"));
        }
        unpacked = Files.createTempDirectory(Path.of("/tmp"), "jpm-archive-");
        Process p = new ProcessBuilder("tar", "-C", unpacked.toString(), "-xzf", archive.toString()).inheritIO().start();
        assertThat(p.waitFor()).isZero();
        try (Stream<Path> s = Files.list(unpacked)) {
            root = s.findFirst().orElseThrow();
        }
    }

    @AfterEach
    void removeUnpacked() throws IOException {
        if (unpacked == null) return;
        JpmHomeFixture.deleteTree(unpacked);
    }

    /** Runs a shell command line in the JDK-less environment; "$@" holds args. */
    private JpmHomeFixture.Result shell(String script, String... args) {
        List<String> cmd = new ArrayList<>();
        if (isRoot()) {
            // a private mount namespace in which this machine's JDKs are gone
            cmd.addAll(List.of("unshare", "--mount", "--", "/bin/bash", "-c",
                    "mount -t tmpfs none /usr/lib/jvm && " + script, "sh"));
        } else {
            cmd.addAll(List.of("/bin/bash", "-c", script, "sh"));
        }
        cmd.addAll(List.of(args));
        return jpm.run(cmd, Map.of("PATH", root.resolve("bin") + ":/usr/bin:/bin", "JAVA_HOME", "/nonexistent/jdk",
                "JPM_JDK", "/nonexistent/jdk", "JPM_HOME", jpm.home().toString()));
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    @Test
    void runsWithoutAJdk() throws IOException {
        // nothing of a JDK is reachable: no java on PATH, nor under /usr/lib/jvm (as root)
        JpmHomeFixture.Result env = shell("command -v java || echo no-java; command -v jpm; ls -A /usr/lib/jvm | wc -l");
        List<String> lines = env.out().lines().toList();
        assertThat(lines).as(env.toString()).hasSize(3);
        assertThat(lines.subList(0, 2)).containsExactly("no-java", root.resolve("bin/jpm").toString());
        if (isRoot()) assertThat(lines.get(2)).as("/usr/lib/jvm hidden").isEqualTo("0");

        Path eco = unpacked.resolve("ecosystem.yaml");
        Files.writeString(eco, """
                apps:
                  - name: archived
                    script: sleep
                    args: ["300"]
                    instances: 2
                """);
        JpmHomeFixture.Result apply = shell("jpm apply \"$1\"", eco.toString());
        assertThat(apply.exit()).as(apply.toString()).isZero();

        // the CLI's caches, trained at build time in another directory, are valid here
        Path classes = unpacked.resolve("classes.log");
        JpmHomeFixture.Result ping = shell("JPM_JAVA_OPTS=-Xlog:class+load=info:file=$1 jpm ping", classes.toString());
        assertThat(ping.exit()).as(ping.toString()).isZero();
        assertThat(Files.readString(classes)).contains("jpm.cli.FastPath source: shared objects file");

        JpmHomeFixture.Result ls = shell("jpm ls");
        assertThat(ls.exit()).as(ls.toString()).isZero();
        assertThat(ls.out()).contains("archived").contains("online");
        assertThat(jpm.jlist()).hasSize(2).allSatisfy(i -> assertThat(i.get("status")).isEqualTo("online"));

        // the daemon runs on the archive's own runtime, from its private copy of the archive's jar
        List<String> daemon = cmdline(jpm.daemonPid());
        assertThat(daemon.getFirst()).isEqualTo(root.resolve("runtime/bin/java").toString());
        assertThat(daemon).anySatisfy(w -> assertThat(w).startsWith("-XX:AOTCache="));

        JpmHomeFixture.Result kill = shell("jpm kill");
        assertThat(kill.exit()).as(kill.toString()).isZero();
        assertThat(kill.out()).contains("the daemon exits");
    }

    @Test
    void shipsDocsAndSchema() {
        assertThat(root.resolve("schemas/ecosystem.schema.json")).isRegularFile();
        assertThat(root.resolve("docs/install.md")).isRegularFile();
        assertThat(root.resolve("lib/jpm-fast.aot")).isRegularFile();
        assertThat(root.resolve("share/bash-completion/completions/jpm")).content().contains("complete -F _complete_jpm");
        assertThat(root.resolve("share/fish/vendor_completions.d/jpm.fish")).content().contains("complete -c jpm");
    }

    /** bin/archive.sh leaves the man pages out without asciidoctor (.ci/run installs it). */
    @Test
    void shipsManPages() {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/asciidoctor")), "asciidoctor is not installed: no man pages");
        assertThat(root.resolve("man/man1/jpm.1")).isRegularFile();
        assertThat(root.resolve("man/man1/jpm-apply.1")).isRegularFile();
        assertThat(root.resolve("man/man1/jpm-init.1")).isRegularFile();
        // the man page renders (groff through man -l), with the command's synopsis
        JpmHomeFixture.Result man = jpm.run(List.of("man", "-l", "-P", "cat", root.resolve("man/man1/jpm-apply.1").toString()),
                Map.of("MANWIDTH", "100"));
        assertThat(man.exit()).as(man.toString()).isZero();
        assertThat(man.out()).contains("jpm apply");
    }

    private static List<String> cmdline(long pid) throws IOException {
        return List.of(Files.readString(Path.of("/proc/" + pid + "/cmdline")).split("\0"));
    }
}
