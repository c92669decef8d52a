package jpm.os;

/**
 * The kernel's {@code fs.protected_symlinks} rule, applied by jpm itself to every directory of a
 * log path whatever the sysctl says: a symbolic link that sits in a sticky, world-writable
 * directory (such as /tmp) is followed only when it belongs to someone the follower trusts. In
 * such a directory anyone can plant a link, so following a stranger's link would let that
 * stranger choose where the daemon (root, often) creates and appends to files.
 *
 * <p>Trusted owners: the app's user (its files are its own business), the daemon's user, and
 * the directory's owner (who controls the directory anyway; the kernel trusts it too).
 */
public final class SymlinkRule {
    static final int S_ISVTX = 01000;
    static final int S_IWOTH = 02;

    private SymlinkRule() {}

    /**
     * @param dirMode the mode bits of the directory that holds the link
     * @param dirOwner that directory's uid
     * @param linkOwner the link's uid
     */
    public static boolean follow(int dirMode, long dirOwner, long linkOwner, long appUid, long daemonUid) {
        boolean shared = (dirMode & S_ISVTX) != 0 && (dirMode & S_IWOTH) != 0;
        return !shared || linkOwner == appUid || linkOwner == daemonUid || linkOwner == dirOwner;
    }
}
