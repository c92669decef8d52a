package jpm.ecosystem;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;

/** The ecosystem files under src/test/resources/ecosystems, loaded with a fixed CPU count. */
final class EcosystemFixtures {
    static final int CPUS = 4;

    private EcosystemFixtures() {}

    static Path path(String name) {
        URL url = EcosystemFixtures.class.getResource("/ecosystems/" + name);
        if (url == null) throw new IllegalArgumentException("no fixture " + name);
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static LoadResult load(String name) {
        return load(path(name), LoadOptions.DEFAULTS);
    }

    static LoadResult load(Path file, LoadOptions options) {
        return new EcosystemLoader(CPUS).load(file, options);
    }

    /** The rendered diagnostics of a file that must fail, with its directory left out. */
    static List<String> errorsOf(String name) {
        return errorsOf(path(name), LoadOptions.DEFAULTS);
    }

    static List<String> errorsOf(Path file, LoadOptions options) {
        EcosystemException[] caught = new EcosystemException[1];
        assertThatThrownBy(() -> load(file, options)).isInstanceOfSatisfying(EcosystemException.class, e -> caught[0] = e);
        return rendered(caught[0].errors(), file);
    }

    static List<String> rendered(List<Diagnostic> diagnostics, Path file) {
        String dir = file.getParent().toString() + "/";
        return diagnostics.stream().map(d -> d.render().replace(dir, "")).toList();
    }

    static AppSpec app(LoadResult r, String name) {
        return r.apps().stream().filter(a -> a.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no app " + name + " in " + r.apps()));
    }

    /** Writes {@code yaml} as dir/eco.yaml next to an executable run.sh (the script its apps name). */
    static Path writeEco(Path dir, String yaml) throws java.io.IOException {
        executable(dir, "run.sh");
        Path file = dir.resolve("eco.yaml");
        java.nio.file.Files.writeString(file, yaml);
        return file;
    }

    /** An executable shell script dir/name that exits 0. */
    static void executable(Path dir, String name) throws java.io.IOException {
        Path p = dir.resolve(name);
        java.nio.file.Files.writeString(p, "#!/bin/sh\nexit 0\n");
        java.nio.file.Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
