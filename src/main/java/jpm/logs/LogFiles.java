package jpm.logs;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The log files the daemon holds open (piped mode), one {@link LogFile} per path however many
 * streams write to it (merge_logs, log_file), counted so the last user closes it.
 */
public final class LogFiles {
    private record Entry(LogFile file, int[] users) {}

    private final Map<Path, Entry> open = new HashMap<>();
    private final Consumer<String> log;

    public LogFiles(Consumer<String> log) {
        this.log = log;
    }

    public synchronized LogFile acquire(Path path, RotationPolicy policy) throws IOException {
        Entry e = open.get(path);
        if (e == null) {
            e = new Entry(LogFile.open(path, policy, log), new int[1]);
            open.put(path, e);
        }
        e.file().policy(policy);
        e.users()[0]++;
        return e.file();
    }

    public synchronized void release(LogFile file) {
        Entry e = open.get(file.path());
        if (e == null || e.file() != file) return;
        if (--e.users()[0] == 0) {
            open.remove(file.path());
            file.close();
        }
    }

    /** A new rotation policy for a path that is open (a live update of the app). */
    public synchronized void policy(Path path, RotationPolicy policy) {
        Entry e = open.get(path);
        if (e != null) e.file().policy(policy);
    }

    public synchronized boolean isOpen(Path path) {
        return open.containsKey(path);
    }

    /** `jpm flush`: empties the file, through the open LogFile if the daemon writes it, else in place. */
    public void truncate(Path path) throws IOException {
        if (path.equals(LogFile.DISCARD)) return; // nothing to empty, and no device to truncate
        LogFile f;
        synchronized (this) {
            Entry e = open.get(path);
            f = e == null ? null : e.file();
        }
        if (f != null) {
            f.truncate();
            return;
        }
        LogFile.checkWritable(path);
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            ch.truncate(0); // a child appending with O_APPEND continues at offset 0
        } catch (java.nio.file.NoSuchFileException absent) {
            // nothing to empty
        }
    }

    /** Writes out every buffer (the daemon is about to exit). */
    public void flushAll() {
        List<LogFile> files;
        synchronized (this) {
            files = new ArrayList<>();
            open.values().forEach(e -> files.add(e.file()));
        }
        LogPump.flushAll(files, log);
    }

    /** `jpm reloadLogs`: every open file is reopened by its path; returns how many. */
    public int reopenAll() {
        List<LogFile> files;
        synchronized (this) {
            files = new ArrayList<>();
            open.values().forEach(e -> files.add(e.file()));
        }
        int n = 0;
        for (LogFile f : files) {
            try {
                f.reopen();
                n++;
            } catch (IOException e) {
                log.accept("cannot reopen " + f.path() + ": " + e.getMessage());
            }
        }
        return n;
    }
}
