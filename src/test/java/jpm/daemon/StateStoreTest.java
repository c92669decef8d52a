package jpm.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import jpm.daemon.state.NewerFormatException;
import jpm.daemon.state.SavedState;
import jpm.ecosystem.AppSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateStoreTest {
    @TempDir
    Path dir;

    final List<String> log = new ArrayList<>();

    static SavedState state(long nextId) {
        return new SavedState(nextId, 3, List.of(new SavedState.SavedApp(
                AppSpec.of("web", "web.js", "/srv").withInstances(2), "/srv/eco.yaml",
                List.of(new SavedState.SavedInstance(0, 0, 1234L, 99L, "online", 1, 0, null, "SIGKILL", null, false),
                        new SavedState.SavedInstance(1, 1, null, null, "errored", 4, 5, 2, null, "gave up", false)))));
    }

    @Test
    void roundTripsPrivately() throws Exception {
        StateStore store = new StateStore(dir.resolve("state.json"), null, log::add);
        store.save(state(2));
        assertThat(store.load()).isEqualTo(state(2));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("state.json")))).isEqualTo("rw-------");
        assertThat(dir.resolve("state.json.tmp")).doesNotExist();
    }

    @Test
    void aMissingFileIsAnEmptyState() throws Exception {
        assertThat(new StateStore(dir.resolve("state.json"), null, log::add).load()).isEqualTo(SavedState.empty());
    }

    @Test
    void aDamagedFileIsSetAsideAndTheBackupRead() throws Exception {
        StateStore store = new StateStore(dir.resolve("state.json"), null, log::add);
        store.save(state(1));
        store.save(state(2)); // state(1) is now the backup
        Files.writeString(dir.resolve("state.json"), "{\"version\":1,\"next_id\":");
        assertThat(store.load()).isEqualTo(state(1));
        assertThat(dir.resolve("state.json.corrupt")).exists();
        assertThat(log).anySatisfy(l -> assertThat(l).contains("is damaged"));
    }

    @Test
    void bothDamagedGiveAnEmptyStateNotACrash() throws Exception {
        Files.writeString(dir.resolve("state.json"), "not json");
        Files.writeString(dir.resolve("state.json.bak"), "{\"next_id\":0,\"generation\":0,\"apps\":[]}"); // no version
        assertThat(new StateStore(dir.resolve("state.json"), null, log::add).load()).isEqualTo(SavedState.empty());
        assertThat(log).hasSize(2);
    }

    @Test
    void clearForgetsBothFiles() throws Exception {
        StateStore store = new StateStore(dir.resolve("state.json"), null, log::add);
        store.save(state(1));
        store.save(state(2));
        store.clear();
        assertThat(dir.resolve("state.json")).doesNotExist();
        assertThat(dir.resolve("state.json.bak")).doesNotExist();
    }

    @Test
    void aHalfWrittenTempFileFromACrashIsIgnoredAndReplaced() throws Exception {
        StateStore store = new StateStore(dir.resolve("state.json"), null, log::add);
        store.save(state(1));
        Files.writeString(dir.resolve("state.json.tmp"), "{\"version\":1,\"ne");
        assertThat(store.load()).isEqualTo(state(1));
        store.save(state(2));
        assertThat(store.load()).isEqualTo(state(2));
        assertThat(dir.resolve("state.json.tmp")).doesNotExist();
    }

    @Test
    void theBackupKeepsThePreviousContentAfterASave() throws Exception {
        StateStore store = new StateStore(dir.resolve("state.json"), null, log::add);
        store.save(state(1));
        String first = Files.readString(dir.resolve("state.json"));
        store.save(state(2));
        assertThat(Files.readString(dir.resolve("state.json.bak"))).isEqualTo(first);
        assertThat(Files.readString(dir.resolve("state.json"))).isNotEqualTo(first);
    }

    @Test
    void anInstanceWrittenBeforeStartAfterStopExistedLoadsWithoutIt() throws Exception {
        Files.writeString(dir.resolve("state.json"), """
                {"version":1,"next_id":1,"generation":1,"apps":[{"spec":%s,"owner":null,"instances":[
                {"id":0,"index":0,"pid":12,"start_ticks":34,"status":"stopping","restarts":0,"unstable_restarts":0}]}]}
                """.formatted(jpm.json.Json.write(jpm.rpc.WireCodec.toTree(AppSpec.of("web", "web.js", "/srv"), AppSpec.class))));
        SavedState s = new StateStore(dir.resolve("state.json"), null, log::add).load();
        assertThat(s.apps().getFirst().instances().getFirst().startAfterStop()).isFalse();
        assertThat(log).isEmpty();
    }

    @Test
    void aFileOfANewerFormatIsRefusedAndLeftInPlaceWithItsBackup() throws Exception {
        StateStore store = new StateStore(dir.resolve("state.json"), null, log::add);
        store.save(state(1));
        store.save(state(2));
        String newer = "{\"version\":2,\"next_id\":7,\"generation\":1,\"apps\":[],\"renamed\":{}}";
        Files.writeString(dir.resolve("state.json"), newer);
        assertThatThrownBy(store::load).isInstanceOf(NewerFormatException.class)
                .hasMessage(dir.resolve("state.json") + " was written by a newer jpm (format 2; this jpm reads formats 1 to 1),"
                        + " so it is left as it is: use the jpm that wrote it, or move the file away");
        assertThat(Files.readString(dir.resolve("state.json"))).isEqualTo(newer);
        assertThat(dir.resolve("state.json.bak")).exists();
        assertThat(dir.resolve("state.json.corrupt")).doesNotExist();
    }

    @Test
    void aDamagedFileWhoseBackupIsOfANewerFormatIsRefusedToo() throws Exception {
        Files.writeString(dir.resolve("state.json"), "not json");
        Files.writeString(dir.resolve("state.json.bak"), "{\"version\":3}");
        assertThatThrownBy(new StateStore(dir.resolve("state.json"), null, log::add)::load)
                .isInstanceOf(NewerFormatException.class).hasMessageContaining("state.json.bak was written by a newer jpm (format 3;");
        assertThat(dir.resolve("state.json.bak")).exists();
    }
}
