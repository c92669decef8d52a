package jpm.cli.monit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import jpm.cli.monit.MonitState.Order;
import jpm.rpc.InstanceInfo;
import org.jline.terminal.Attributes;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.Display;
import org.jline.utils.InfoCmp.Capability;

/**
 * The shell around the terminal: raw mode and the alternate screen in, the loop (apply what the
 * feed brought, draw what {@link Layout} says when something changed, read a key and do what
 * {@link MonitState#handle} says), and the terminal as it was on the way out, whatever the way:
 * q, Ctrl-C, SIGINT/SIGTERM/SIGHUP (a shutdown hook), the daemon gone, an exception.
 */
public final class Monit {
    /** The longest a key waits: what the feed brought is drawn at most this late. */
    static final long TICK_MS = 100;

    private final Terminal terminal;
    private final Feed feed;
    private final Layout.Style style;
    private final MonitState state = new MonitState();
    private volatile boolean resized = true;
    private volatile boolean interrupted;
    private Attributes saved;
    private boolean restored;

    private Monit(Terminal terminal, Feed feed, boolean colors) {
        this.terminal = terminal;
        this.feed = feed;
        this.style = new Layout.Style(colors, StandardCharsets.UTF_8.equals(terminal.encoding()));
    }

    /**
     * Runs monit on the process's terminal until the user quits; null then, else why it ended
     * (the daemon went away), which the caller reports once the terminal is back.
     */
    public static String run(DaemonLink link, boolean colors) throws IOException {
        // box-drawing characters as themselves: JLine would switch to the terminal's line-drawing
        // charset for them, which tmux's capture (and some terminals over ssh) show as letters
        System.setProperty(TerminalBuilder.PROP_DISABLE_ALTERNATE_CHARSET, "true");
        try (Terminal terminal = TerminalBuilder.builder().system(true).provider("ffm").nativeSignals(true).build();
             Feed feed = new Feed(link)) {
            return new Monit(terminal, feed, colors).session();
        }
    }

    private String session() throws IOException {
        Thread hook = new Thread(this::restore, "jpm-monit-restore");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            enter();
            feed.start();
            return loop();
        } finally {
            restore();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook runs (and finds the terminal restored)
            }
        }
    }

    private void enter() {
        saved = terminal.enterRawMode();
        Attributes raw = terminal.getAttributes();
        raw.setLocalFlag(Attributes.LocalFlag.ISIG, false); // Ctrl-C arrives as a key: quit, then restore
        terminal.setAttributes(raw);
        terminal.handle(Terminal.Signal.WINCH, s -> resized = true);
        terminal.handle(Terminal.Signal.INT, s -> interrupted = true);
        if (!terminal.puts(Capability.enter_ca_mode)) terminal.writer().print("\033[?1049h");
        terminal.puts(Capability.keypad_xmit);
        terminal.puts(Capability.cursor_invisible);
        terminal.flush();
    }

    /** The terminal as it was: cursor, keypad, main screen, line discipline. Once, from whichever path gets here first. */
    private synchronized void restore() {
        if (restored || saved == null) return;
        restored = true;
        terminal.puts(Capability.cursor_visible);
        terminal.puts(Capability.keypad_local);
        if (!terminal.puts(Capability.exit_ca_mode)) terminal.writer().print("\033[?1049l");
        terminal.flush();
        terminal.setAttributes(saved);
    }

    private String loop() throws IOException {
        KeyInput keys = new KeyInput(terminal.reader());
        Display display = new Display(terminal, true);
        Size size = terminal.getSize();
        boolean dirty = true;
        while (!interrupted) {
            for (Consumer<MonitState> u; (u = feed.nextUpdate()) != null; ) {
                u.accept(state);
                dirty = true;
            }
            if (feed.ended() != null) return feed.ended();
            if (resized) {
                resized = false;
                size = terminal.getSize();
                display.clear();
                display.resize(size.getRows(), size.getColumns());
                dirty = true;
            }
            if (dirty) {
                display.updateAnsi(Layout.lines(state, size.getColumns(), size.getRows(), style), -1);
                terminal.flush();
                InstanceInfo sel = state.selected();
                if (sel == null) feed.follow(null, null);
                else feed.follow(sel.outLog(), sel.errLog());
                dirty = false;
            }
            Key key = keys.read(TICK_MS);
            if (key == null) continue;
            dirty = true;
            Order o = state.handle(key, Layout.listRows(state.visible().size(), size.getRows()));
            if (o == null) continue;
            if (o.verb() == Order.Verb.QUIT) return null;
            state.message(Feed.verb(o) + " " + o.label() + "...");
            feed.carryOut(o);
        }
        return null;
    }
}
