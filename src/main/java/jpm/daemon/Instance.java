package jpm.daemon;

import java.nio.file.Path;

/** One running (or stopped) copy of an app. Mutable; touched only on the supervisor loop. */
final class Instance implements Targets.Selectable {
    final long id;
    final App app;
    final int index;
    /** Where the current (or next) process writes; set from the app's spec at each spawn. */
    Path outLog;
    Path errLog;
    Lifecycle.State state = Lifecycle.State.initial();
    /** The running main process, spawned or adopted after a daemon restart; null when none runs. */
    jpm.os.ExitWatcher.Watch running;
    /** The running process's Node IPC channel (readiness, drain, messages), or null. */
    IpcChannel ipc;
    /** The write end of the running process's stdin pipe ({@code stdin: message}), or null. */
    StdinPipe stdin;
    /** /proc start time of the main process: with the pid, what identifies it across daemon restarts. */
    long startTicks;
    /** pid of the main process, which is also its process group id (0 when none). */
    long pid;
    /** The last transitions, oldest first, for describe. */
    final java.util.ArrayDeque<HistoryEntry> history = new java.util.ArrayDeque<>();
    static final int HISTORY = 10;
    /** Metrics of the instance's whole tree, from the last /proc scan. */
    double cpuPercent;
    long rssBytes;
    long lastCpuTicks = -1;
    long lastScanNanos;
    /**
     * CPU ticks the instance's trees used over all its runs in this daemon's life, as of the last
     * scan (jlist's cpu_time_ms): only ever grows. {@link #lastTreeTicks} is what a run's tree had
     * at the last scan, children waited for included, and {@link #lastTreePid} with
     * {@link #lastTreeStart} which run that was (its main process): a scan of another run starts
     * from nothing.
     */
    long cpuTicksTotal;
    long lastTreeTicks;
    long lastTreePid;
    long lastTreeStart;
    /** What the process last said with sd_notify's STATUS=, for describe; null when nothing. */
    String statusText;
    /** Messages from the process that were not passed on (too long, not JSON), and why the last one was not. */
    long messagesDropped;
    String lastDropReason;
    /** What the health probe last concluded for the running process; null without a probe or a process. */
    HealthStatus health;
    /** The last results of the health probe of the running process, oldest first, for describe. */
    final java.util.ArrayDeque<ProbeRecord> probes = new java.util.ArrayDeque<>();
    /** Bumped whenever a timer is scheduled, so that only the latest timer is honoured. */
    long timerSeq;

    Instance(long id, App app, int index, Path outLog, Path errLog) {
        this.id = id;
        this.app = app;
        this.index = index;
        this.outLog = outLog;
        this.errLog = errLog;
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public String appName() {
        return app.spec.name();
    }

    @Override
    public String namespace() {
        return app.spec.namespace();
    }
}
