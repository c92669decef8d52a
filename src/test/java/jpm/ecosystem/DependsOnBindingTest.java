package jpm.ecosystem;

import static jpm.ecosystem.EcosystemFixtures.errorsOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code depends_on}: both forms, names resolved to namespace/name, and each mistake at the name or condition at fault. */
class DependsOnBindingTest {
    @TempDir
    Path dir;

    @Test
    void aPlainNameIsInTheDependentsNamespaceAndTheShortFormMeansStarted() throws IOException {
        LoadResult r = load("""
                apps:
                  - name: web
                    namespace: shop
                    script: run.sh
                    depends_on: [api, cache, infra/db]
                  - name: api
                    namespace: shop
                    script: run.sh
                    depends_on:
                      cache: {condition: healthy}
                      migrate:
                        condition: completed
                      other/queue: {condition: started}
                    restart_dependents: true
                  - name: cache
                    namespace: shop
                    script: run.sh
                    health: {tcp: "127.0.0.1:6379"}
                  - name: migrate
                    namespace: shop
                    script: run.sh
                    autorestart: false
                  - name: db
                    namespace: infra
                    script: run.sh
                """);
        assertThat(r.warnings()).isEmpty();
        assertThat(EcosystemFixtures.app(r, "web").supervision().dependencies().dependsOn()).containsExactly(
                Map.entry("infra/db", "started"), Map.entry("shop/api", "started"), Map.entry("shop/cache", "started"));
        Supervision.Dependencies api = EcosystemFixtures.app(r, "api").supervision().dependencies();
        assertThat(api.dependsOn()).as("an app of another file, written namespace/name, is no error at load").containsExactly(
                Map.entry("other/queue", "started"), Map.entry("shop/cache", "healthy"), Map.entry("shop/migrate", "completed"));
        assertThat(api.restartDependents()).isTrue();
        assertThat(EcosystemFixtures.app(r, "db").supervision().dependencies())
                .isEqualTo(new Supervision.Dependencies(Map.of(), false));
    }

    @Test
    void shapeMistakesAreNamedInTheirOwnWords() throws IOException {
        Path file = write("""
                apps:
                  - name: scalar
                    script: run.sh
                    depends_on: db
                  - name: value
                    script: run.sh
                    depends_on:
                      db: healthy
                  - name: missing
                    script: run.sh
                    depends_on:
                      db: {}
                  - name: extra
                    script: run.sh
                    depends_on:
                      db: {condition: started, restart: true}
                  - name: enum
                    script: run.sh
                    depends_on:
                      db: {condition: ready}
                  - name: items
                    script: run.sh
                    depends_on: [db, 3, ""]
                  - name: db
                    script: run.sh
                """);
        assertThat(errorsOf(file, LoadOptions.DEFAULTS)).containsExactly(
                "eco.yaml:4:17: /apps/0/depends_on: must be a list of app names ([db, cache]) or a map of app name to {condition:"
                        + " started, healthy or completed}, found string 'db'",
                "eco.yaml:8:11: /apps/1/depends_on/db: must be {condition: started, healthy or completed}, found string 'healthy':"
                        + " write db: {condition: healthy}",
                "eco.yaml:12:11: /apps/2/depends_on/db: missing condition: started, healthy or completed",
                "eco.yaml:16:41: /apps/3/depends_on/db/restart: unknown key 'restart' in depends_on.db (keys: condition)",
                "eco.yaml:20:23: /apps/4/depends_on/db/condition: must be one of started, healthy, completed, found 'ready'",
                "eco.yaml:23:22: /apps/5/depends_on/1: must be string, found integer",
                "eco.yaml:23:25: /apps/5/depends_on/2: must not be empty");
    }

    @Test
    void namesAreCheckedOnTheirOwnAndAgainstTheFile() throws IOException {
        Path file = write("""
                apps:
                  - name: web
                    script: run.sh
                    depends_on: [web, dbb, db, default/db, queue, ../x, "ns/bad name/x"]
                  - name: db
                    script: run.sh
                  - name: queue
                    namespace: infra
                    script: run.sh
                  - name: worker
                    script: run.sh
                    depends_on:
                      reddis: {condition: started}
                """);
        assertThat(errorsOf(file, LoadOptions.DEFAULTS)).containsExactly(
                "eco.yaml:4:18: /apps/0/depends_on/0: the app depends on itself: remove web",
                "eco.yaml:4:23: /apps/0/depends_on/1: no app 'dbb' in namespace 'default' in this file; did you mean 'db'?",
                "eco.yaml:4:32: /apps/0/depends_on/3: default/db is given twice (as db), first at line 4: keep one",
                "eco.yaml:4:44: /apps/0/depends_on/4: no app 'queue' in namespace 'default' in this file: write infra/queue for"
                        + " the app of another namespace",
                "eco.yaml:4:51: /apps/0/depends_on/5: namespace '..' must not be '.' or '..' (write name, or namespace/name)",
                "eco.yaml:4:57: /apps/0/depends_on/6: app name 'bad name/x' must not contain '/' or '\\' (write name, or namespace/name)",
                "eco.yaml:13:7: /apps/3/depends_on/reddis: no app 'reddis' in namespace 'default' in this file (an app of another"
                        + " file is written namespace/name)");
    }

    @Test
    void aConditionTheDependencyCannotMeetIsAnErrorAtTheCondition() throws IOException {
        Path file = write("""
                apps:
                  - name: web
                    script: run.sh
                    depends_on:
                      api: {condition: healthy}
                      migrate: {condition: completed}
                      seed: {condition: completed}
                      cache: {condition: healthy}
                      other/db: {condition: healthy}
                  - name: api
                    script: run.sh
                  - name: migrate
                    script: run.sh
                  - name: seed
                    script: run.sh
                    autorestart: true
                  - name: cache
                    script: run.sh
                    healthcheck: {tcp: "localhost:6379"}
                """);
        assertThat(errorsOf(file, LoadOptions.DEFAULTS)).containsExactly(
                "eco.yaml:5:24: /apps/0/depends_on/api/condition: condition healthy: api (line 10) has no health check to pass:"
                        + " give it health, or use condition started",
                "eco.yaml:6:28: /apps/0/depends_on/migrate/condition: condition completed: migrate (line 12) is restarted when it"
                        + " exits (autorestart is true by default): give it autorestart: false, or use condition started",
                "eco.yaml:7:25: /apps/0/depends_on/seed/condition: condition completed: seed (line 14) is restarted when it exits"
                        + " (autorestart is true): give it autorestart: false, or use condition started");
    }

    @Test
    void aCycleIsSpelledOutAtTheDependencyOfOneOfItsApps() throws IOException {
        Path file = write("""
                apps:
                  - name: web
                    script: run.sh
                    depends_on: [api]
                  - name: api
                    script: run.sh
                    depends_on: [db]
                  - name: db
                    script: run.sh
                    depends_on: [web]
                  - name: a
                    namespace: one
                    script: run.sh
                    depends_on: [two/b]
                  - name: b
                    namespace: two
                    script: run.sh
                    depends_on: [one/a]
                """);
        assertThat(errorsOf(file, LoadOptions.DEFAULTS)).containsExactly(
                "eco.yaml:7:18: /apps/1/depends_on/0: a cycle: api -> db -> web -> api; none of them could start: remove one of"
                        + " these dependencies",
                "eco.yaml:14:18: /apps/3/depends_on/0: a cycle: one/a -> two/b -> one/a; none of them could start: remove one of"
                        + " these dependencies");
    }

    @Test
    void camelCaseKeysOfAJsonFileAreReadAsInPm2() throws IOException {
        script("run.sh");
        Path file = dir.resolve("ecosystem.json");
        Files.writeString(file, """
                {
                  apps: [
                    { name: 'web', script: 'run.sh', dependsOn: { api: { condition: 'healthy' } }, },
                    { name: 'api', script: 'run.sh', restartDependents: true,
                      healthcheck: { http: 'http://127.0.0.1:3000/health', start_period: '5s' } },
                  ],
                }
                """);
        LoadResult r = EcosystemFixtures.load(file, LoadOptions.DEFAULTS);
        assertThat(EcosystemFixtures.app(r, "web").supervision().dependencies().dependsOn())
                .containsExactly(Map.entry("default/api", "healthy"));
        AppSpec api = EcosystemFixtures.app(r, "api");
        assertThat(api.supervision().dependencies().restartDependents()).isTrue();
        assertThat(api.supervision().health().health().startPeriodMs()).isEqualTo(5000);
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
