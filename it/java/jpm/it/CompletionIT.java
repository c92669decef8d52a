package jpm.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jpm completion}: the scripts loaded by real shells, and Tab driven through them: bash
 * calls the completion function as readline would (COMP_WORDS, COMP_CWORD); fish answers
 * {@code complete -C}; zsh, through bashcompinit, in a real terminal (tmux). Commands come from the
 * command model, app names and namespaces from the running daemon, and a Tab with no daemon
 * starts none.
 */
class CompletionIT {
    @RegisterExtension
    final JpmHomeFixture jpm = new JpmHomeFixture();

    @TempDir
    Path dir;

    private Map<String, String> env;

    @BeforeEach
    void pathWithJpm() {
        env = Map.of("PATH", JpmHomeFixture.BIN.getParent() + ":" + System.getenv("PATH"), "JPM_HOME", jpm.home().toString());
    }

    private Path script(String shell) throws IOException {
        Path f = dir.resolve("jpm." + shell);
        Files.writeString(f, jpm.jpm("completion", shell).ok().out());
        return f;
    }

    /** What bash's completion of jpm offers for the words typed so far (the last one being completed). */
    private List<String> bashTab(Path script, String... words) {
        List<String> cmd = new ArrayList<>(List.of("bash", "-c", """
                source "$1"; shift
                COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 )); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
                _complete_jpm jpm "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
                printf '%s\\n' "${COMPREPLY[@]}"
                """, "sh", script.toString()));
        cmd.addAll(List.of(words));
        JpmHomeFixture.Result r = jpm.run(cmd, env).ok();
        return r.out().lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    @Test
    void bashCompletesCommandsOptionsAndTheDaemonsApps() throws IOException {
        Path bash = script("bash");
        JpmHomeFixture.Result p = jpm.run(List.of("bash", "-c", "source \"$1\"; complete -p jpm", "sh", bash.toString()), env).ok();
        assertThat(p.out()).contains("-F _complete_jpm").contains(" jpm");

        assertThat(bashTab(bash, "jpm", "sto")).containsExactly("stop");
        assertThat(bashTab(bash, "jpm", "ini")).containsExactly("init");
        assertThat(bashTab(bash, "jpm", "init", "--fo")).containsExactly("--force");

        // no daemon: no app candidates, and the Tab started none
        assertThat(bashTab(bash, "jpm", "stop", "")).doesNotContain("alpha");
        assertThat(jpm.home().resolve("daemon.pid")).doesNotExist();

        jpm.jpm("start", "--name", "alpha", "sleep", "--", "60").ok();
        jpm.jpm("start", "--name", "beta", "--namespace", "shop", "sleep", "--", "60").ok();
        assertThat(bashTab(bash, "jpm", "stop", "")).contains("alpha", "beta", "shop", "default", "all");
        assertThat(bashTab(bash, "jpm", "restart", "al")).containsExactlyInAnyOrder("alpha", "all");
        assertThat(bashTab(bash, "jpm", "logs", "sh")).containsExactly("shop");
    }

    @Test
    void fishCompletesTheSameFromItsOwnScript() throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/fish")), "fish is not installed");
        Path fish = script("fish");
        jpm.jpm("start", "--name", "alpha", "sleep", "--", "60").ok();
        JpmHomeFixture.Result r = jpm.run(List.of("fish", "--no-config", "-c",
                "source $argv[1]; complete -C 'jpm sto'; complete -C 'jpm stop al'", fish.toString()), env).ok();
        List<String> words = r.out().lines().map(l -> l.split("\t")[0]).toList();
        assertThat(words).contains("stop", "alpha", "all").doesNotContain("start");
    }

    /**
     * zsh has no way to run a completion widget outside a terminal: a real zsh in tmux (its own
     * server socket) sources the script, and Tab is pressed after {@code jpm sto} and {@code al}.
     */
    @Test
    void zshCompletesThroughBashcompinitInATerminal() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/zsh")), "zsh is not installed");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/tmux")), "tmux is not installed");
        Path zsh = script("zsh");
        jpm.jpm("start", "--name", "alpha", "sleep", "--", "60").ok();
        try (TmuxServer tmux = new TmuxServer("jpm-completion-it")) {
            tmux.start(120, 20, List.of("PATH=" + env.get("PATH"), "JPM_HOME=" + jpm.home(), "HOME=" + dir, "PS1=%% ",
                    "TERM=screen-256color", "zsh", "-f"));
            tmux.run("send-keys", "-t", "it", "-l", "source " + zsh);
            tmux.run("send-keys", "-t", "it", "Enter");
            tmux.run("send-keys", "-t", "it", "-l", "jpm sto");
            tmux.run("send-keys", "-t", "it", "Tab");
            waitForScreen(tmux, "jpm stop");
            tmux.run("send-keys", "-t", "it", "-l", "al");
            tmux.run("send-keys", "-t", "it", "Tab");
            String screen = waitForScreen(tmux, "alpha");
            assertThat(screen).contains("all");
        }
    }

    private static String waitForScreen(TmuxServer tmux, String text) throws Exception {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
        String s = tmux.screen();
        while (!s.contains(text)) {
            if (System.nanoTime() > deadline) throw new AssertionError("waited for " + text + "; the screen:\n" + s);
            Thread.sleep(200);
            s = tmux.screen();
        }
        return s;
    }
}
