package jpm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import jpm.ecosystem.AppSpec;
import jpm.ecosystem.Launch;
import jpm.ecosystem.SpecException;
import jpm.ecosystem.Supervision;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** `jpm start`'s options → the app they define, parsed by picocli as on the command line. */
class StartOptionsTest {
    static final Path CURRENT = Path.of("/work/dir");

    private static AppSpec spec(String... argv) {
        StartCommand cmd = new StartCommand();
        new CommandLine(cmd).parseArgs(argv);
        return cmd.toSpec(CURRENT);
    }

    @Test
    void aScriptAloneGetsPm2sDefaults() {
        assertThat(spec("app.js")).isEqualTo(new AppSpec("app", AppSpec.DEFAULT_NAMESPACE, 1,
                Launch.of("app.js", "/work/dir"), Supervision.DEFAULTS));
    }

    /** One option (or a few that go together) and the part of the spec it sets. */
    record Row(List<String> argv, Function<AppSpec, Object> part, Object expected) {}

    private static Row row(String argv, Function<AppSpec, Object> part, Object expected) {
        return new Row(List.of(argv.split(" ")), part, expected);
    }

    @Test
    void eachOptionSetsItsPartOfTheSpec() {
        List<Row> table = List.of(
                row("-n api app.js", AppSpec::name, "api"),
                row("--name api app.js", AppSpec::name, "api"),
                row("/srv/bin/worker.py", AppSpec::name, "worker"),
                row("--namespace web app.js", AppSpec::namespace, "web"),
                row("-i 4 app.js", AppSpec::instances, 4),
                row("app.js -- --port 8080", s -> s.launch().args(), List.of("--port", "8080")),
                row("app.js", s -> s.launch().cwd(), "/work/dir"),
                row("--cwd sub app.js", s -> s.launch().cwd(), "/work/dir/sub"),
                row("--cwd ../other/./x app.js", s -> s.launch().cwd(), "/work/other/x"),
                row("--cwd /srv app.js", s -> s.launch().cwd(), "/srv"),
                row("--interpreter python3 app.py", s -> s.launch().interpreter(), "python3"),
                new Row(List.of("--interpreter-args=-u -B", "app.py"), s -> s.launch().interpreterArgs(), List.of("-u", "-B")),
                row("-e A=1 --env B= --env C=x=y app.js", s -> s.launch().env(), Map.of("A", "1", "B", "", "C", "x=y")),
                row("--instance-var INSTANCE_ID app.js", s -> s.launch().instanceVar(), "INSTANCE_ID"),
                row("-o /l/out --error /l/err -l /l/all app.js",
                        s -> List.of(s.launch().outFile(), s.launch().errorFile(), s.launch().logFile()), List.of("/l/out", "/l/err", "/l/all")),
                row("--merge-logs --time app.js", s -> List.of(s.launch().mergeLogs(), s.launch().time()), List.of(true, true)),
                row("--log-date-format YYYY-MM-DD app.js", s -> s.launch().logDateFormat(), "YYYY-MM-DD"),
                row("--log-type json app.js", s -> s.launch().logType(), "json"),
                row("--uid nobody --gid 65534 app.js", s -> List.of(s.launch().uid(), s.launch().gid()), List.of("nobody", "65534")),
                row("--stdin message app.py", s -> s.launch().stdin(), "message"),
                row("app.py", s -> s.launch().stdin(), null),
                row("--stop-signal int --kill-timeout 5000 app.js",
                        s -> List.of(s.supervision().stop().stopSignal(), s.supervision().stop().killTimeoutMs()), List.of("SIGINT", 5000L)),
                row("--no-autorestart app.js", s -> s.supervision().restart().autorestart(), false),
                row("--max-restarts 3 --min-uptime 500 --restart-delay 200 app.js",
                        s -> List.of(s.supervision().restart().maxRestarts(), s.supervision().restart().minUptimeMs(), s.supervision().restart().restartDelayMs()),
                        List.of(3, 500L, 200L)),
                row("--watch app.js", s -> s.supervision().triggers().watch(), List.of("/work/dir")),
                row("--watch --cwd sub app.js", s -> s.supervision().triggers().watch(), List.of("/work/dir/sub")),
                row("--log-max-size 10M --log-retain 3 --log-compress app.js",
                        s -> List.of(s.supervision().logs().logMaxSizeBytes(), s.supervision().logs().logRetain(), s.supervision().logs().logCompress()),
                        List.of(10L * 1024 * 1024, 3, true)),
                row("app.js", s -> s.supervision().logs().logMaxSizeBytes(), 0L));
        for (Row r : table) {
            assertThat(r.part().apply(spec(r.argv().toArray(String[]::new)))).as(String.join(" ", r.argv())).isEqualTo(r.expected());
        }
    }

    @Test
    void theDefaultNameIsTheFileNameWithoutDirectoryArgumentsOrExtension() {
        Map<String, String> table = Map.of(
                "app.js", "app",
                "/srv/bin/worker.py", "worker",
                "dist/app.min.js", "app.min",
                "node server.js", "node",
                "./run.sh --fast", "run",
                "sleep", "sleep",
                ".env", ".env");
        table.forEach((script, name) -> assertThat(StartOptions.defaultName(script)).as(script).isEqualTo(name));
    }

    @Test
    void aMistakeInAnOptionIsAUsageError() {
        Map<String, String> table = Map.of(
                "-e FOO app.js", "--env wants K=V, got 'FOO'",
                "-e =x app.js", "--env wants K=V, got '=x'",
                "--log-max-size 12Q app.js", "--log-max-size: ");
        table.forEach((argv, message) -> assertThatThrownBy(() -> spec(argv.split(" "))).as(argv)
                .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode).isEqualTo(ExitCodes.USAGE))
                .hasMessageStartingWith(message));
    }

    @Test
    void aValueTheSpecRefusesIsASpecException() {
        Map<String, String> table = Map.of(
                "-i 0 app.js", "app 'app': instances must be between 1 and 1024, got 0",
                "--stop-signal SIGFOO app.js", "stop_signal must be one of",
                "--log-max-size 1K app.js", "log_max_size must be 0 (no rotation) or at least 4K",
                "--log-type xml app.js", "log_type must be json or text",
                "--max-restarts -1 app.js", "max_restarts must be >= 0",
                "--stdin pipe app.js", "stdin must be message");
        table.forEach((argv, message) -> assertThatThrownBy(() -> spec(argv.split(" "))).as(argv)
                .isInstanceOf(SpecException.class).hasMessageStartingWith(message));
    }
}
