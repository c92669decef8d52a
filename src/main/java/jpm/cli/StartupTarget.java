package jpm.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Whose daemon a unit of {@code jpm startup} runs, and where the unit goes: a user that is not
 * root gets a user unit, {@code $XDG_CONFIG_HOME/systemd/user/jpm.service}, handled by
 * {@code systemctl --user}; root gets a system unit, {@code /etc/systemd/system/jpm-NAME.service}
 * with {@code User=NAME}, for itself or for the user of {@code --user NAME}. Pure: the account
 * lookup is passed in.
 */
record StartupTarget(boolean system, Account account, Path unitDir) {
    static final Path SYSTEM_UNIT_DIR = Path.of("/etc/systemd/system");

    /** A user as the system knows it (passwd): group may be null when unknown. */
    record Account(String name, String group, Path home) {
        /** A passwd line, {@code name:x:uid:gid:gecos:home:shell}; the group is filled in later. */
        static Optional<Account> parsePasswd(String line) {
            String[] f = line.strip().split(":", -1);
            if (f.length < 7 || f[0].isEmpty() || !f[5].startsWith("/")) return Optional.empty();
            return Optional.of(new Account(f[0], f[3], Path.of(f[5])));
        }

        Account withGroup(String group) {
            return new Account(name, group, home);
        }
    }

    static StartupTarget resolve(int uid, String me, String requested, Map<String, String> env,
                                 Function<String, Optional<Account>> accounts) {
        boolean root = uid == 0;
        if (requested != null && !root && !requested.equals(me) && !requested.equals(Integer.toString(uid))) {
            throw new CliException(ExitCodes.USAGE, "--user " + requested + " needs root: without it you can only install jpm for"
                    + " yourself (" + me + "), as a user unit; for another user run: sudo jpm startup --user " + requested);
        }
        String name = requested != null ? requested : me;
        Account account = accounts.apply(name).orElse(null);
        if (account == null) {
            if (requested != null && !requested.equals(me)) {
                throw new CliException(ExitCodes.USAGE, "no such user: " + requested);
            }
            // yourself without a passwd entry (a container's arbitrary uid): what the environment says
            account = new Account(me, null, Path.of(env.getOrDefault("HOME", System.getProperty("user.home"))));
        }
        if (!account.name().matches("[A-Za-z0-9_][A-Za-z0-9._-]*")) {
            throw new CliException(ExitCodes.USAGE, "cannot name a systemd unit after user '" + account.name() + "'");
        }
        if (root) return new StartupTarget(true, account, SYSTEM_UNIT_DIR);
        return new StartupTarget(false, account, configHome(env, account.home()).resolve("systemd/user"));
    }

    /** $XDG_CONFIG_HOME if it is absolute (the XDG rule: a relative one is ignored), else ~/.config. */
    static Path configHome(Map<String, String> env, Path home) {
        String xdg = env.get("XDG_CONFIG_HOME");
        return xdg != null && xdg.startsWith("/") ? Path.of(xdg) : home.resolve(".config");
    }

    String unitName() {
        return system ? "jpm-" + account.name() + ".service" : "jpm.service";
    }

    Path unitFile() {
        return unitDir.resolve(unitName());
    }

    /** Started at boot by the system manager; a user manager starts at the user's login, or at boot with linger. */
    String wantedBy() {
        return system ? "multi-user.target" : "default.target";
    }

    /** The link that {@code systemctl enable} makes, for when it must be removed by hand. */
    Path wantsLink() {
        return unitDir.resolve(wantedBy() + ".wants").resolve(unitName());
    }

    List<String> systemctl(String... words) {
        List<String> argv = new ArrayList<>(List.of("systemctl"));
        if (!system) argv.add("--user");
        argv.addAll(List.of(words));
        return argv;
    }
}
