package jpm.daemon;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import jpm.home.JpmHome;

/**
 * Replaces a file so that a crash or power cut at any point leaves either the old content or the
 * new one, never a mix: a temp file, fsync, mode 0600, an atomic rename, fsync of the directory.
 * What state.json and the revision files are written with.
 */
final class AtomicWrite {
    private AtomicWrite() {}

    /**
     * @param midWriteCrashPoint the test-only {@link CrashPoint} reached with half the temp file written
     * @param backup if not null, the previous file stays under this name (a second link to its inode)
     */
    static void replace(Path file, byte[] bytes, String midWriteCrashPoint, Path backup) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            buf.limit(bytes.length / 2);
            while (buf.hasRemaining()) ch.write(buf);
            ch.force(true);
            CrashPoint.reach(midWriteCrashPoint);
            buf.limit(bytes.length);
            while (buf.hasRemaining()) ch.write(buf);
            ch.force(true);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.setPosixFilePermissions(tmp, JpmHome.FILE_MODE);
        if (backup != null) {
            // The backup is a second name for the current file's inode: no copy that a crash could cut
            // short, and the rename below gives `file` a new inode while the backup keeps the old one.
            Files.deleteIfExists(backup);
            if (Files.exists(file)) Files.createLink(backup, file);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            dir.force(true); // the rename itself must survive a power cut
        }
    }
}
