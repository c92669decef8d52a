package jpm.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jpm.ecosystem.AppSpec;
import jpm.ecosystem.Launch;
import org.junit.jupiter.api.Test;

/** An instance's environment: what it inherits, what the app sets, what jpm adds (docs/cli.md). */
class ChildEnvTest {
    @Test
    void onlyTheListedVariablesOfTheDaemonAreInherited() {
        assertThat(ChildEnv.inherited(Map.of("PATH", "/bin", "SECRET", "x", "TZ", "UTC")))
                .isEqualTo(Map.of("PATH", "/bin", "TZ", "UTC"));
    }

    @Test
    void theAppsEnvWinsOverInheritedAndUserValuesAndJpmsVariablesWinOverAll() {
        AppSpec spec = AppSpec.of("api", "app.js", "/srv").withNamespace("web")
                .withLaunch(Launch.of("app.js", "/srv").withEnv(Map.of("HOME", "/app-home", "JPM_ID", "spoofed", "X", "1")));
        Map<String, String> env = ChildEnv.of(Map.of("PATH", "/bin", "HOME", "/root"), Map.of("HOME", "/home/u", "USER", "u"), spec, 2, 17,
                "/var/jpm", s -> {});
        assertThat(env).containsEntry("PATH", "/bin").containsEntry("HOME", "/app-home").containsEntry("USER", "u")
                .containsEntry("X", "1").containsEntry("JPM_ID", "17").containsEntry("JPM_APP_NAME", "api")
                .containsEntry("JPM_NAMESPACE", "web").containsEntry("JPM_INSTANCE", "2").containsEntry("JPM_HOME", "/var/jpm")
                .containsEntry(spec.launch().instanceVar(), "2");
    }

    @Test
    void incrementVarCountsFromTheAppsValueOrFromZeroWithAWarning() {
        Launch l = Launch.of("app.js", "/srv");
        List<String> warnings = new ArrayList<>();
        AppSpec counted = AppSpec.of("api", "app.js", "/srv").withLaunch(incrementing(l, Map.of("PORT", "3000"), "PORT"));
        assertThat(ChildEnv.of(Map.of(), Map.of(), counted, 3, 1, "/h", warnings::add)).containsEntry("PORT", "3003");
        AppSpec notANumber = AppSpec.of("api", "app.js", "/srv").withLaunch(incrementing(l, Map.of("PORT", "http"), "PORT"));
        assertThat(ChildEnv.of(Map.of(), Map.of(), notANumber, 3, 1, "/h", warnings::add)).containsEntry("PORT", "3");
        assertThat(warnings).singleElement().asString().contains("increment_var PORT is not a number");
    }

    private static Launch incrementing(Launch l, Map<String, String> env, String var) {
        return new Launch(l.script(), l.args(), l.cwd(), l.interpreter(), l.interpreterArgs(), env, l.instanceVar(), var, l.execMode(),
                l.outFile(), l.errorFile(), l.logFile(), l.mergeLogs(), l.time(), l.logDateFormat(), l.logType(), l.port(),
                l.listenAddress(), l.uid(), l.gid(), l.stdin());
    }
}
