package jpm.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import jpm.export.systemd.SystemdQuoting;

/**
 * The systemd service that runs one user's jpm daemon at boot; docs/startup.md explains every
 * directive. Pure: {@link #render()} only builds the text, {@link StartupCommand} writes it and
 * runs systemctl.
 *
 * @param target        whose daemon, and a user or a system unit
 * @param jpmHome       the daemon's JPM_HOME
 * @param execStart     the daemon's command line, absolute program first
 * @param environment   Environment= lines, in order (JPM_HOME, PATH, ...)
 * @param documentation a URI for Documentation=, or null
 */
record SystemdUnit(StartupTarget target, Path jpmHome, List<String> execStart, Map<String, String> environment,
                   String documentation) {
    /** The daemon bounds its stop of every app on SIGTERM to 30 s (Daemon.onSignal); systemd must wait longer. */
    static final String TIMEOUT_STOP = "45s";
    /** A JVM that ran its shutdown hooks after SIGTERM exits with 128 + 15. */
    static final int JVM_SIGTERM_EXIT = 143;
    /** The daemon exits with this (EX_TEMPFAIL) to hand over to a new jpm binary under systemd (jpm update). */
    static final int HANDOVER_EXIT = 75;

    SystemdUnit {
        execStart = List.copyOf(execStart);
        environment = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(environment));
    }

    String render() {
        StringBuilder u = new StringBuilder();
        String edit = "systemctl " + (target.system() ? "" : "--user ") + "edit " + target.unitName();
        u.append("# The jpm daemon of user ").append(target.account().name()).append(", written by `jpm startup`.\n");
        u.append("# `jpm startup --install --force` rewrites this file: put local changes in a drop-in (").append(edit).append(").\n");
        u.append("[Unit]\n");
        u.append("Description=").append(literal("jpm process manager (user " + target.account().name() + ", JPM_HOME " + jpmHome + ")")).append('\n');
        if (documentation != null) u.append("Documentation=").append(literal(documentation)).append('\n');
        if (target.system()) {
            // apps that listen on an address want the network configured; a user manager cannot order on system units
            u.append("Wants=network-online.target\nAfter=network-online.target\n");
        }
        u.append("\n[Service]\nType=simple\n");
        if (target.system()) {
            u.append("User=").append(literal(target.account().name())).append('\n');
            if (target.account().group() != null) u.append("Group=").append(literal(target.account().group())).append('\n');
        }
        environment.forEach((k, v) -> u.append("Environment=").append(quoted(k + "=" + v, false)).append('\n'));
        u.append("WorkingDirectory=").append(literal(target.account().home().toString())).append('\n');
        u.append("ExecStart=").append(execLine(execStart)).append('\n');
        u.append("# Apps outlive the daemon: after a crash the next daemon re-adopts them from JPM_HOME/state.json.\n");
        u.append("# On stop the daemon gets SIGTERM and stops every app itself, within 30 s.\n");
        u.append("KillMode=process\n");
        u.append("TimeoutStopSec=").append(TIMEOUT_STOP).append('\n');
        u.append("# After SIGTERM the JVM exits with ").append(JVM_SIGTERM_EXIT).append(": a clean stop.\n");
        u.append("SuccessExitStatus=").append(JVM_SIGTERM_EXIT).append('\n');
        u.append("Restart=on-failure\nRestartSec=1s\n");
        u.append("# ").append(HANDOVER_EXIT).append(": the daemon hands over to a new jpm binary (jpm update), its apps running: start it again.\n");
        u.append("RestartForceExitStatus=").append(HANDOVER_EXIT).append('\n');
        u.append("\n[Install]\nWantedBy=").append(target.wantedBy()).append('\n');
        return u.toString();
    }

    /** A command line for ExecStart= ({@link SystemdQuoting#execLine}); control characters are refused. */
    static String execLine(List<String> argv) {
        argv.forEach(SystemdUnit::literal);
        return SystemdQuoting.execLine(argv);
    }

    /** A double-quoted value ({@link SystemdQuoting#quoted}); control characters are refused. */
    static String quoted(String value, boolean dollars) {
        literal(value);
        return SystemdQuoting.quoted(value, dollars);
    }

    /**
     * A value with % doubled, so that systemd does not read specifiers; control characters are
     * refused: the daemon's unit has no reason to hold one, and one in PATH or a home is more
     * likely a mistake (or an attempt at a second directive) than a wish.
     */
    static String literal(String value) {
        String l = SystemdQuoting.literal(value);
        if (l == null) throw new CliException(ExitCodes.USAGE, "cannot write a systemd unit with a control character in: " + value.strip());
        return l;
    }
}
