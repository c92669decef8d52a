package jpm.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sources.json: written whole, private, read back the same. */
class SourcesFileTest {
    @TempDir
    Path tmp;

    @Test
    void sourcesRoundTripInAPrivateFile() throws Exception {
        SourcesFile f = new SourcesFile(tmp.resolve("sync"));
        assertThat(f.read()).isEmpty();
        Source a = new Source("shop", "https://t0ken@git.example/shop.git", "main", "deploy/eco.yaml", 60_000, true, "production",
                new Source.Status("c1", "2026-12-04T13:00:00Z", "c2", "2026-12-04T13:01:00Z", "c2", "eco.yaml:4:16: bad", null, "failed"));
        Source b = new Source("infra", "/srv/infra.git", "prod", "eco.yaml", 1000, false, null, Source.Status.NEW);
        f.write(List.of(a, b));
        assertThat(new SourcesFile(tmp.resolve("sync")).read()).containsExactly(a, b);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f.file()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("sync")))).isEqualTo("rwx------");
        assertThat(tmp.resolve("sync/sources.json.tmp")).doesNotExist();

        f.write(List.of(b));
        assertThat(f.read()).containsExactly(b);
    }

    @Test
    void aDamagedFileIsAnErrorThatNamesIt() throws Exception {
        Files.createDirectories(tmp.resolve("sync"));
        Files.writeString(tmp.resolve("sync/sources.json"), "{\"version\":1,\"sources\":[{\"name\":");
        assertThatThrownBy(() -> new SourcesFile(tmp.resolve("sync")).read()).hasMessageContaining("sources.json cannot be read");
    }
}
