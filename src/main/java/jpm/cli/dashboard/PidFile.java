package jpm.cli.dashboard;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

/**
 * {@code JPM_HOME/dashboard.pid}: the pid of the running dashboard and its URL, so that
 * {@code --detach} can print the URL, {@code --stop} can end it and a second dashboard of the same
 * home is refused. Mode 0600 from its creation: the URL holds the token.
 */
public final class PidFile {
    public record Running(long pid, String url) {}

    private final Path file;

    public PidFile(Path file) {
        this.file = file;
    }

    public Path path() {
        return file;
    }

    /** The dashboard this file names, if its process still runs and is a jpm dashboard; a stale file is removed. */
    public Optional<Running> running() throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException e) {
            return Optional.empty();
        }
        Running r = parse(lines);
        if (r != null && isDashboard(r.pid())) return Optional.of(r);
        Files.deleteIfExists(file);
        return Optional.empty();
    }

    /** "pid\nurl\n", or null for anything else (a file cut short). */
    static Running parse(List<String> lines) {
        if (lines.size() < 2 || !lines.get(0).matches("[1-9][0-9]{0,9}") || !lines.get(1).startsWith("http://")) return null;
        return new Running(Long.parseLong(lines.get(0)), lines.get(1));
    }

    /** A live process whose command line runs jpm's dashboard (a reused pid is some other program). */
    private static boolean isDashboard(long pid) {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .flatMap(p -> p.info().arguments())
                .map(args -> List.of(args).contains("dashboard"))
                .orElse(false);
    }

    /** Written to a private temporary file first and renamed: a reader never sees half of it, nor a wider mode. */
    public void write(long pid, String url) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, pid + "\n" + url + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Removes the file if it still names this process (a successor may have written its own). */
    public void removeIfMine() {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            Running r = parse(lines);
            if (r != null && r.pid() == ProcessHandle.current().pid()) Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // gone already
        }
    }
}
