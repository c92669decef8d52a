package jpm.os;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * One thread that notices the end of every process the daemon watches, instead of the JDK's
 * thread per process: a pidfd per process ({@code pidfd_open}, Linux 5.3), all in one
 * {@code poll(2)}. A child of the daemon is reaped here with {@code waitpid} on its own pid,
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

    private static final short POLLIN = 0x001;
    private static final Downcall POLL = new Downcall("poll",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));

    private final Map<Integer, Watch> byPidfd = new HashMap<>();
    private final Map<Long, Watch> childrenByPid = new HashMap<>();
    private final int wakeRead;
    private final int wakeWrite;
    private final Consumer<String> log;

    private ExitWatcher(int[] wake, Consumer<String> log) {
        this.wakeRead = wake[0];
        this.wakeWrite = wake[1];
        this.log = log;
    }

    /** Starts the watcher thread. */
    public static ExitWatcher start(String threadName, Consumer<String> log) throws IOException {
        ExitWatcher w = new ExitWatcher(Libc.pipe(Libc.O_NONBLOCK), log);
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
        return add(new Watch(pid, true, fd, onExit));
    }

    /** Watches a process that is not our child; empty if it is gone already. */
    public java.util.Optional<Watch> watchOther(long pid, BiConsumer<Watch, Exit> onExit) {
        int fd = Libc.pidfdOpen(pid);
        if (fd < 0) return java.util.Optional.empty();
        return java.util.Optional.of(add(new Watch(pid, false, fd, onExit)));
    }

    /** Whether {@code pid} is a child this watcher will reap (others must leave its zombie alone). */
    public synchronized boolean reapsChild(long pid) {
        return childrenByPid.containsKey(pid);
    }

    private Watch add(Watch w) {
        synchronized (this) {
            byPidfd.put(w.pidfd, w);
            if (w.child) childrenByPid.put(w.pid, w);
        }
        Libc.writeByte(wakeWrite);
        return w;
    }

    private void loop() {
        while (true) {
            List<Watch> watched;
            synchronized (this) {
                watched = new ArrayList<>(byPidfd.values());
            }
            List<Watch> ended = new ArrayList<>();
            try (Arena arena = Arena.ofConfined()) {
                // struct pollfd { int fd; short events; short revents; }, the wake pipe first
                MemorySegment fds = arena.allocate(8L * (watched.size() + 1), 4);
                fds.set(ValueLayout.JAVA_INT, 0, wakeRead);
                fds.set(ValueLayout.JAVA_SHORT, 4, POLLIN);
                for (int i = 0; i < watched.size(); i++) {
                    fds.set(ValueLayout.JAVA_INT, 8L * (i + 1), watched.get(i).pidfd);
                    fds.set(ValueLayout.JAVA_SHORT, 8L * (i + 1) + 4, POLLIN);
                }
                int n = (int) POLL.get().invokeExact(fds, (long) watched.size() + 1, -1);
                if (n <= 0) continue; // EINTR
                if (fds.get(ValueLayout.JAVA_SHORT, 6) != 0) Libc.drain(wakeRead);
                for (int i = 0; i < watched.size(); i++) {
                    if (fds.get(ValueLayout.JAVA_SHORT, 8L * (i + 1) + 6) != 0) ended.add(watched.get(i));
                }
            } catch (Throwable t) {
                log.accept("exit watcher: " + t);
                continue;
            }
            for (Watch w : ended) finish(w);
        }
    }

    private void finish(Watch w) {
        Exit exit = new Exit(null, null);
        if (w.child) {
            int status = Libc.waitpid(w.pid, false);
            if (status >= 0) exit = Exit.of(status);
        }
        synchronized (this) {
            byPidfd.remove(w.pidfd);
            if (w.child) childrenByPid.remove(w.pid);
        }
        Libc.close(w.pidfd);
        try {
            w.onExit.accept(w, exit);
        } catch (RuntimeException e) {
            log.accept("exit watcher: a handler failed: " + e);
        }
    }
}
