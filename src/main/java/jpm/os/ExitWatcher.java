package jpm.os;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * One thread that notices the end of every process the daemon watches, instead of the JDK's
 * thread per process: a pidfd per process ({@code pidfd_open}, Linux 5.3), all in one
 * epoll set ({@link Epoll}), so a spawn or an exit costs the same with 10 or 10,000 watched. A child of the daemon is reaped here with {@code waitpid} on its own pid,
 * never {@code waitpid(-1)}, so no other waiter loses a status; the pidfd keeps the pid from
 * being reused until then. A process that is not our child (adopted after a daemon restart)
 * ends without a status.
 */
public final class ExitWatcher {
    /** How a process ended: exit code or signal name; both null when unknown (not our child). */
    public record Exit(Integer code, String signal) {
        static Exit of(int status) {
            int low = status & 0x7f;
            if (low == 0) return new Exit((status >> 8) & 0xff, null);
            return new Exit(null, Signals.name(low));
        }
    }

    /** One watched process; identity matters (a later process may reuse the pid). */
    public static final class Watch {
        private final long pid;
        private final boolean child;
        private final int pidfd;
        private final BiConsumer<Watch, Exit> onExit;

        private Watch(long pid, boolean child, int pidfd, BiConsumer<Watch, Exit> onExit) {
            this.pid = pid;
            this.child = child;
            this.pidfd = pidfd;
            this.onExit = onExit;
        }

        public long pid() {
            return pid;
        }

        /** Whether the process is the daemon's child (its exit status is known). */
        public boolean child() {
            return child;
        }
    }

    private final Map<Integer, Watch> byPidfd = new HashMap<>();
    private final Map<Long, Watch> childrenByPid = new HashMap<>();
    private final Epoll epoll;
    private final Consumer<String> log;

    private ExitWatcher(Epoll epoll, Consumer<String> log) {
        this.epoll = epoll;
        this.log = log;
    }

    /** Starts the watcher thread. */
    public static ExitWatcher start(String threadName, Consumer<String> log) throws IOException {
        ExitWatcher w = new ExitWatcher(new Epoll(256), log);
        Thread.ofPlatform().name(threadName).daemon().stackSize(256 * 1024).start(w::loop);
        return w;
    }

    /**
     * Watches a child of the daemon, just spawned and not reaped yet; {@code onExit} runs on the
     * watcher thread once it ended and was reaped.
     */
    public Watch watchChild(long pid, BiConsumer<Watch, Exit> onExit) throws IOException {
        int fd = Libc.pidfdOpen(pid);
        if (fd < 0) throw new IOException("pidfd_open(" + pid + "): " + Libc.strerror(-fd));
        Watch w = new Watch(pid, true, fd, onExit);
        int rc = add(w);
        if (rc < 0) throw new IOException("epoll_ctl(pidfd of " + pid + "): " + Libc.strerror(-rc));
        return w;
    }

    /** Watches a process that is not our child; empty if it is gone already. */
    public java.util.Optional<Watch> watchOther(long pid, BiConsumer<Watch, Exit> onExit) {
        int fd = Libc.pidfdOpen(pid);
        if (fd < 0) return java.util.Optional.empty();
        Watch w = new Watch(pid, false, fd, onExit);
        int rc = add(w);
        if (rc < 0) {
            log.accept("exit watcher: cannot watch " + pid + ": epoll_ctl: " + Libc.strerror(-rc));
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(w);
    }

    /** Whether {@code pid} is a child this watcher will reap (others must leave its zombie alone). */
    public synchronized boolean reapsChild(long pid) {
        return childrenByPid.containsKey(pid);
    }

    /** How many processes are watched now. */
    public synchronized int size() {
        return byPidfd.size();
    }

    /**
     * Registers the watch, then adds its pidfd to the kernel's set: the map has it before the
     * set can report it. A pidfd of a process already gone is ready at once (level-triggered),
     * so no exit is missed. 0, or the errno of epoll_ctl negated (the watch is then dropped).
     */
    private int add(Watch w) {
        synchronized (this) {
            byPidfd.put(w.pidfd, w);
            if (w.child) childrenByPid.put(w.pid, w);
        }
        int rc = epoll.add(w.pidfd);
        if (rc < 0) {
            forget(w);
            Libc.close(w.pidfd);
        }
        return rc;
    }

    private synchronized void forget(Watch w) {
        byPidfd.remove(w.pidfd);
        if (w.child) childrenByPid.remove(w.pid);
    }

    /** Each wake-up costs the number of processes that ended, not the number watched. */
    private void loop() {
        int[] ready = new int[epoll.maxEvents()];
        while (true) {
            int n;
            try {
                n = epoll.await(ready);
            } catch (Throwable t) {
                log.accept("exit watcher: " + t);
                continue;
            }
            for (int i = 0; i < n; i++) {
                Watch w;
                synchronized (this) {
                    w = byPidfd.get(ready[i]);
                }
                if (w != null) finish(w);
            }
        }
    }

    private void finish(Watch w) {
        Exit exit = new Exit(null, null);
        if (w.child) {
            int status = Libc.waitpid(w.pid, false);
            if (status >= 0) exit = Exit.of(status);
        }
        forget(w);
        // out of the set before the close: the number may be reused by the next watch at once
        epoll.remove(w.pidfd);
        Libc.close(w.pidfd);
        try {
            w.onExit.accept(w, exit);
        } catch (RuntimeException e) {
            log.accept("exit watcher: a handler failed: " + e);
        }
    }
}
