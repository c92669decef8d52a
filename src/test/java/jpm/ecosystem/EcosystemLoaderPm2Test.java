package jpm.ecosystem;

import static jpm.ecosystem.EcosystemFixtures.app;
import static jpm.ecosystem.EcosystemFixtures.load;
import static jpm.ecosystem.EcosystemFixtures.path;
import static jpm.ecosystem.EcosystemFixtures.rendered;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One small PM2-style file per shape that real PM2 ecosystem files use ("PM2
 * compatibility"): each must load, and mean what it means to PM2.
 */
class EcosystemLoaderPm2Test {
    static final Path DIR = path("pm2/apps-list.yaml").getParent();

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "apps: as a list,     pm2/apps-list.yaml,   api worker",
        "apps: as one map,    pm2/apps-single.yaml, api",
        "a bare app object,   pm2/bare-app.json,    api",
        "a bare list of apps, pm2/bare-list.yaml,   api worker",
        "pm2: instead of apps:, pm2/pm2-key.json,   api"})
    void topLevelShapes(String shape, String fixture, String names) {
        LoadResult r = load(fixture);
        assertThat(r.apps()).extracting(AppSpec::name).containsExactly(names.split(" "));
        assertThat(r.warnings()).isEmpty();
        assertThat(r.infos()).as("strict JSON and YAML need no note").isEmpty();
    }

    @Test
    void aDeploySectionInAnyShapeIsIgnoredWithOneWarning() {
        LoadResult r = load("pm2/deploy.yaml");
        assertThat(r.apps()).hasSize(1);
        assertThat(rendered(r.warnings(), path("pm2/deploy.yaml")))
                .containsExactly("deploy.yaml:4:1: /deploy: PM2's deploy section is ignored: jpm does not deploy");
    }

    @Test
    void jsonIsReadAsPm2ReadsItWithOneInfoLine() {
        LoadResult r = load("pm2/lenient.json");
        AppSpec a = app(r, "api");
        assertThat(a.instances()).isEqualTo(2);
        // "\T" is a loose escape: JavaScript keeps the T
        assertThat(a.launch().args()).containsExactly("--greeting", "hi", "--path", "C:Temp");
        assertThat(rendered(r.infos(), path("pm2/lenient.json"))).containsExactly(
                "lenient.json:1:1: read leniently, as PM2 does (it evaluates .json as JavaScript): comments, unquoted keys,"
                        + " single quotes, loose escapes, trailing commas are not strict JSON");
    }

    @Test
    void pm2AliasesMeanTheirCanonicalKeys() {
        LoadResult r = load("pm2/aliases.yaml");
        assertThat(r.warnings()).isEmpty();
        Launch a = app(r, "a").launch();
        assertThat(a.script()).isEqualTo("a.py");
        assertThat(a.interpreterArgs()).containsExactly("--x");
        assertThat(a.interpreter()).isEqualTo("python3");
        assertThat(a.mergeLogs()).isTrue();
        assertThat(app(r, "a").supervision().triggers().cronRestart()).isEqualTo("0 3 * * *");
        assertThat(List.of(a.outFile(), a.errorFile(), a.logFile())).containsExactly("a.out", "a.err", "a.log");
        Launch b = app(r, "b").launch();
        assertThat(List.of(b.script(), b.outFile(), b.errorFile())).containsExactly("b.py", "b.out", "b.err");
        Launch c = app(r, "c").launch();
        assertThat(List.of(c.script(), c.outFile(), c.errorFile())).containsExactly("c.py", "c.out", "c.err");
        assertThat(app(r, "d").launch().errorFile()).isEqualTo("d.err");
    }

    @Test
    void cronRestartIsCheckedAtLoadAndKeptAsWritten() {
        LoadResult r = load("pm2/cron.yaml");
        assertThat(r.warnings()).isEmpty();
        assertThat(app(r, "seconds").supervision().triggers().cronRestart()).isEqualTo("*/2 * * * * *");
        assertThat(CronSchedule.parse(app(r, "seconds").supervision().triggers().cronRestart()).quartz()).isEqualTo("*/2 * * * * ?");
        assertThat(app(r, "weekdays").supervision().triggers().cronRestart()).isEqualTo("0 9 * * 1-5");
        assertThat(app(r, "weekly").supervision().triggers().cronRestart()).isEqualTo("@weekly");
        for (String off : List.of("off", "off-string")) {
            assertThat(app(r, off).supervision().triggers().cronRestart()).as(off).isEqualTo("0");
            assertThat(CronSchedule.isDisabled(app(r, off).supervision().triggers().cronRestart())).as(off).isTrue();
        }
    }

    @Test
    void camelCaseFormsMeanTheirSnakeCaseKeys() {
        LoadResult r = load(path("pm2/camel.json"), new LoadOptions("production", false));
        AppSpec a = app(r, "api");
        assertThat(a.supervision().triggers().maxMemoryRestartBytes()).isEqualTo(150L << 20);
        assertThat(a.launch().execMode()).isEqualTo("cluster");
        assertThat(a.launch().incrementVar()).isEqualTo("PORT");
        assertThat(a.supervision().triggers().ignoreWatch()).containsExactly("node_modules");
        assertThat(a.supervision().restart().minUptimeMs()).isEqualTo(5000);
        assertThat(a.supervision().stop().killTimeoutMs()).isEqualTo(3000);
        assertThat(a.launch().interpreterArgs()).containsExactly("-u");
        assertThat(a.launch().env()).isEqualTo(Map.of("PORT", "3000", "NODE_ENV", "production"));
        assertThat(r.warnings()).as("increment_var given: no cluster warning").isEmpty();
    }

    @Test
    void pm2KeysJpmDoesNotImplementAreWarnedAboutOneByOne() {
        LoadResult r = load("pm2/ignored.yaml");
        assertThat(r.apps()).hasSize(1);
        assertThat(rendered(r.warnings(), path("pm2/ignored.yaml"))).containsExactly(
                "ignored.yaml:4:5: /apps/0/pmx: 'pmx' is a PM2 attribute jpm does not implement; ignored",
                "ignored.yaml:5:5: /apps/0/vizion: 'vizion' is a PM2 attribute jpm does not implement; ignored",
                "ignored.yaml:6:5: /apps/0/source_map_support: 'source_map_support' is a PM2 attribute jpm does not implement; ignored",
                "ignored.yaml:7:5: /apps/0/automation: 'automation' is a PM2 attribute jpm does not implement; ignored",
                "ignored.yaml:8:5: /apps/0/trace: 'trace' is a PM2 attribute jpm does not implement; ignored",
                "ignored.yaml:9:5: /apps/0/watch_options: 'watch_options' is a PM2 attribute jpm does not implement; ignored",
                "ignored.yaml:11:5: /apps/0/kill_retry_time: 'kill_retry_time' is a PM2 attribute jpm does not implement; ignored (jpm sends SIGKILL once after kill_timeout)");
    }

    @Test
    void instancesAsNumberNumericStringMaxZeroOrNegative() {
        LoadResult r = load("pm2/instances.yaml");
        assertThat(r.apps()).extracting(AppSpec::name, AppSpec::instances).containsExactly(
                org.assertj.core.groups.Tuple.tuple("number", 3),
                org.assertj.core.groups.Tuple.tuple("numeric-string", 2),
                org.assertj.core.groups.Tuple.tuple("max", EcosystemFixtures.CPUS),
                org.assertj.core.groups.Tuple.tuple("zero", EcosystemFixtures.CPUS),
                org.assertj.core.groups.Tuple.tuple("minus-one", EcosystemFixtures.CPUS - 1),
                org.assertj.core.groups.Tuple.tuple("minus-many", 1),
                org.assertj.core.groups.Tuple.tuple("default", 1));
    }

    @Test
    void execModesWithAndWithoutTheModeSuffix() {
        assertThat(load("pm2/exec-modes.yaml").apps()).extracting(a -> a.launch().execMode())
                .containsExactly("fork", "fork", "cluster", "cluster");
    }

    @Test
    void argsAndInterpreterArgsAsAListOrAStringSplitLikeAShell() {
        LoadResult r = load("pm2/args.yaml");
        assertThat(app(r, "list").launch().args()).containsExactly("--port", "8080", "--verbose", "true");
        assertThat(app(r, "list").launch().interpreterArgs()).containsExactly("-u", "-X", "dev");
        assertThat(app(r, "string").launch().args()).containsExactly("--name", "my app", "--msg", "say \"hi\"", "plain space");
        assertThat(app(r, "string").launch().interpreterArgs()).containsExactly("--max-old-space-size=4096", "--inspect");
    }

    @Test
    void watchAsABooleanAPathOrAList() {
        LoadResult r = load("pm2/watch.yaml");
        assertThat(app(r, "on").supervision().triggers().watch()).containsExactly(DIR.toString());
        assertThat(app(r, "off").supervision().triggers().watch()).isEmpty();
        assertThat(app(r, "path").supervision().triggers().watch()).containsExactly(DIR.resolve("src").toString());
        assertThat(app(r, "path").supervision().triggers().ignoreWatch()).containsExactly("node_modules");
        Supervision list = app(r, "list").supervision();
        assertThat(list.triggers().watch()).containsExactly("/srv/app/src", "/etc/app.conf");
        assertThat(list.triggers().ignoreWatch()).containsExactly("node_modules", "*.log");
        assertThat(list.triggers().watchDelayMs()).isEqualTo(2000);
        assertThat(rendered(r.warnings(), path("pm2/watch.yaml"))).containsExactly(
                "watch.yaml:14:10: /apps/3/cwd: cwd /srv/app is not a directory (yet)");
    }

    @Test
    void memoryWithUnitsOrBytesAndDurationsAsMillisecondsOrStrings() {
        LoadResult r = load("pm2/units.yaml");
        Supervision bytes = app(r, "bytes").supervision();
        assertThat(bytes.triggers().maxMemoryRestartBytes()).isEqualTo(1_048_576);
        assertThat(bytes.restart().minUptimeMs()).isEqualTo(500);
        assertThat(bytes.restart().restartDelayMs()).isEqualTo(250);
        Supervision kilo = app(r, "kilo").supervision();
        assertThat(kilo.triggers().maxMemoryRestartBytes()).isEqualTo(512 * 1024);
        assertThat(kilo.restart().minUptimeMs()).isEqualTo(10_000);
        assertThat(kilo.restart().expBackoffRestartDelayMs()).isEqualTo(100);
        Supervision mega = app(r, "mega").supervision();
        assertThat(mega.triggers().maxMemoryRestartBytes()).isEqualTo(200L << 20);
        assertThat(mega.restart().minUptimeMs()).isEqualTo(120_000);
        assertThat(mega.stop().killTimeoutMs()).isEqualTo(1500);
        Supervision giga = app(r, "giga").supervision();
        assertThat(giga.triggers().maxMemoryRestartBytes()).isEqualTo(1L << 30);
        assertThat(giga.restart().minUptimeMs()).isEqualTo(3_600_000);
    }

    @Test
    void envValuesAreStringifiedAndYesNoStayStrings() {
        Launch api = app(load("pm2/env.yaml"), "api").launch();
        assertThat(api.env()).containsExactlyInAnyOrderEntriesOf(Map.of("NODE_ENV", "development", "PORT", "3000",
                "RATIO", "1.5", "DEBUG", "true", "ENABLED", "no", "LEGACY", "yes", "EMPTY", ""));
    }

    @Test
    void envNameMergesEnvOfThatNameOverEnv() {
        LoadResult r = load(path("pm2/env.yaml"), new LoadOptions("production", false));
        Map<String, String> env = app(r, "api").launch().env();
        assertThat(env).containsEntry("NODE_ENV", "production").containsEntry("PORT", "80").containsEntry("RATIO", "1.5");
        assertThat(app(r, "worker").launch().env()).isEmpty();
        assertThat(r.warnings()).isEmpty();
        LoadResult unknown = load(path("pm2/env.yaml"), new LoadOptions("staging", false));
        assertThat(unknown.warnings()).extracting(Diagnostic::render).containsExactly(
                path("pm2/env.yaml") + ": --env staging: no app defines env_staging");
        assertThat(app(unknown, "api").launch().env()).containsEntry("NODE_ENV", "development");
    }

    @Test
    void scriptAsAFileACommandOnPathOrACommandLine(@TempDir Path tmp) throws IOException {
        Path file = Files.copy(path("pm2/scripts.yaml"), tmp.resolve("scripts.yaml"));
        Files.createFile(tmp.resolve("my server.sh"));
        LoadResult r = load(file, LoadOptions.DEFAULTS);
        assertThat(app(r, "file").launch().script()).isEqualTo("./server.py");
        assertThat(app(r, "npm").launch().script()).isEqualTo("npm");
        assertThat(app(r, "npm").launch().args()).containsExactly("start");
        Launch http = app(r, "http").launch();
        assertThat(http.script()).isEqualTo("python3");
        assertThat(http.args()).containsExactly("-m", "http.server", "18080", "--bind", "127.0.0.1");
        // a file whose name has a space is a file, not a command line
        assertThat(app(r, "spaced").launch().script()).isEqualTo("my server.sh");
        assertThat(app(r, "spaced").launch().args()).isEmpty();
        // no name: PM2's default, the script's file name without its extension
        assertThat(app(r, "run-it").launch().script()).isEqualTo("tools/run-it.sh");
    }

    @Test
    void stopExitCodesAsANumberANumericStringOrAList() {
        assertThat(load("pm2/stop-exit-codes.yaml").apps()).extracting(a -> a.supervision().stop().stopExitCodes())
                .containsExactly(List.of(0), List.of(2), List.of(0, 3, 42));
    }

    @Test
    void aRelativeCwdIsResolvedAgainstTheFilesDirectory() {
        LoadResult r = load("pm2/cwd.yaml");
        assertThat(app(r, "default").launch().cwd()).isEqualTo(DIR.toString());
        assertThat(app(r, "relative").launch().cwd()).isEqualTo(DIR.toString());
        assertThat(app(r, "absolute").launch().cwd()).isEqualTo("/tmp");
    }

    @Test
    void portSetsEnvPortAsInPm2AndInClusterModeIsThePortJpmBinds() {
        LoadResult r = load("pm2/port.yaml");
        assertThat(r.warnings()).as("a port: no 'independent processes' warning").isEmpty();
        AppSpec forked = app(r, "forked");
        assertThat(forked.launch().env()).containsEntry("PORT", "3000");
        assertThat(forked.launch().clusterPort()).as("fork mode binds nothing").isNull();
        AppSpec shared = app(r, "shared");
        assertThat(shared.launch().clusterPort()).isEqualTo(8080);
        assertThat(shared.launch().listenAddress()).isEqualTo("127.0.0.1");
        assertThat(shared.supervision().readiness().waitReady()).isTrue();
        assertThat(shared.supervision().readiness().listenTimeoutMs()).isEqualTo(5000);
        assertThat(app(r, "by-env").launch().clusterPort()).as("env PORT in cluster mode").isEqualTo(9090);
        assertThat(app(r, "by-env").supervision().readiness().listenTimeoutMs()).as("PM2's default").isEqualTo(3000);
    }

    @Test
    void clusterModeWithSeveralInstancesAndNoIncrementVarSaysTheyAreIndependent() {
        LoadResult r = load("pm2/cluster.yaml");
        assertThat(r.apps()).extracting(AppSpec::instances).containsExactly(4, 4, 1);
        assertThat(app(r, "own-ports").launch().env()).containsEntry("PORT", "18080");
        assertThat(rendered(r.warnings(), path("pm2/cluster.yaml"))).containsExactly(
                "cluster.yaml:4:16: /apps/0/exec_mode: cluster mode without a port runs 4 independent processes: give it port"
                        + " (or env PORT) so that jpm shares one listening socket among them, or increment_var so each binds its own");
        assertThat(app(r, "own-ports").launch().clusterPort()).as("increment_var PORT: each binds its own").isNull();
    }

    @Test
    void yamlAnchorsUnderXKeysAndMergeKeys() {
        LoadResult r = load("pm2/anchors.yaml");
        assertThat(r.warnings()).isEmpty();
        assertThat(app(r, "api").launch().cwd()).isEqualTo("/tmp");
        assertThat(app(r, "api").supervision().restart().maxRestarts()).isEqualTo(3);
        assertThat(app(r, "worker").supervision().restart().maxRestarts()).isEqualTo(5);
        assertThat(app(r, "worker").launch().env()).isEqualTo(Map.of("LOG_LEVEL", "info", "QUEUE", "jobs"));
    }

    @Test
    void theSameNameInTwoNamespacesIsTwoApps() {
        LoadResult r = load("pm2/namespaces.yaml");
        assertThat(r.apps()).extracting(AppSpec::id).containsExactly("default/api", "staging/api");
    }

    @Test
    void anInstanceVarThatIsNoIdentifierIsTakenWithAWarningAsPm2TakesAnyString(@TempDir Path tmp) throws IOException {
        Path file = tmp.resolve("eco.yaml");
        Files.writeString(file, """
                apps:
                  - name: api
                    script: app.js
                    instance_var: app-instance
                  - name: plain
                    script: app.js
                    instance_var: INSTANCE_ID
                """);
        LoadResult r = load(file, LoadOptions.DEFAULTS);
        assertThat(app(r, "api").launch().instanceVar()).isEqualTo("app-instance");
        assertThat(app(r, "plain").launch().instanceVar()).isEqualTo("INSTANCE_ID");
        assertThat(rendered(r.warnings(), file)).containsExactly("eco.yaml:4:19: /apps/0/instance_var: instance_var 'app-instance'"
                + " is not a shell variable name: the app gets it in its environment (Node: process.env['app-instance']),"
                + " but a shell cannot read it as $app-instance and dash drops it from the environment of the programs it"
                + " starts; letters, digits and _ avoid that");
        Files.writeString(file, "apps:\n  - name: api\n    script: app.js\n    instance_var: \"A=B\"\n");
        assertThat(EcosystemFixtures.errorsOf(file, LoadOptions.DEFAULTS)).containsExactly(
                "eco.yaml:4:19: /apps/0/instance_var: invalid value 'A=B': expected a variable name (any text without '=')");
    }

    @Test
    void aLeadingTildeInCwdAndLogPathsIsTheLoadingUsersHomeAsInPm2(@TempDir Path tmp) throws IOException {
        String home = HomePaths.ofCurrentUser();
        Path file = tmp.resolve("eco.yaml");
        Files.writeString(file, """
                apps:
                  - name: api
                    script: app.js
                    cwd: "~"
                    out_file: ~/logs/api.out
                    error_file: ~/logs/api.err
                    log_file: ~/logs/api.log
                  - name: sub
                    script: app.js
                    cwd: ~/srv/sub
                  - name: other-user
                    script: app.js
                    out_file: ~alice/api.log
                  - name: literal
                    script: app.js
                    out_file: logs/~api.log
                """);
        LoadResult r = load(file, LoadOptions.DEFAULTS);
        Launch api = app(r, "api").launch();
        assertThat(api.cwd()).isEqualTo(home);
        assertThat(List.of(api.outFile(), api.errorFile(), api.logFile()))
                .containsExactly(home + "/logs/api.out", home + "/logs/api.err", home + "/logs/api.log");
        assertThat(app(r, "sub").launch().cwd()).isEqualTo(home + "/srv/sub");
        // PM2: path.join(os.homedir(), '~alice/api.log'.slice(1)); a shell would say alice's home
        assertThat(app(r, "other-user").launch().outFile()).isEqualTo(home + "/alice/api.log");
        assertThat(app(r, "literal").launch().outFile()).isEqualTo("logs/~api.log");
        assertThat(rendered(r.warnings(), file)).contains("eco.yaml:13:15: /apps/2/out_file: '~alice/api.log' is read as PM2"
                + " reads it, " + home + "/alice/api.log (~ is the home of the user who loads the file, " + home + "); a shell"
                + " would read '~alice' as that user's home: write the path in full");
    }

    @Test
    void homePathsExpandOnlyALeadingTilde() {
        assertThat(HomePaths.expand("~", "/home/u")).isEqualTo("/home/u");
        assertThat(HomePaths.expand("~/", "/home/u")).isEqualTo("/home/u");
        assertThat(HomePaths.expand("~/a/b", "/home/u/")).isEqualTo("/home/u/a/b");
        assertThat(HomePaths.expand("~x", "/")).isEqualTo("/x");
        assertThat(HomePaths.expand("a/~", "/home/u")).isEqualTo("a/~");
        assertThat(HomePaths.expand(null, "/home/u")).isNull();
        assertThat(HomePaths.namesAUser("~/a")).isFalse();
        assertThat(HomePaths.namesAUser("~alice")).isTrue();
    }

    @Test
    void aNodeAppWithSeveralInstancesAndNoExecModeRunsInClusterModeAsInPm2(@TempDir Path tmp) throws IOException {
        Files.createDirectories(tmp.resolve("bin"));
        Files.writeString(tmp.resolve("bin/www"), "#!/usr/bin/env node\nrequire('../app');\n");
        Files.writeString(tmp.resolve("worker"), "#!/usr/bin/env python3\nprint(1)\n");
        Path file = tmp.resolve("eco.yaml");
        Files.writeString(file, """
                apps:
                  - name: js
                    script: app.js
                    instances: 2
                  - name: www
                    script: ./bin/www
                    instances: max
                  - name: one
                    script: app.js
                    instances: 1
                  - name: forked
                    script: app.js
                    exec_mode: fork
                    instances: 2
                  - name: py
                    script: server.py
                    instances: 4
                    env:
                      PORT: 5000
                  - name: shebang-py
                    script: worker
                    instances: -1
                """);
        LoadResult r = load(file, LoadOptions.DEFAULTS);
        assertThat(r.apps()).extracting(AppSpec::name, a -> a.launch().execMode()).containsExactly(
                org.assertj.core.groups.Tuple.tuple("js", "cluster"),
                org.assertj.core.groups.Tuple.tuple("www", "cluster"),
                org.assertj.core.groups.Tuple.tuple("one", "fork"),
                org.assertj.core.groups.Tuple.tuple("forked", "fork"),
                org.assertj.core.groups.Tuple.tuple("py", "fork"),
                org.assertj.core.groups.Tuple.tuple("shebang-py", "fork"));
        assertThat(rendered(r.infos(), file)).containsExactly(
                "eco.yaml:4:16: /apps/0/instances: cluster mode, as PM2 runs a Node app with several instances and no exec_mode:"
                        + " the instances share every port the app listens on",
                "eco.yaml:7:16: /apps/1/instances: cluster mode, as PM2 runs a Node app with several instances and no exec_mode:"
                        + " the instances share every port the app listens on");
        assertThat(rendered(r.warnings(), file)).containsExactly("eco.yaml:17:16: /apps/4/instances: 4 instances in fork mode"
                + " all get PORT=5000, and only one can listen on it: PM2 runs an app with several instances and no exec_mode"
                + " in cluster mode only when it is a Node app, and this one runs with python3; set exec_mode: cluster so that"
                + " jpm binds the port once per instance and hands it over (Node apps unchanged, others take it as fd 3),"
                + " or increment_var: PORT so that each gets its own");
    }

    @Test
    void npmStartInClusterModeIsWarnedAboutItsAppIsOutOfTheAdaptersReach(@TempDir Path tmp) throws IOException {
        Files.writeString(tmp.resolve("npm"), "#!/usr/bin/env node\nrequire('../lib/cli.js')(process);\n");
        Path file = tmp.resolve("eco.yaml");
        Files.writeString(file, "apps:\n  - name: web\n    script: npm\n    args: start\n    instances: 4\n");
        LoadResult r = load(file, LoadOptions.DEFAULTS);
        assertThat(app(r, "web").launch().execMode()).isEqualTo("cluster");
        assertThat(rendered(r.warnings(), file)).containsExactly("eco.yaml:3:13: /apps/0/script: cluster mode with npm: it starts"
                + " the app as its own child, which jpm's Node adapter does not reach (nor PM2's cluster mode), so the instances"
                + " do not share the app's port: run the app's own script (script: server.js, or node_modules/.bin/next with"
                + " args: start)");
    }
}
