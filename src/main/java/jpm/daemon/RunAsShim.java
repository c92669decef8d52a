package jpm.daemon;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import jpm.os.Passwd;
import jpm.ecosystem.AppSpec;
import jpm.ecosystem.RunAs;
import jpm.ecosystem.SpecException;

/**
 * Runs an app as its {@code uid}/{@code gid}. posix_spawn cannot change credentials, so the
 * child's argv starts with util-linux {@code setpriv}, which sets the real and effective uid and
 * gid, the supplementary groups (initgroups, or none for a uid without a passwd entry) and execs
 * the app in place: the pid stays the one posix_spawn returned, the process group and session
 * too, and no shell is involved. Everything else of the spawn stays the daemon's: the cwd, the
 * log files (opened before setpriv runs, handed over as fds 1 and 2), the cluster socket on fd 3.
 *
 * <p>Only a root daemon can switch users; a daemon of another user can run an app only as
 * itself ({@link #prefix} decides, a pure function).
 */
final class RunAsShim {
    /** What one spawn needs: who (null = the daemon's user) and the argv prefix. */
    record Plan(RunAs runAs, List<String> prefix) {
        static final Plan NONE = new Plan(null, List.of());

        List<String> wrap(List<String> argv) {
            if (prefix.isEmpty()) return argv;
            List<String> out = new ArrayList<>(prefix);
            out.addAll(argv);
            return out;
        }

        void applyTo(Map<String, String> env) {
            if (runAs != null) runAs.applyTo(env);
        }

        /** The uid the app's processes run as. */
        long uid() {
            return runAs == null ? Passwd.euid() : runAs.uid();
        }
    }

    private final RunAs.Accounts accounts;
    private final long selfUid;
    private final long selfGid;
    private final String setpriv;

    RunAsShim(RunAs.Accounts accounts, long selfUid, long selfGid, String setpriv) {
        this.accounts = accounts;
        this.selfUid = selfUid;
        this.selfGid = selfGid;
        this.setpriv = setpriv;
    }

    /**
     * The daemon's own: NSS lookups, its effective ids, setpriv where Debian and others install
     * it. Made on the first app with a uid or gid (a holder class), so a daemon without any
     * links no libc function for it.
     */
    private static final class Holder {
        static final RunAsShim SYSTEM = new RunAsShim(SYSTEM_ACCOUNTS, Passwd.euid(), Passwd.egid(),
                Spawner.firstExecutable("/usr/bin/setpriv", "/bin/setpriv"));
    }

    /** {@link #plan} by this daemon; {@link Plan#NONE} for an app without uid and gid. */
    static Plan planFor(AppSpec spec) {
        if (spec.launch().uid() == null && spec.launch().gid() == null) return Plan.NONE;
        return Holder.SYSTEM.plan(spec);
    }

    long selfUid() {
        return selfUid;
    }

    /**
     * Resolves an app's uid and gid now (the users and groups of this moment) and decides.
     *
     * @throws SpecException naming the app: an unknown user or group, or one this daemon cannot switch to
     */
    Plan plan(AppSpec spec) {
        String uid = spec.launch().uid();
        String gid = spec.launch().gid();
        if (uid == null && gid == null) return Plan.NONE;
        try {
            RunAs r = RunAs.resolve(uid, gid, accounts, selfUid);
            return new Plan(r, prefix(r, selfUid, selfGid, setpriv));
        } catch (SpecException e) {
            throw new SpecException("app '" + spec.name() + "': " + e.getMessage());
        }
    }

    /**
     * The argv prefix that makes the child run as {@code r}. A root daemon always goes through
     * setpriv (even to root: the groups are reset to the user's); another daemon only runs apps
     * as its own uid and gid, which needs nothing.
     */
    static List<String> prefix(RunAs r, long selfUid, long selfGid, String setpriv) {
        if (r == null) return List.of();
        if (selfUid != 0) {
            if (r.uid() == selfUid && r.gid() == selfGid) return List.of();
            throw new SpecException("cannot run as " + r.describe() + ": the daemon runs as uid " + selfUid + " (gid " + selfGid
                    + "), not as root, and can run apps only as itself; remove uid/gid, or run the daemon as root");
        }
        if (setpriv == null) {
            throw new SpecException("running as " + r.describe() + " needs util-linux setpriv (/usr/bin/setpriv), which is not installed");
        }
        return List.of(setpriv, "--reuid=" + r.uid(), "--regid=" + r.gid(),
                r.account() != null ? "--init-groups" : "--clear-groups", "--");
    }

    private static final RunAs.Accounts SYSTEM_ACCOUNTS = new RunAs.Accounts() {
        @Override
        public Optional<RunAs.Account> user(String name) {
            return Passwd.user(name).map(u -> new RunAs.Account(u.name(), u.uid(), u.gid(), u.home()));
        }

        @Override
        public Optional<RunAs.Account> user(long uid) {
            return Passwd.user(uid).map(u -> new RunAs.Account(u.name(), u.uid(), u.gid(), u.home()));
        }

        @Override
        public OptionalLong group(String name) {
            return Passwd.group(name).map(g -> OptionalLong.of(g.gid())).orElse(OptionalLong.empty());
        }
    };
}
