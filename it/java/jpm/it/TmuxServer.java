package jpm.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A tmux server of a test's own (its own socket, {@code tmux -L}), for programs that need a real
 * terminal: one session named {@code it}; {@link #close} kills the server and whatever runs in it.
 */
final class TmuxServer implements AutoCloseable {
    private final String name;
    private boolean started;

    TmuxServer(String prefix) {
        this.name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Starts session {@code it} of {@code width}x{@code height} running {@code command} (env assignments first, as env(1) takes them). */
    void start(int width, int height, List<String> command) throws Exception {
        List<String> args = new ArrayList<>(List.of("new-session", "-d", "-s", "it", "-x", Integer.toString(width), "-y",
                Integer.toString(height), "env"));
        args.addAll(command);
        started = true;
        run(args.toArray(String[]::new));
    }

    /** Runs a tmux command against this server; fails the test when tmux does. */
    String run(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-L", name));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as("%s: %s", cmd, out).isZero();
        return out;
    }

    /** The text of session {@code it}'s screen. */
    String screen() throws Exception {
        return run("capture-pane", "-p", "-t", "it");
    }

    @Override
    public void close() throws Exception {
        if (started) new ProcessBuilder("tmux", "-L", name, "kill-server").redirectErrorStream(true).start().waitFor();
    }
}
