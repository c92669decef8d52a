package jpm.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import jpm.daemon.state.SavedRevision;
import jpm.ecosystem.AppSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RevisionStoreTest {
    @TempDir
    Path home;

    final List<String> log = new ArrayList<>();

    Path dir() {
        return home.resolve("revisions");
    }

    static SavedRevision draft(String file, String app) {
        return new SavedRevision(0, file, "h", "2026-01-01T00:00:00Z", "alice", "apply", null, null, null, false, null, "s",
                List.of(AppSpec.of(app, "x.js", "/srv")));
    }

    @Test
    void recordsPrivatelyAndReadsBackAfterARestart() throws Exception {
        RevisionStore store = new RevisionStore(dir(), 20, log::add);
        assertThat(store.record(draft("/srv/a.yaml", "api"))).isEqualTo(1);
        assertThat(store.record(draft("/srv/a.yaml", "api"))).isEqualTo(2);
        assertThat(store.record(draft("/srv/b.yaml", "web"))).isEqualTo(1);
        Path file = store.fileFor("/srv/a.yaml");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir()))).isEqualTo("rwx------");

        RevisionStore again = new RevisionStore(dir(), 20, log::add);
        assertThat(again.history("/srv/a.yaml")).isEqualTo(store.history("/srv/a.yaml"));
        assertThat(again.all()).hasSize(2);
        assertThat(again.record(draft("/srv/a.yaml", "api"))).isEqualTo(3);
        assertThat(again.revisionOf("/srv/b.yaml", "default", "web")).isEqualTo(1);
        assertThat(again.revisionOf(null, "default", "web")).isNull();
        assertThat(log).isEmpty();
    }

    @Test
    void keepsAtMostTheBoundAlsoWhenTheBoundWasLowered() {
        RevisionStore store = new RevisionStore(dir(), 5, log::add);
        for (int i = 0; i < 8; i++) store.record(draft("/srv/a.yaml", "api"));
        assertThat(store.history("/srv/a.yaml").revisions()).extracting(SavedRevision::number).containsExactly(4, 5, 6, 7, 8);
        RevisionStore lower = new RevisionStore(dir(), 2, log::add);
        assertThat(lower.history("/srv/a.yaml").revisions()).extracting(SavedRevision::number).containsExactly(7, 8);
    }

    @Test
    void aDamagedFileIsSetAsideAndTheDaemonRunsOn() throws Exception {
        RevisionStore store = new RevisionStore(dir(), 20, log::add);
        store.record(draft("/srv/a.yaml", "api"));
        store.record(draft("/srv/b.yaml", "web"));
        Path damaged = store.fileFor("/srv/a.yaml");
        Files.writeString(damaged, "{\"version\":1,\"file\":");
        RevisionStore again = new RevisionStore(dir(), 20, log::add);
        assertThat(again.history("/srv/a.yaml").revisions()).isEmpty();
        assertThat(again.history("/srv/b.yaml").revisions()).hasSize(1);
        assertThat(damaged.resolveSibling(damaged.getFileName() + ".corrupt")).exists();
        assertThat(log).singleElement().satisfies(l -> assertThat(l).contains("is damaged"));
        assertThat(again.record(draft("/srv/a.yaml", "api"))).isEqualTo(1);
    }

    @Test
    void aFileWithAKindTheWireRefusesIsDamaged() throws Exception {
        RevisionStore store = new RevisionStore(dir(), 20, log::add);
        store.record(draft("/srv/a.yaml", "api"));
        Path file = store.fileFor("/srv/a.yaml");
        Files.writeString(file, Files.readString(file).replace("\"kind\": \"apply\"", "\"kind\": \"magic\""));
        assertThat(new RevisionStore(dir(), 20, log::add).history("/srv/a.yaml").revisions()).isEmpty();
        assertThat(log).singleElement().satisfies(l -> assertThat(l).contains("unknown kind 'magic'"));
    }

    @Test
    void aWriteCutShortByACrashLeavesThePreviousFile() throws Exception {
        RevisionStore store = new RevisionStore(dir(), 20, log::add);
        store.record(draft("/srv/a.yaml", "api"));
        Path file = store.fileFor("/srv/a.yaml");
        // what a crash halfway through the next write leaves: the temp file, half written, beside the file
        String before = Files.readString(file);
        Files.writeString(file.resolveSibling(file.getFileName() + ".tmp"), before.substring(0, before.length() / 2));
        RevisionStore again = new RevisionStore(dir(), 20, log::add);
        assertThat(again.history("/srv/a.yaml").revisions()).hasSize(1);
        assertThat(log).isEmpty();
        assertThat(again.record(draft("/srv/a.yaml", "api"))).isEqualTo(2);
        assertThat(file.resolveSibling(file.getFileName() + ".tmp")).doesNotExist();
    }

    @Test
    void aFailedWriteIsLoggedNotThrown() throws Exception {
        Files.writeString(home.resolve("revisions"), "a file where the directory should be");
        RevisionStore store = new RevisionStore(dir(), 20, log::add);
        assertThat(store.record(draft("/srv/a.yaml", "api"))).isEqualTo(1);
        assertThat(log).singleElement().satisfies(l -> assertThat(l).contains("cannot write revision 1"));
    }
}
