package jpm.ecosystem;

import static jpm.ecosystem.EcosystemFixtures.errorsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code hooks}: what a file may write, what it binds to, and each mistake at its file:line:col. */
class HookCommandsTest {
    @TempDir
    Path dir;

    /** The event types the schema accepts, in its order: what docs/events.md lists (HookEnvTest holds them equal to the daemon's kinds). */
    static List<String> schemaEventTypes() {
        JSONArray e = new JSONObject(EcosystemSchema.resource(EcosystemSchema.RESOURCE)).getJSONObject("definitions")
                .getJSONObject("app").getJSONObject("properties").getJSONObject("hooks").getJSONObject("propertyNames")
                .getJSONArray("enum");
        List<String> out = new ArrayList<>();
        for (Object o : e) out.add((String) o);
        return out;
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "/usr/local/bin/notify, /usr/local/bin/notify",
            "notify,                notify",
            "./bin/notify,          /srv/app/bin/notify",
            "bin/notify,            /srv/app/bin/notify",
            "../tools/notify,       /srv/tools/notify",
    })
    void aProgramWrittenAsARelativePathIsResolvedAgainstCwdAndANameIsLeftToPath(String written, String program) {
        assertThat(HookCommands.program(written, Path.of("/srv/app"))).isEqualTo(program);
    }

    @Test
    void aFileBindsEachCommandWithItsWordsAsText() throws IOException {
        script("notify.sh");
        Path file = write("""
                apps:
                  - name: api
                    script: run.sh
                    hooks:
                      errored: [./notify.sh, --channel, ops, --retries, 3, --loud, true]
                      stopped: [true]
                """);
        AppSpec spec = new EcosystemLoader(4).load(file, LoadOptions.DEFAULTS).apps().getFirst();
        assertThat(spec.supervision().hooks().hooks()).isEqualTo(Map.of(
                "errored", List.of(dir.resolve("notify.sh").toString(), "--channel", "ops", "--retries", "3", "--loud", "true"),
                "stopped", List.of("true")));
        assertThat(spec.supervision().hooks().commandFor("online")).isNull();
    }

    @Test
    void shapeMistakesAreNamedAtTheirLine() throws IOException {
        Path file = write("""
                apps:
                  - name: api
                    script: run.sh
                    hooks:
                      erored: [/bin/true]
                      errored: []
                      stopped: /bin/true
                      exited: [/bin/true, {a: 1}]
                      launched: [/bin/true]
                """);
        String types = String.join(", ", schemaEventTypes());
        assertThat(errorsOf(file, LoadOptions.DEFAULTS)).containsExactly(
                "eco.yaml:5:15: /apps/0/hooks/erored: unknown event type 'erored'; did you mean 'errored'? (event types: " + types + ")",
                "eco.yaml:6:16: /apps/0/hooks/errored: the command is empty: give the program, then its arguments",
                "eco.yaml:7:16: /apps/0/hooks/stopped: must be a list: the program, then its arguments (no shell), found string"
                        + " '/bin/true'",
                "eco.yaml:8:27: /apps/0/hooks/exited/1: must be string, number or boolean, found map",
                "eco.yaml:9:17: /apps/0/hooks/launched: unknown event type 'launched' (event types: " + types + ")");
    }

    @Test
    void aProgramThatCannotRunIsAnErrorAtItsLine() throws IOException {
        Files.writeString(dir.resolve("plain.txt"), "not a program\n");
        Files.createDirectories(dir.resolve("sub"));
        Path file = write("""
                apps:
                  - name: api
                    script: run.sh
                    hooks:
                      exited: [./plain.txt]
                      online: [no-such-command-for-jpm, x]
                      spawned: [/nonexistent/notify]
                      starting: [""]
                      stopped: [./sub]
                """);
        assertThat(errorsOf(file, LoadOptions.DEFAULTS)).containsExactly(
                // (the file's directory is left out of the paths, as errorsOf renders them)
                "eco.yaml:5:16: /apps/0/hooks/exited/0: hooks.exited: plain.txt is not executable: chmod +x it",
                "eco.yaml:6:16: /apps/0/hooks/online/0: hooks.online: 'no-such-command-for-jpm' is not a command on PATH ("
                        + System.getenv("PATH") + "): give its absolute path",
                "eco.yaml:7:17: /apps/0/hooks/spawned/0: hooks.spawned: /nonexistent/notify does not exist",
                "eco.yaml:8:18: /apps/0/hooks/starting/0: hooks.starting: the program must not be empty",
                "eco.yaml:9:17: /apps/0/hooks/stopped/0: hooks.stopped: sub is a directory, not a program");
    }

    /** What a client sends over the wire is checked by the record: the daemon never holds a command it cannot mean. */
    @Test
    void theRecordRefusesCommandsTheDaemonCouldNotRun() {
        for (Map<String, List<String>> bad : List.of(
                Map.of("errored", List.<String>of()),
                Map.of("errored", List.of("")),
                Map.of("errored", List.of("bin/notify")),
                Map.of("errored", List.of("/bin/true", "a\0b")),
                Map.of("Errored", List.of("/bin/true")))) {
            assertThatThrownBy(() -> new Supervision.Hooks(bad)).as(bad.toString()).isInstanceOf(SpecException.class);
        }
        assertThat(new Supervision.Hooks(null).hooks()).isEmpty();
        assertThat(new Supervision.Hooks(Map.of("stopped", List.of("a"), "errored", List.of("/b"))).hooks().keySet())
                .as("sorted, so the wire and state.json are stable").containsExactly("errored", "stopped");
    }

    private Path write(String yaml) throws IOException {
        return EcosystemFixtures.writeEco(dir, yaml);
    }

    private void script(String name) throws IOException {
        EcosystemFixtures.executable(dir, name);
    }
}
