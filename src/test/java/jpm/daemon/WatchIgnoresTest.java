package jpm.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a watch root does not report (the rules chokidar users expect, and jpm's own files). */
class WatchIgnoresTest {
    static final Path ROOT = Path.of("/srv/app");

    @ParameterizedTest(name = "{0} with ignore_watch [{1}]: {2}")
    @CsvSource(delimiter = '|', value = {
            "/srv/app/src/a.js | | false",
            "/srv/app/.git/HEAD | | true",
            "/srv/app/deep/node_modules/x/y.js | | true",
            "/srv/app/logs/today.log | | true",
            "/srv/app/tmp/x | tmp | true",
            "/srv/app/src/tmp/x | tmp | true",
            "/srv/app/tmp/x | ./tmp/ | true",
            "/srv/app/dist | dist/** | true",
            "/srv/app/a/dist/x | **/dist | true",
            "/srv/app/src/a.ts | *.js | false",
            "/srv/app/src/a.js | *.js | true",
            "/var/jpm/logs/api-0-out.log | | true",
            "/srv/app/home-link/x | | false"})
    void pathsUnderIgnoredPlacesOrMatchedByAGlobAreNotReported(String path, String glob, boolean ignored) {
        WatchIgnores w = WatchIgnores.of(ROOT, WatchIgnores.matchers(glob == null ? List.of() : List.of(glob), m -> {}),
                List.of(Path.of("/var/jpm")));
        assertThat(w.ignores(Path.of(path))).isEqualTo(ignored);
    }

    @org.junit.jupiter.api.Test
    void anInvalidGlobIsSkippedAndSaid() {
        List<String> said = new ArrayList<>();
        assertThat(WatchIgnores.matchers(List.of("a{b", "ok"), said::add)).hasSize(FileWatcher.DEFAULT_IGNORES.size() + 1);
        assertThat(said).singleElement().asString().contains("a{b");
    }
}
