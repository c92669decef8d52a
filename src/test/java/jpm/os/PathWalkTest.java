package jpm.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The walk of a log file's directories, against real directories and links. */
class PathWalkTest {
    static final long NOBODY = 65534;

    @TempDir
    Path tmp;

    private Path real() throws IOException {
        return tmp.toRealPath();
    }

    /** A sticky world-writable directory (like /tmp) holding {@code link} -> a directory {@code target}, the link owned by {@code owner}. */
    private Path stickyLink(String owner) throws IOException {
        assumeThat(Passwd.euid()).as("changing a link's owner needs root").isZero();
        Path sticky = Files.createDirectory(tmp.resolve("sticky"));
        Files.setPosixFilePermissions(sticky, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setAttribute(sticky, "unix:mode", 01777);
        Files.createDirectory(tmp.resolve("target"));
        Path link = Files.createSymbolicLink(sticky.resolve("link"), tmp.resolve("target"));
        UserPrincipal who = tmp.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(owner);
        Files.getFileAttributeView(link, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).setOwner(who);
        return link;
    }

    @Test
    void resolvesLinksDotDotAndCreatesWhatIsMissing() throws IOException {
        Files.createDirectories(tmp.resolve("a/b"));
        Files.createSymbolicLink(tmp.resolve("rel"), Path.of("a/b"));
        Files.createSymbolicLink(tmp.resolve("abs"), tmp.resolve("a"));
        assertThat(PathWalk.realDir(tmp.resolve("rel"), true, 0, 0)).isEqualTo(real().resolve("a/b"));
        assertThat(PathWalk.realDir(tmp.resolve("abs/b/../b/./c/d"), true, 0, 0)).isEqualTo(real().resolve("a/b/c/d"));
        assertThat(real().resolve("a/b/c/d")).isDirectory();
    }

    @Test
    void withoutCreateTheMissingRestIsAppendedAndNothingIsMade() throws IOException {
        assertThat(PathWalk.realDir(tmp.resolve("x/y"), false, 0, 0)).isEqualTo(real().resolve("x/y"));
        assertThat(tmp.resolve("x")).doesNotExist();
    }

    @Test
    void aFileOnTheWayIsNotADirectory() throws IOException {
        Files.writeString(tmp.resolve("f"), "");
        assertThatThrownBy(() -> PathWalk.realDir(tmp.resolve("f/g"), true, 0, 0)).isInstanceOf(FileSystemException.class)
                .hasMessageContaining("is not a directory");
    }

    @Test
    void aLinkLoopEnds() throws IOException {
        Files.createSymbolicLink(tmp.resolve("l1"), tmp.resolve("l2"));
        Files.createSymbolicLink(tmp.resolve("l2"), tmp.resolve("l1"));
        assertThatThrownBy(() -> PathWalk.realDir(tmp.resolve("l1"), true, 0, 0)).hasMessageContaining("too many levels of symbolic links");
    }

    @Test
    void aStrangersLinkInAStickyDirectoryIsRefusedAndNothingIsCreatedBehindIt() throws IOException {
        Path link = stickyLink("nobody");
        assertThatThrownBy(() -> PathWalk.realDir(link.resolve("logs"), true, 0, 0)).isInstanceOf(PathWalk.Refused.class)
                .hasMessageStartingWith(link + " is a symbolic link owned by uid 65534 in the world-writable sticky directory "
                        + link.getParent().toRealPath());
        assertThatThrownBy(() -> PathWalk.openAppend(link.resolve("out.log"), 0, 0)).isInstanceOf(PathWalk.Refused.class);
        assertThat(tmp.resolve("target")).isEmptyDirectory();
    }

    @Test
    void theAppUsersOrTheDaemonsOwnLinkIsFollowed() throws IOException {
        Path link = stickyLink("nobody");
        assertThat(PathWalk.realDir(link, true, NOBODY, 0)).isEqualTo(real().resolve("target"));
        Files.getFileAttributeView(link, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .setOwner(tmp.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("root"));
        int fd = PathWalk.openAppend(link.resolve("out.log"), NOBODY, 0);
        Libc.close(fd);
        assertThat(tmp.resolve("target/out.log")).isRegularFile();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("target/out.log")))).isEqualTo("rw-r-----");
    }

    @Test
    void openAppendRefusesALinkAndAFifoAsTheFileItself() throws Exception {
        Files.writeString(tmp.resolve("real.log"), "");
        Files.createSymbolicLink(tmp.resolve("link.log"), tmp.resolve("real.log"));
        assertThatThrownBy(() -> PathWalk.openAppend(tmp.resolve("link.log"), 0, 0)).hasMessageContaining("is a symbolic link");
        Process mkfifo = new ProcessBuilder("mkfifo", tmp.resolve("fifo").toString()).start();
        assertThat(mkfifo.waitFor()).isZero();
        // no reader: a blocking open would hang the daemon; O_NONBLOCK fails at once (ENXIO)
        assertThatThrownBy(() -> PathWalk.openAppend(tmp.resolve("fifo"), 0, 0)).isInstanceOf(FileSystemException.class);
    }

    @Test
    void openAppendAppends() throws IOException {
        Files.writeString(tmp.resolve("o.log"), "one\n");
        int fd = PathWalk.openAppend(tmp.resolve("o.log"), 0, 0);
        assertThat(Libc.write(fd, "two\n".getBytes())).isTrue();
        Libc.close(fd);
        assertThat(Files.readString(tmp.resolve("o.log"))).isEqualTo("one\ntwo\n");
    }
}
