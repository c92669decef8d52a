package jpm.ecosystem;

import static jpm.ecosystem.EcosystemFixtures.errorsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every class of error a file can have, each with its exact file:line:col. */
class EcosystemLoaderErrorsTest {
    @TempDir
    Path tmp;

    /** One fixture per class of error, with every line the loader must print for it. */
    static Stream<Arguments> fixtures() {
        return Stream.of(
                arguments("a YAML syntax error names where the broken scalar began", "syntax.yaml", List.of(
                        "syntax.yaml:5:1: invalid YAML: found unexpected end of stream (while scanning a quoted scalar at 3:13)")),
                arguments("a JSON syntax error", "syntax.json", List.of(
                        "syntax.json:3:21: invalid JSON: expected ',' or '}', found '\"'")),
                arguments("duplicate keys in YAML", "duplicate-key.yaml", List.of(
                        "duplicate-key.yaml:4:5: /apps/0/name: duplicate key 'name' (first at 2:5)")),
                arguments("duplicate keys in JSON", "duplicate-key.json", List.of(
                        "duplicate-key.json:3:45: /apps/0/name: duplicate key 'name' (first at 3:7)")),
                arguments("tags that would create objects", "tag.yaml", List.of(
                        "tag.yaml:3:13: tag !!python/object:os.system is not allowed: only plain values, lists and maps")),
                arguments("an alias inside its own anchor", "recursive.yaml", List.of(
                        "recursive.yaml:1:7: an alias refers to a collection that contains it")),
                arguments("a YAML file that is not UTF-8: the first stray byte's line and column", "latin1.yaml", List.of(
                        "latin1.yaml:2:14: invalid UTF-8: byte 0xe9 at offset 19; an ecosystem file must be UTF-8"
                                + " (convert it, e.g. iconv -f latin1 -t utf-8)")),
                arguments("a JSON file that is not UTF-8, after a multi-byte character on the same line", "latin1.json", List.of(
                        "latin1.json:3:28: invalid UTF-8: byte 0xff at offset 42; an ecosystem file must be UTF-8"
                                + " (convert it, e.g. iconv -f latin1 -t utf-8)")),
                arguments("top-level shapes", "top-level.yaml", List.of(
                        "top-level.yaml:1:1: /aps: unknown top-level key 'aps'; did you mean 'apps'?",
                        "top-level.yaml:7:1: /pm2: give apps in apps: or in pm2:, not both")),
                arguments("an app that is not a map", "shapes.yaml", List.of(
                        "shapes.yaml:2:5: /apps/0: an app must be a map of attributes, found string")),
                arguments("unknown keys get a did-you-mean; two spellings of one key are refused", "keys.yaml", List.of(
                        "keys.yaml:4:5: /apps/0/instaces: unknown key 'instaces'; did you mean 'instances'?",
                        "keys.yaml:5:5: /apps/0/frobnicate: unknown key 'frobnicate'",
                        "keys.yaml:6:5: /apps/0/exec: 'exec' and 'script' (line 3) both set script; keep one",
                        "keys.yaml:8:5: /apps/0/max_memory_restart: 'max_memory_restart' and 'maxMemoryRestart' (line 7)"
                                + " both set max_memory_restart; keep one")),
                arguments("every value problem at once, each with its most specific message", "values.yaml", List.of(
                        "values.yaml:4:16: /apps/0/instances: invalid value 'many': expected a number, 'max', 0 (one per CPU)"
                                + " or a negative number (CPUs minus it)",
                        "values.yaml:5:16: /apps/0/exec_mode: must be one of fork, cluster, fork_mode, cluster_mode, found 'swarm'",
                        "values.yaml:6:17: /apps/0/min_uptime: invalid value '10 seconds': expected a duration: milliseconds,"
                                + " or a number with ms, s, m or h (\"500ms\", \"1.5s\", \"2m\")",
                        "values.yaml:7:25: /apps/0/max_memory_restart: invalid value '200X': expected a size: bytes, or a number"
                                + " with K, M or G, 1024-based (\"512K\", \"200M\", \"1G\")",
                        // a list was allowed, so the complaint is about its item, not "must be boolean or string"
                        "values.yaml:8:18: /apps/0/watch/1: must be string, found integer",
                        "values.yaml:9:18: /apps/0/autorestart: must be boolean, found string 'yes' (YAML 1.2 reads"
                                + " yes/no/on/off as strings: write true or false)",
                        "values.yaml:10:19: /apps/0/kill_timeout: must be >= 0, found -1",
                        "values.yaml:11:26: /apps/0/stop_exit_codes/1: must be <= 255, found 300",
                        "values.yaml:14:14: /apps/0/env/EMPTY: must be string, number or boolean, found null (an empty value"
                                + " is null: write \"\" for an empty string)",
                        "values.yaml:15:23: /apps/0/interpreter_args: cannot split into words: unterminated ' quote",
                        "values.yaml:16:5: /apps/1: missing required key 'script'")),
                arguments("environment variable names", "env-name.json", List.of(
                        "env-name.json:1:60: /apps/0/env/A=B: invalid variable name 'A=B': it must not be empty or contain"
                                + " '=' or a NUL character")),
                arguments("name rules, duplicate identities naming both lines, file stem collisions", "names.yaml", List.of(
                        "names.yaml:4:11: /apps/1/name: app name '../etc' must not contain '/' or '\\'",
                        "names.yaml:7:16: /apps/2/namespace: namespace '-x' must not start with '-'",
                        "names.yaml:9:11: /apps/3/name: app 'api' in namespace 'default' is defined twice: at line 2 and line 9",
                        "names.yaml:13:11: /apps/5/name: apps 'my app' (line 11) and 'my:app' (line 13) would share the log"
                                + " file name 'my_app' in namespace 'default'; rename one",
                        "names.yaml:15:13: /apps/6/script: no name given, and the name taken from the script, '-weird', must"
                                + " not start with '-': add name")),
                arguments("cron_restart names the field at fault, under its alias too", "cron.yaml", List.of(
                        "cron.yaml:4:19: /apps/0/cron_restart: cron_restart '61 * * * *': minute field '61' is out of range 0-59",
                        "cron.yaml:7:11: /apps/1/cron: cron_restart '0 9 1 * MON': day-of-month '1' and day-of-week 'MON' are both"
                                + " restricted; cron runs on a day that matches either, which Quartz cannot express: restrict"
                                + " one and write * in the other (the first Monday of a month is day-of-week 1#1)",
                        "cron.yaml:10:19: /apps/2/cron_restart: invalid value '* * *': expected a cron expression of 5 fields"
                                + " (crontab), 6 (seconds first) or 7 (and a year), a macro such as @daily, or 0 for none",
                        "cron.yaml:13:19: /apps/3/cron_restart: cron_restart '5': " + CronScheduleTest.SHAPES + "; found 1 field")),
                arguments("increment_var needs a number", "increment.yaml", List.of(
                        "increment.yaml:5:20: /apps/0/increment_var: PORT must be a number in env to be incremented, found"
                                + " 'eighty'")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void reportsEveryErrorOfTheFileWithItsPosition(String what, String fixture, List<String> expected) {
        assertThat(errorsOf("errors/" + fixture)).containsExactlyElementsOf(expected);
    }

    @Test
    void javaScriptFilesAreNotExecutedAndTheErrorNamesJpmConvert() {
        Path js = EcosystemFixtures.path("errors/ecosystem.config.js");
        assertThatThrownBy(() -> EcosystemFixtures.load(js, LoadOptions.DEFAULTS)).isInstanceOf(EcosystemException.class)
                .hasMessageStartingWith(js + ": jpm does not execute JavaScript ecosystem files")
                .hasMessageContaining("`jpm convert " + js + "`");
        for (String ext : List.of("cjs", "mjs")) {
            assertThat(errorsOf(write("eco." + ext, "module.exports = {}"), LoadOptions.DEFAULTS)).singleElement().asString()
                    .contains("jpm convert");
        }
    }

    @Test
    void missingUnreadableOrOddFiles() throws IOException {
        assertThat(errorsOf(tmp.resolve("nope.yaml"), LoadOptions.DEFAULTS)).containsExactly("nope.yaml: no such file");
        assertThat(errorsOf(write("eco.toml", "x"), LoadOptions.DEFAULTS)).containsExactly(
                "eco.toml: unsupported file type: an ecosystem file ends with .yaml, .yml or .json");
        assertThat(errorsOf(write("empty.yaml", "# nothing\n"), LoadOptions.DEFAULTS)).containsExactly(
                "empty.yaml: the file is empty: it defines no apps");
        Path big = tmp.resolve("big.yaml");
        Files.write(big, new byte[EcosystemLoader.MAX_FILE_BYTES + 1]);
        assertThat(errorsOf(big, LoadOptions.DEFAULTS)).containsExactly(
                "big.yaml: larger than 4 MiB; an ecosystem file is a few KiB");
    }

    @Test
    void topLevelValuesThatHoldNoApps() {
        assertThat(errorsOf(write("scalar.yaml", "hello\n"), LoadOptions.DEFAULTS)).containsExactly(
                "scalar.yaml:1:1: /: expected apps (a map with apps:, one app, or a list of apps), found string");
        assertThat(errorsOf(write("apps-scalar.yaml", "apps: 3\n"), LoadOptions.DEFAULTS)).containsExactly(
                "apps-scalar.yaml:1:7: /apps: must be a list of apps or one app, found integer");
        assertThat(errorsOf(write("only-deploy.yaml", "deploy: {}\n"), LoadOptions.DEFAULTS)).containsExactly(
                "only-deploy.yaml:1:1: /: no apps: expected apps:, pm2:, an app or a list of apps");
    }

    /**
     * What an expansion or a recursion would take is hours, not seconds: this bound tells the two
     * apart even on a loaded machine, without being a measure of speed.
     */
    private static final Duration NO_BLOW_UP = Duration.ofSeconds(15);

    @Test
    void billionLaughsIsRejectedWithoutExpanding() {
        // 9 levels of 10 aliases: 10^10 strings if expanded
        Path f = write("laughs.yaml", aliasChain(9, 10) + "apps: [{name: a, script: a.sh, args: *l9}]\n");
        List<String> errors = assertTimeoutPreemptively(NO_BLOW_UP, () -> errorsOf(f, LoadOptions.DEFAULTS));
        assertThat(errors).singleElement().asString().contains("invalid YAML").contains("aliases");
    }

    @Test
    void fewerAliasesThatStillExpandHugelyAreRejectedWithoutExpanding() {
        // 7 levels of 7 aliases stays under the alias bound but expands to 7^8 = 5,764,801 values
        Path f = write("expands.yaml", aliasChain(7, 7));
        List<String> errors = assertTimeoutPreemptively(NO_BLOW_UP, () -> errorsOf(f, LoadOptions.DEFAULTS));
        assertThat(errors).singleElement().asString().contains("more than 100000 values after expanding aliases");
    }

    @Test
    void tenThousandNestedBracketsAreRejectedWithoutRecursingInBothFormats() {
        String deep = "[".repeat(10_000) + "]".repeat(10_000);
        for (String name : List.of("deep.yaml", "deep.json")) {
            Path f = write(name, deep);
            List<String> errors = assertTimeoutPreemptively(NO_BLOW_UP, () -> errorsOf(f, LoadOptions.DEFAULTS));
            assertThat(errors).singleElement().asString().startsWith(name + ":1:65: ").endsWith("nesting deeper than 64 levels");
        }
    }

    @Test
    void ignoredPm2KeysAreWarningsAndErrorsUnderStrict() {
        LoadResult r = EcosystemFixtures.load("pm2/ignored.yaml");
        assertThat(r.warnings()).hasSize(7);
        List<String> strict = errorsOf(EcosystemFixtures.path("pm2/ignored.yaml"), new LoadOptions(null, true));
        assertThat(strict).hasSize(7).first().isEqualTo(
                "ignored.yaml:4:5: /apps/0/pmx: 'pmx' is a PM2 attribute jpm does not implement; ignored");
    }

    @Test
    void instancesBeyondTheLimitAfterResolvingMax() {
        Path f = write("many.yaml", "apps:\n  - {name: a, script: a.sh, instances: max}\n");
        assertThatThrownBy(() -> new EcosystemLoader(2000).load(f, LoadOptions.DEFAULTS))
                .isInstanceOf(EcosystemException.class)
                .hasMessage(f + ":2:40: /apps/0/instances: must be at most 1024, found max = 2000 on this machine (2000 CPUs)");
    }

    @Test
    void numericStringsAreCheckedAfterTheSchema() {
        Path f = write("strings.yaml", "apps:\n  - {name: a, script: a.sh, instances: '2000', stop_exit_codes: '300'}\n");
        assertThat(errorsOf(f, LoadOptions.DEFAULTS)).containsExactly(
                "strings.yaml:2:40: /apps/0/instances: must be at most 1024, found 2000",
                "strings.yaml:2:65: /apps/0/stop_exit_codes: exit codes are 0 to 255, found 300");
    }

    @Test
    void theExceptionCarriesWarningsToo() {
        Path f = write("mixed.yaml", "apps:\n  - {name: a, script: a.sh, pmx: true, autorestart: 1}\n");
        assertThatThrownBy(() -> EcosystemFixtures.load(f, LoadOptions.DEFAULTS)).isInstanceOfSatisfying(EcosystemException.class, e -> {
            assertThat(e.diagnostics()).extracting(Diagnostic::severity)
                    .containsExactly(Diagnostic.Severity.WARNING, Diagnostic.Severity.ERROR);
            assertThat(e.getMessage()).isEqualTo(f + ":2:53: /apps/0/autorestart: must be boolean, found integer");
        });
    }

    /** x-0 is a list of {@code width} strings; each x-i a list of {@code width} aliases of x-(i-1). */
    private static String aliasChain(int levels, int width) {
        StringBuilder y = new StringBuilder("x-0: &l0 [" + String.join(", ", java.util.Collections.nCopies(width, "lol")) + "]\n");
        for (int i = 1; i <= levels; i++) {
            y.append("x-").append(i).append(": &l").append(i).append(" [")
                    .append(String.join(", ", java.util.Collections.nCopies(width, "*l" + (i - 1)))).append("]\n");
        }
        return y.toString();
    }

    private Path write(String name, String text) {
        try {
            return Files.writeString(tmp.resolve(name), text);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
