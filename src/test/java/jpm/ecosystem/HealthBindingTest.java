package jpm.ecosystem;

import static jpm.ecosystem.EcosystemFixtures.errorsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code health}: what a file may write, what it binds to, and each mistake at the value at fault. */
class HealthBindingTest {
    @TempDir
    Path dir;

    @Test
    void eachProbeBindsWithItsDefaultsOrItsValues() throws IOException {
        script("check.sh");
        LoadResult r = load("""
                apps:
                  - name: web
                    script: run.sh
                    port: 3000
                    health:
                      http: http://127.0.0.1:${PORT}/health
                  - name: db
                    script: run.sh
                    env: {PGPORT: 5432}
                    healthcheck:
                      tcp: "[::1]:${PGPORT}"
                      interval: 2s
                      timeout: 500ms
                      start_period: 1m
                      retries: 5
                      on_unhealthy: none
                  - name: worker
                    script: run.sh
                    health:
                      exec: [./check.sh, --instance, "${JPM_INSTANCE}", 3]
                """);
        assertThat(r.warnings()).isEmpty();
        assertThat(EcosystemFixtures.app(r, "web").supervision().health().health())
                .isEqualTo(Supervision.HealthCheck.http("http://127.0.0.1:${PORT}/health"));
        assertThat(EcosystemFixtures.app(r, "db").supervision().health().health())
                .isEqualTo(new Supervision.HealthCheck(null, "[::1]:${PGPORT}", null, 2000, 500, 5, 60_000, "none"));
        assertThat(EcosystemFixtures.app(r, "worker").supervision().health().health().exec())
                .as("the program against cwd, as a hook's; the words as text")
                .containsExactly(dir.resolve("check.sh").toString(), "--instance", "${JPM_INSTANCE}", "3");
        assertThat(EcosystemFixtures.app(r, "worker").supervision().health().health().restarts()).isTrue();
    }

    @Test
    void withoutHealthThereIsNoProbe() throws IOException {
        assertThat(load("""
                apps:
                  - name: web
                    script: run.sh
                """).apps().getFirst().supervision().health().health()).isNull();
    }

    @Test
    void shapeMistakesAreNamedAtTheValueAtFault() throws IOException {
        Path file = write("""
                apps:
                  - name: none
                    script: run.sh
                    health:
                      interval: 5s
                  - name: two
                    script: run.sh
                    health:
                      http: http://localhost/
                      tcp: localhost:80
                  - name: keys
                    script: run.sh
                    health:
                      tcp: localhost:80
                      intervall: 5s
                      startPeriod: 1s
                  - name: values
                    script: run.sh
                    health:
                      http: localhost/health
                      interval: 10x
                      timeout: 0
                      retries: 0
                      on_unhealthy: stop
                  - name: shapes
                    script: run.sh
                    health: http://localhost/
                  - name: exec
                    script: run.sh
                    health:
                      exec: []
                  - name: execstring
                    script: run.sh
                    health:
                      exec: curl -f http://localhost/
                  - name: tcp
                    script: run.sh
                    health:
                      tcp: localhost
                """);
        assertThat(errorsOf(file, LoadOptions.DEFAULTS)).containsExactly(
                "eco.yaml:5:7: /apps/0/health: no probe: give one of http (a URL), tcp (host:port) and exec (a command)",
                "eco.yaml:10:12: /apps/1/health/tcp: health has http and tcp: give one probe",
                "eco.yaml:15:18: /apps/2/health/intervall: unknown key 'intervall' in health; did you mean 'interval'? (keys: http,"
                        + " tcp, exec, interval, timeout, start_period, retries, on_unhealthy)",
                "eco.yaml:16:20: /apps/2/health/startPeriod: unknown key 'startPeriod' in health; did you mean 'start_period'? (keys:"
                        + " http, tcp, exec, interval, timeout, start_period, retries, on_unhealthy)",
                "eco.yaml:20:13: /apps/3/health/http: invalid value 'localhost/health': expected a URL starting with http:// or"
                        + " https://, e.g. http://127.0.0.1:${PORT}/health",
                "eco.yaml:21:17: /apps/3/health/interval: invalid value '10x': expected a duration: milliseconds, or a number with"
                        + " ms, s, m or h (\"500ms\", \"1.5s\", \"2m\")",
                "eco.yaml:23:16: /apps/3/health/retries: must be >= 1, found 0",
                "eco.yaml:24:21: /apps/3/health/on_unhealthy: must be one of restart, none, found 'stop'",
                "eco.yaml:27:13: /apps/4/health: must be a map with one probe (http: a URL, tcp: host:port or exec: a command),"
                        + " found string 'http://localhost/'",
                "eco.yaml:31:13: /apps/5/health/exec: the command is empty: give the program, then its arguments",
                "eco.yaml:35:13: /apps/6/health/exec: must be a list: the program, then its arguments (no shell), found string"
                        + " 'curl -f http://localhost/'",
                "eco.yaml:39:12: /apps/7/health/tcp: invalid value 'localhost': expected host:port, e.g. 127.0.0.1:${PORT} or"
                        + " [::1]:5432");
    }

    @Test
    void bothSpellingsInOneAppAreAnError() throws IOException {
        Path file = write("""
                apps:
                  - name: web
                    script: run.sh
                    health: {http: "http://localhost/"}
                    healthcheck: {tcp: "localhost:80"}
                """);
        assertThat(errorsOf(file, LoadOptions.DEFAULTS)).containsExactly(
                "eco.yaml:5:5: /apps/0/healthcheck: 'healthcheck' and 'health' (line 4) both set health; keep one");
    }

    @Test
    void valueMistakesTheSchemaCannotSeeAreNamedAtTheValue() throws IOException {
        Path file = write("""
                apps:
                  - name: zero
                    script: run.sh
                    health:
                      http: http://localhost/
                      interval: 0
                      timeout: 0s
                  - name: port
                    script: run.sh
                    health:
                      tcp: localhost:70000
                  - name: program
                    script: run.sh
                    health:
                      exec: [no-such-command-for-jpm, x]
                """);
        assertThat(errorsOf(file, LoadOptions.DEFAULTS)).containsExactly(
                "eco.yaml:6:17: /apps/0/health/interval: must be more than 0, found 0",
                "eco.yaml:7:16: /apps/0/health/timeout: must be more than 0, found 0s",
                "eco.yaml:11:12: /apps/1/health/tcp: port 70000 is not a port number (1 to 65535)",
                "eco.yaml:15:14: /apps/2/health/exec/0: health.exec: 'no-such-command-for-jpm' is not a command on PATH ("
                        + System.getenv("PATH") + "): give its absolute path");
    }

    @Test
    void aMalformedTemplateIsAnErrorAndAnUnknownVariableAWarning() throws IOException {
        Path file = write("""
                apps:
                  - name: open
                    script: run.sh
                    health:
                      http: http://localhost:${PORT/health
                  - name: shell
                    script: run.sh
                    health:
                      exec: [/bin/true, "${PORT:-3000}"]
                  - name: empty
                    script: run.sh
                    health:
                      tcp: localhost:${}
                """);
        assertThat(errorsOf(file, LoadOptions.DEFAULTS)).containsExactly(
                "eco.yaml:5:13: /apps/0/health/http: '${PORT/health': ${ is not closed: write ${NAME}",
                "eco.yaml:9:25: /apps/1/health/exec/1: '${PORT:-3000}' is not a variable: write ${NAME} (letters, digits and _,"
                        + " not starting with a digit; no default values or other shell forms)",
                "eco.yaml:13:12: /apps/2/health/tcp: '${}' is not a variable: write ${NAME} (letters, digits and _, not starting"
                        + " with a digit; no default values or other shell forms)");

        LoadResult r = load("""
                apps:
                  - name: web
                    script: run.sh
                    env: {API_PORT: 8080}
                    increment_var: API_PORT
                    instance_var: INDEX
                    health:
                      exec: [/bin/true, "${API_PORT}", "${INDEX}", "${JPM_ID}", "${APIPORT}", "${PORT}", "${HOME}", $PORT]
                """);
        assertThat(EcosystemFixtures.rendered(r.warnings(), dir.resolve("eco.yaml"))).containsExactly(
                "eco.yaml:8:65: /apps/0/health/exec/4: ${APIPORT} is not in the app's env nor one of jpm's variables (JPM_APP_NAME,"
                        + " JPM_NAMESPACE, JPM_INSTANCE, JPM_ID, JPM_HOME, instance_var), so the probe gets what the daemon's"
                        + " environment has, if anything; did you mean ${API_PORT}?",
                "eco.yaml:8:79: /apps/0/health/exec/5: ${PORT}: the app has no PORT (set port, or PORT in env), so the probe gets"
                        + " what the daemon's environment has, if anything",
                "eco.yaml:8:90: /apps/0/health/exec/6: ${HOME} is not in the app's env nor one of jpm's variables (JPM_APP_NAME,"
                        + " JPM_NAMESPACE, JPM_INSTANCE, JPM_ID, JPM_HOME, instance_var), so the probe gets what the daemon's"
                        + " environment has, if anything");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "http://127.0.0.1:${PORT}/health | PORT",
            "${A}${B_2}:${_c} | A,B_2,_c",
            "$PORT and $ alone | ''",
            "no templates | ''",
    })
    void templatesNameShellIdentifiersInBraces(String text, String names) {
        assertThat(HealthBinding.variables(text)).isEqualTo(names.isEmpty() ? List.of() : List.of(names.split(",")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "http://h:${PORT | '${PORT': ${ is not closed: write ${NAME}",
            "${1X} | '${1X}' is not a variable",
            "${A-B} | '${A-B}' is not a variable",
            "${} | '${}' is not a variable",
    })
    void malformedTemplatesAreRefused(String text, String message) {
        assertThatThrownBy(() -> HealthBinding.variables(text)).hasMessageStartingWith(message);
    }

    @Test
    void aChangeOfTheProbeIsAChangeOfTheSupervisionAndNotOfTheLaunch() throws IOException {
        AppSpec before = load("""
                apps:
                  - name: web
                    script: run.sh
                """).apps().getFirst();
        AppSpec after = load("""
                apps:
                  - name: web
                    script: run.sh
                    health: {http: "http://localhost/"}
                    depends_on: [db]
                    restart_dependents: true
                  - name: db
                    script: run.sh
                """).apps().getFirst();
        assertThat(after.launch()).isEqualTo(before.launch());
        assertThat(after.launch().hash()).isEqualTo(before.launch().hash());
        assertThat(after.supervision().hash()).isNotEqualTo(before.supervision().hash());
    }

    private LoadResult load(String yaml) throws IOException {
        return EcosystemFixtures.load(write(yaml), LoadOptions.DEFAULTS);
    }

    private Path write(String yaml) throws IOException {
        return EcosystemFixtures.writeEco(dir, yaml);
    }

    private void script(String name) throws IOException {
        EcosystemFixtures.executable(dir, name);
    }
}
