package jpm.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import jpm.daemon.state.RevisionFormat;
import jpm.daemon.state.RevisionHistory;
import jpm.daemon.state.SavedRevision;
import jpm.home.JpmHome;

/**
 * {@code JPM_HOME/revisions/}: each ecosystem file's revisions in a file of its own, named by the
 * SHA-256 of the ecosystem file's path, written crash-safe ({@link AtomicWrite}) by the loop, the
 * one writer. Everything is read once when the daemon starts and kept in memory (at most
 * {@code keep} revisions per file). A file that does not parse is moved aside as
 * {@code *.corrupt} and logged: that file's history starts again, the daemon runs on.
 */
final class RevisionStore {
    private final Path dir;
    private final int keep;
    private final Consumer<String> log;
    private final Map<String, RevisionHistory> byFile = new TreeMap<>();
    /** Each file's {@link RevisionHistory#lastListings}: ls asks for every instance's revision. */
    private final Map<String, Map<String, SavedRevision>> listings = new java.util.HashMap<>();

    RevisionStore(Path dir, int keep, Consumer<String> log) {
        this.dir = dir;
        this.keep = keep;
        this.log = log;
        load();
    }

    int keep() {
        return keep;
    }

    /**
     * Records the next revision of {@code draft.file()} (its number is set here) and writes the
     * file. A failed write (disk full) is logged: the revision stays known until the daemon ends.
     *
     * @return the number it got
     */
    int record(SavedRevision draft) {
        RevisionHistory h = byFile.getOrDefault(draft.file(), RevisionHistory.empty(draft.file())).with(draft, keep);
        put(h);
        try {
            JpmHome.ensurePrivateDir(dir);
            AtomicWrite.replace(fileFor(draft.file()), RevisionFormat.write(h).getBytes(StandardCharsets.UTF_8),
                    CrashPoint.MID_REVISION_WRITE, null);
        } catch (IOException | RuntimeException e) {
            log.accept("cannot write revision " + h.last().number() + " of " + draft.file() + " to " + dir + ": " + e.getMessage());
        }
        return h.last().number();
    }

    /** The file's revisions, oldest first (none if it was never applied). */
    RevisionHistory history(String file) {
        return byFile.getOrDefault(file, RevisionHistory.empty(file));
    }

    /** Every file's revisions, by path. */
    List<RevisionHistory> all() {
        return List.copyOf(byFile.values());
    }

    /** The revision an app's definition came from: the last one of its owner file that lists it; null if none. */
    Integer revisionOf(String owner, String namespace, String name) {
        SavedRevision r = lastListing(owner, namespace, name);
        return r == null ? null : r.number();
    }

    /** The last revision of the owner file that lists the app, or null. */
    SavedRevision lastListing(String owner, String namespace, String name) {
        Map<String, SavedRevision> l = owner == null ? null : listings.get(owner);
        return l == null ? null : l.get(RevisionHistory.key(namespace, name));
    }

    private void put(RevisionHistory h) {
        byFile.put(h.file(), h);
        listings.put(h.file(), h.lastListings());
    }

    Path fileFor(String ecosystemFile) {
        return dir.resolve(JpmHome.hash(ecosystemFile) + ".json");
    }

    private void load() {
        if (!Files.isDirectory(dir)) return;
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*.json")) {
            s.forEach(files::add);
        } catch (IOException e) {
            log.accept("cannot list " + dir + ": " + e.getMessage() + "; no revisions known");
            return;
        }
        for (Path p : files) {
            try {
                RevisionHistory h = RevisionFormat.read(Files.readString(p, StandardCharsets.UTF_8));
                put(h.trimmed(keep));
            } catch (IOException | RuntimeException e) {
                DamagedFile.setAside(p, e, "; that file's revisions start again", log);
            }
        }
    }
}
