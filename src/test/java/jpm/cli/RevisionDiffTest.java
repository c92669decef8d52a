package jpm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import jpm.ecosystem.AppSpec;
import jpm.plan.PlanText;
import jpm.rpc.GitCommit;
import jpm.rpc.Revision;
import jpm.rpc.RevisionSource;
import org.junit.jupiter.api.Test;

class RevisionDiffTest {
    static final String FILE = "/srv/eco.yaml";
    static final AppSpec API = AppSpec.of("api", "api.js", "/srv");
    static final AppSpec WORKER = AppSpec.of("worker", "w.js", "/srv");

    static Revision rev(int n, AppSpec... apps) {
        return new Revision(n, FILE, Revision.hashOf(List.of(apps)), "2026-12-04T13:20:01.123456Z", "alice",
                new RevisionSource("apply", null, new GitCommit("3f2a9c1b2d4e5f60718293a4b5c6d7e8f9012345", "main", false, null)),
                "s", List.of(apps));
    }

    @Test
    void thePlanBetweenRevisionsIsWhatARollbackWouldDo() {
        Revision one = rev(1, API);
        Revision two = rev(2, API.withInstances(3), WORKER);
        assertThat(PlanText.summary(RevisionDiff.plan(two, one, FILE)))
                .isEqualTo("0 to start, 0 to restart, 1 to scale, 0 to update, 1 to delete, 0 unchanged");
        assertThat(PlanText.summary(RevisionDiff.plan(one, two, FILE)))
                .isEqualTo("1 to start, 0 to restart, 1 to scale, 0 to update, 0 to delete, 0 unchanged");
        assertThat(RevisionDiff.plan(one, rev(3, API), FILE).isEmpty()).isTrue();
    }

    @Test
    void theFileLineTellsTheFileFromItsLastRevision() {
        Revision two = rev(2, API);
        assertThat(RevisionDiff.line(two, Revision.hashOf(List.of(API))))
                .isEqualTo("the file defines what revision 2 applied (2 of /srv/eco.yaml, apply at 2026-12-04 13:20:01Z,"
                        + " commit 3f2a9c1b2d4e main)");
        assertThat(RevisionDiff.line(two, Revision.hashOf(List.of(API, WORKER)))).startsWith("the file changed since revision 2 (");
    }

    @Test
    void theHashIsOfTheDefinitionsAndSeesEveryChange() {
        assertThat(Revision.hashOf(List.of(API))).isEqualTo(Revision.hashOf(List.of(AppSpec.of("api", "api.js", "/srv"))));
        assertThat(Revision.hashOf(List.of(API))).isNotEqualTo(Revision.hashOf(List.of(API.withInstances(2))));
        assertThat(Revision.hashOf(List.of(API))).hasSize(64);
    }

    @Test
    void theHistoryTableHasAHeadingPerFile() {
        Revision other = new Revision(1, "/srv/b.yaml", "0123456789abcdef", "2026-12-04T13:21:00Z", "bob",
                new RevisionSource("rollback", "to 1", null), "1 to restart", List.of(API));
        String table = RevisionText.table(List.of(rev(1, API), rev(2, API, WORKER), other));
        assertThat(table.lines().toList()).hasSize(8); // two headings, two column heads, three rows, the blank line between files
        assertThat(table).startsWith("/srv/eco.yaml\n  REV ").contains("\n/srv/b.yaml\n");
        assertThat(table).contains("3f2a9c1b2d4e main").contains("rollback to 1").contains("0123456789ab ");
    }

    @Test
    void historyJsonRedactionIsTheDaemonsButTheRecordRedactsEnv() {
        AppSpec secret = API.withLaunch(API.launch().withEnv(java.util.Map.of("TOKEN", "s3cret")));
        Revision r = rev(1, secret).redacted();
        assertThat(jpm.json.Json.write(RevisionText.json(List.of(r)))).doesNotContain("s3cret").contains("<redacted>");
    }
}
