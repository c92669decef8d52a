package jpm.daemon;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import jpm.home.JpmHome;

/** The daemon's own log directories (one per namespace under JPM_HOME/logs), made on demand, private. */
final class LogDirs {
    private LogDirs() {}

    /**
     * Creates {@code dir} and its parents if missing, mode 0700.
     *
     * @throws IOException whose message names the directory and why it cannot be made
     */
    static void ensure(Path dir) throws IOException {
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, JpmHome.DIR_MODE);
        } catch (FileAlreadyExistsException e) {
            throw new IOException("cannot create the log directory " + dir + ": " + e.getFile() + " exists and is not a directory", e);
        } catch (FileSystemException e) {
            String why = e.getReason() != null ? e.getReason() : e.getClass().getSimpleName();
            String where = e.getFile() != null && !e.getFile().equals(dir.toString()) ? " (at " + e.getFile() + ")" : "";
            throw new IOException("cannot create the log directory " + dir + ": " + why + where, e);
        }
    }
}
