package jpm.export.systemd;

import jpm.export.ExportFile;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import jpm.Golden;
import jpm.ecosystem.AppSpec;
import jpm.ecosystem.Diagnostic;
import jpm.ecosystem.EcosystemLoader;
import jpm.ecosystem.Interpreters;
import jpm.ecosystem.LoadOptions;
import jpm.ecosystem.LoadResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One case per row of {@link SystemdAttributes} (the docs table): an app using the attribute,
 * and the line it becomes, or the warning it gets at its file:line:col. Then golden files of a
 * whole file, as system and as user units.
 */
class SystemdExportTest {
    static final Path GOLDEN = Path.of("src/test/resources/export/systemd");

    @TempDir
    Path dir;

    /**
     * @param yaml the app's lines after name, script and cwd
     * @param file the file that must hold {@code expected}; null: a warning must
     */
    record Case(String yaml, String envName, String file, String expected) {}

    static final String UNIT = "jpm-default-web@.service";
    static final String TARGET = "jpm-eco.target";

    static final Map<String, Case> CASES = new LinkedHashMap<>();

    static {
        unit("name", "", "Description=jpm app default/web, instance %i\n");
        CASES.put("namespace", new Case("namespace: shop", null, "jpm-shop-web@.service", "\"JPM_NAMESPACE=shop\""));
        unit("script", "", "\nExecStart=/usr/bin/node /srv/shop/server.js\n");
        unit("args", "args: [--port, \"3000\", a b, $HOME, 50%]",
                "\nExecStart=/usr/bin/node /srv/shop/server.js --port 3000 \"a b\" \"$$HOME\" \"50%%\"\n");
        unit("cwd", "", "\nWorkingDirectory=/srv/shop\n");
        unit("interpreter", "interpreter: /opt/node 20/bin/node", "\nExecStart=\"/opt/node 20/bin/node\" /srv/shop/server.js\n");
        unit("interpreter_args", "interpreter_args: [--max-old-space-size=512]",
                "\nExecStart=/usr/bin/node --max-old-space-size=512 /srv/shop/server.js\n");
        CASES.put("instances", new Case("instances: 3", null, TARGET,
                "\nWants=jpm-default-web@0.service jpm-default-web@1.service jpm-default-web@2.service\n"));
        warning("exec_mode", "exec_mode: cluster\n    instances: 2\n    port: 3000", "cluster mode does not carry over");
        unit("port", "port: 8080", "\nEnvironment=\"PORT=8080\"\n");
        warning("listen_address", "exec_mode: cluster\n    port: 3000\n    listen_address: 127.0.0.1",
                "listen_address does not carry over");
        unit("uid", "uid: www-data", "\nUser=www-data\n");
        unit("gid", "gid: staff", "\nGroup=staff\n");
        warning("stdin", "stdin: message", "stdin: message does not carry over");
        unit("wait_ready", "wait_ready: true", "\nType=notify\nNotifyAccess=all\nTimeoutStartSec=3s\n");
        unit("listen_timeout", "wait_ready: true\n    listen_timeout: 10s", "\nTimeoutStartSec=10s\n");
        unit("env", "env: {NODE_ENV: production, GREETING: \"say \\\"hi\\\" 100%\"}",
                "\nEnvironment=\"GREETING=say \\\"hi\\\" 100%%\"\nEnvironment=\"NODE_ENV=production\"\n");
        CASES.put("env_<name>", new Case("env: {NODE_ENV: dev}\n    env_production: {NODE_ENV: production}", "production", UNIT,
                "\nEnvironment=\"NODE_ENV=production\"\n"));
        unit("autorestart", "autorestart: false", "\nRestart=no\n");
        unit("max_restarts", "max_restarts: 4", "\nStartLimitBurst=5\n");
        unit("min_uptime", "max_restarts: 4\n    min_uptime: 2s\n    restart_delay: 500", "\nStartLimitIntervalSec=12500ms\n");
        unit("restart_delay", "restart_delay: 2s", "\nRestartSec=2s\n");
        warning("exp_backoff_restart_delay", "exp_backoff_restart_delay: 200", "exp_backoff_restart_delay does not carry over");
        unit("kill_timeout", "kill_timeout: 5s", "\nTimeoutStopSec=5s\n");
        unit("stop_signal", "stop_signal: INT", "\nKillSignal=SIGINT\n");
        unit("stop_exit_codes", "stop_exit_codes: [0, 3]", "\nRestartPreventExitStatus=0 3\n");
        unit("max_memory_restart", "max_memory_restart: 100M", "\nMemoryMax=104857600\n");
        CASES.put("cron_restart", new Case("cron_restart: '30 3 * * 1-5'", null, "jpm-default-web-cron.timer",
                "\nOnCalendar=Mon..Fri *-*-* 3:30:0\n"));
        warning("watch", "watch: true", "watch does not carry over");
        warning("ignore_watch", "watch: true\n    ignore_watch: [node_modules]", "ignore_watch does not carry over");
        warning("watch_delay", "watch: true\n    watch_delay: 5s", "watch_delay does not carry over");
        unit("out_file", "out_file: logs/out.log", "\nStandardOutput=append:/srv/shop/logs/out-%i.log\n");
        unit("error_file", "error_file: /var/log/web.err", "\nStandardError=append:/var/log/web-%i.err\n");
        warning("log_file", "log_file: all.log", "log_file does not carry over");
        unit("merge_logs", "merge_logs: true\n    out_file: logs/out.log", "\nStandardOutput=append:/srv/shop/logs/out.log\n");
        warning("time", "time: true", "time does not carry over");
        warning("log_date_format", "log_date_format: YYYY-MM-DD", "log_date_format does not carry over");
        warning("log_type", "log_type: json", "log_type does not carry over");
        warning("log_max_size", "log_max_size: 10M", "log_max_size does not carry over");
        warning("log_retain", "log_retain: 3", "log_retain does not carry over");
        warning("log_compress", "log_compress: true", "log_compress does not carry over");
        unit("instance_var", "instance_var: INSTANCE_ID", " \"JPM_INSTANCE=%i\" \"INSTANCE_ID=%i\"\n");
        CASES.put("increment_var", new Case("instances: 2\n    increment_var: PORT\n    env: {PORT: 3000}", null,
                "jpm-default-web@1.service.d/increment-var.conf", "[Service]\nEnvironment=\"PORT=3001\"\n"));
        warning("hooks", "hooks: {errored: [/bin/true]}", "hooks do not carry over");
        warning("health", "health: {http: 'http://127.0.0.1:3000/health'}", "health does not carry over");
        unit("depends_on", "depends_on: [db]", "\nAfter=jpm-default-db@0.service\nRequires=jpm-default-db@0.service\n");
        unit("restart_dependents", "depends_on: [db]\n    restart_dependents: true", "\nRequires=jpm-default-db@0.service\n");
    }

    private static void unit(String key, String yaml, String expected) {
        CASES.put(key, new Case(yaml, null, UNIT, expected));
    }

    private static void warning(String key, String yaml, String expected) {
        CASES.put(key, new Case(yaml, null, null, expected));
    }

    @Test
    void everyRowOfTheTableHasACase() {
        assertThat(CASES.keySet()).containsExactlyElementsOf(SystemdAttributes.all().stream().map(SystemdAttributes.Row::key).toList());
    }

    static Stream<Arguments> cases() {
        return CASES.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void eachAttributeBecomesItsLineOrAWarningAtItsPosition(String key, Case c) throws IOException {
        String yaml = "apps:\n  - name: web\n    script: server.js\n    cwd: /srv/shop\n" + (c.yaml().isEmpty() ? "" : "    " + c.yaml() + "\n")
                + (c.yaml().contains("depends_on") ? "  - name: db\n    script: db.js\n    cwd: /srv/shop\n" : "");
        SystemdExport.Result r = export(yaml, c.envName(), false);
        SystemdAttributes.Row row = SystemdAttributes.of(key);
        if (c.file() == null) {
            assertThat(row.kind()).isEqualTo(SystemdAttributes.Kind.WARNING);
            assertThat(r.diagnostics()).extracting(Diagnostic::render).anySatisfy(d -> assertThat(d)
                    .matches(".*/eco\\.yaml:\\d+:\\d+: /apps/0/" + key + ": .*").contains(c.expected()));
            // and without the attribute, no such warning
            SystemdExport.Result plain = export("apps:\n  - name: web\n    script: server.js\n    cwd: /srv/shop\n", null, false);
            assertThat(plain.diagnostics()).isEmpty();
        } else {
            assertThat(row.kind()).isNotEqualTo(SystemdAttributes.Kind.WARNING);
            assertThat(text(r, c.file())).contains(c.expected());
            assertThat(r.diagnostics()).as("no warning for what maps").isEmpty();
        }
    }

    @Test
    void secretLookingValuesGoToAnEnvironmentFileAndNotIntoTheUnit() throws IOException {
        SystemdExport.Result r = export("""
                apps:
                  - name: web
                    script: server.js
                    cwd: /srv/shop
                    env:
                      API_TOKEN: "t0k$n"
                      DATABASE_URL: postgres://shop:pw@db/shop
                      NODE_ENV: production
                """, null, false);
        String unit = text(r, UNIT);
        assertThat(unit).contains("\n# API_TOKEN, DATABASE_URL: secret, in the EnvironmentFile (mode 0600)\nEnvironmentFile=%E/jpm/jpm-default-web.env\n")
                .contains("NODE_ENV=production").doesNotContain("t0k").doesNotContain("pw@");
        ExportFile env = r.files().stream().filter(f -> f.name().equals("jpm-default-web.env")).findFirst().orElseThrow();
        assertThat(env.secret()).isTrue();
        assertThat(env.text()).endsWith("API_TOKEN=\"t0k\\$n\"\nDATABASE_URL=\"postgres://shop:pw@db/shop\"\n");
        assertThat(r.files()).filteredOn(ExportFile::secret).hasSize(1);
    }

    @Test
    void userUnitsHaveNoUserAndTheirTargetIsWantedByDefaultTarget() throws IOException {
        SystemdExport.Result r = export("apps:\n  - name: web\n    script: server.js\n    cwd: /srv/shop\n    uid: www-data\n", null, true);
        assertThat(text(r, UNIT)).doesNotContain("User=").doesNotContain("network-online");
        assertThat(text(r, TARGET)).endsWith("\n[Install]\nWantedBy=default.target\n");
        assertThat(r.diagnostics()).extracting(Diagnostic::render)
                .containsExactly(dir.resolve("eco.yaml") + ":5:10: /apps/0/uid: uid does not carry over to a user unit: a user manager runs its units as its own user");
    }

    @Test
    void aSystemUnitRunsAsTheUserWhoExportsWhenTheAppNamesNone() throws IOException {
        SystemdExport.Result r = export("apps:\n  - name: web\n    script: server.js\n    cwd: /srv/shop\n", null, false);
        assertThat(text(r, UNIT)).contains("\nUser=alice\n").doesNotContain("Group=");
        assertThat(text(r, TARGET)).endsWith("\n[Install]\nWantedBy=multi-user.target\n");
    }

    @Test
    void aCronScheduleThatOnCalendarCannotExpressIsAnErrorAtItsLine() throws IOException {
        SystemdExport.Result r = export("apps:\n  - name: web\n    script: server.js\n    cwd: /srv/shop\n    cron_restart: '0 0 15W * *'\n",
                null, false);
        assertThat(r.failed()).isTrue();
        assertThat(r.diagnostics()).extracting(Diagnostic::render).containsExactly(dir.resolve("eco.yaml")
                + ":5:19: /apps/0/cron_restart: cron_restart '0 0 15W * *' cannot be a systemd timer: day-of-month '15W' is the"
                + " nearest weekday, which OnCalendar= cannot express; name the days instead (Mon..Fri with a day-of-month range)");
    }

    @Test
    void twoAppsWhoseUnitNamesWouldCollideAreAnError() throws IOException {
        // x/a-b and x-a/b would both be jpm-x-a-b
        SystemdExport.Result clash = export("""
                apps:
                  - {name: a-b, namespace: x, script: s.js, cwd: /srv}
                  - {name: b, namespace: x-a, script: s.js, cwd: /srv}
                """, null, false);
        assertThat(clash.failed()).isTrue();
        assertThat(clash.diagnostics()).extracting(Diagnostic::render).containsExactly(dir.resolve("eco.yaml")
                + ":3:12: /apps/1/name: the units of x-a/b would be named as those of x/a-b (jpm-x-a-b@.service): rename one");
    }

    @Test
    void aWholeFileAsSystemUnitsAndAsUserUnits() throws IOException {
        Path file = Files.copy(GOLDEN.resolve("shop.yaml"), dir.resolve("shop.yaml"));
        for (boolean user : List.of(false, true)) {
            LoadResult loaded = new EcosystemLoader(4).load(file, LoadOptions.DEFAULTS);
            SystemdExport.Result r = SystemdExport.of(apps(loaded), new SystemdOptions(user, "alice", "/srv/shop/shop.yaml", "jpm-shop"));
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < r.files().size(); i++) {
                out.append(i > 0 ? "\n" : "").append("# file: ").append(r.files().get(i).name()).append('\n').append(r.files().get(i).text());
            }
            out.append("\n# warnings\n");
            r.diagnostics().forEach(d -> out.append(d.render().replace(dir.toString(), "/srv/shop")).append('\n'));
            Golden.assertFile(GOLDEN.resolve(user ? "shop.user-units" : "shop.system-units"), out.toString());
        }
    }

    // ---- helpers

    private SystemdExport.Result export(String yaml, String envName, boolean user) throws IOException {
        Path file = dir.resolve("eco.yaml");
        Files.writeString(file, yaml);
        LoadResult loaded = new EcosystemLoader(4).load(file, new LoadOptions(envName, false));
        return SystemdExport.of(apps(loaded), new SystemdOptions(user, "alice", file.toString(), "jpm-eco"));
    }

    /** The command line as CommandResolver would make it on a machine with the interpreters in /usr/bin. */
    static List<ExportedApp> apps(LoadResult loaded) {
        List<ExportedApp> out = new ArrayList<>();
        for (int i = 0; i < loaded.apps().size(); i++) {
            AppSpec a = loaded.apps().get(i);
            List<String> argv = new ArrayList<>();
            List<String> interpreter = Interpreters.forScript(a.launch().script(), a.launch().interpreter());
            if (!interpreter.isEmpty()) {
                String program = interpreter.getFirst();
                argv.add(program.startsWith("/") ? program : "/usr/bin/" + program);
                argv.addAll(interpreter.subList(1, interpreter.size()));
                argv.addAll(a.launch().interpreterArgs());
            }
            argv.add(Path.of(a.launch().cwd()).resolve(a.launch().script()).toString());
            argv.addAll(a.launch().args());
            out.add(new ExportedApp(a, loaded.origins().get(i), argv));
        }
        return out;
    }

    private static String text(SystemdExport.Result r, String name) {
        return r.files().stream().filter(f -> f.name().equals(name)).findFirst().map(ExportFile::text)
                .orElseThrow(() -> new AssertionError("no file " + name + " in " + r.files().stream().map(ExportFile::name).toList()));
    }

}
