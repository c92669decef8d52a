package jpm.apply;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import jpm.ecosystem.AppSpec;
import jpm.plan.Action;
import jpm.plan.Plan;
import jpm.plan.PlanOptions;
import jpm.rpc.InstanceInfo;
import jpm.rpc.InstanceStatus;
import jpm.rpc.LastApply;
import jpm.rpc.LastChange;
import jpm.rpc.ObservedApp;
import jpm.rpc.RemovedApp;
import org.junit.jupiter.api.Test;

/**
 * Drift, one row per case: what the daemon has (apps with their last apply and change by hand,
 * the journal of removals) → the items for one file, rendered compactly as
 * {@code kind app [from→to] [count/of] [reason] [command user at]}.
 */
class DriftTest {
    static final String FILE = "/srv/eco.yaml";
    static final String OTHER = "/srv/other.yaml";
    static final Instant APPLIED = Instant.parse("2026-01-01T10:00:00Z");
    static final Instant BEFORE = Instant.parse("2026-01-01T09:00:00Z");
    static final Instant AFTER = Instant.parse("2026-01-01T11:00:00Z");
    static final Instant ERRORED_AT = Instant.parse("2026-01-01T11:30:00Z");

    static InstanceInfo inst(String status, String reason) {
        return new InstanceInfo(1, "x", "default", 0, null, InstanceStatus.ofWire(status), 0, 0, null, 0, 0, null, null, reason,
                "/o", "/e", null);
    }

    static final InstanceInfo ONLINE = inst("online", null);
    static final InstanceInfo STOPPED = inst("stopped", null);
    static final InstanceInfo EXITED = inst("stopped", "exited with code 0"); // ended by itself: not by hand
    static final InstanceInfo ERRORED = inst("errored", "exited with code 3; gave up after 3 unstable restarts");

    /** An app of {@code namespace/name}, its size, owner, last apply (file, size) and last change by hand. */
    static ObservedApp app(String id, int size, String owner, String appliedFile, int appliedSize, LastChange changed,
                           InstanceInfo... instances) {
        String[] parts = id.split("/");
        AppSpec spec = AppSpec.of(parts[1], "app.sh", "/srv").withNamespace(parts[0]).withInstances(size);
        LastApply applied = appliedFile == null ? null : new LastApply(appliedFile, appliedSize, APPLIED);
        Instant erroredAt = List.of(instances).contains(ERRORED) ? ERRORED_AT : null;
        return new ObservedApp(spec, owner, "h", List.of(instances), applied, changed, erroredAt);
    }

    static LastChange by(String command, Instant at) {
        return new LastChange(command, "alice", at);
    }

    static List<String> drift(List<ObservedApp> apps, List<RemovedApp> removed) {
        return drift(new PlanOptions(FILE, false, Set.of(), null, false), apps, removed);
    }

    static List<String> drift(PlanOptions options, List<ObservedApp> apps, List<RemovedApp> removed) {
        List<String> out = new ArrayList<>();
        for (DriftItem i : Drift.of(options, apps, removed)) {
            StringBuilder sb = new StringBuilder(i.kind().word()).append(' ').append(i.app());
            if (i.from() != null) sb.append(' ').append(i.from()).append('→').append(i.to());
            if (i.of() > 0) sb.append(' ').append(i.count()).append('/').append(i.of());
            if (i.reason() != null) sb.append(" [").append(i.reason()).append(']');
            if (i.command() != null) sb.append(" (").append(i.command()).append(' ').append(i.user()).append(')');
            if (i.at() != null) sb.append(" @").append(i.at());
            out.add(sb.toString());
        }
        return out;
    }

    @Test
    void nothingChangedSinceTheApply_noDrift() {
        assertThat(drift(List.of(app("default/api", 2, FILE, FILE, 2, null, ONLINE, ONLINE)), List.of())).isEmpty();
    }

    @Test
    void scaledByHand_fromTheAppliedSizeToTheCurrentOne_withWhoAndWhen() {
        assertThat(drift(List.of(app("default/api", 4, FILE, FILE, 2, by("jpm scale", AFTER), ONLINE, ONLINE, ONLINE, ONLINE)),
                List.of())).containsExactly("scaled default/api 2→4 (jpm scale alice) @" + AFTER);
    }

    @Test
    void deletingSomeInstancesShrinksTheApp_creditedToJpmDelete() {
        assertThat(drift(List.of(app("default/api", 1, FILE, FILE, 2, by("jpm delete", AFTER), ONLINE)), List.of()))
                .containsExactly("scaled default/api 2→1 (jpm delete alice) @" + AFTER);
    }

    @Test
    void stoppedByHand_countsTheStoppedInstances_notThoseThatEndedByThemselves() {
        assertThat(drift(List.of(app("default/web", 3, FILE, FILE, 3, by("jpm stop", AFTER), STOPPED, EXITED, ONLINE)), List.of()))
                .containsExactly("stopped default/web 1/3 (jpm stop alice) @" + AFTER);
    }

    @Test
    void errored_withTheReasonAndTheTime_andNoUser() {
        assertThat(drift(List.of(app("default/flaky", 1, FILE, FILE, 1, null, ERRORED)), List.of()))
                .containsExactly("errored default/flaky 1/1 [exited with code 3; gave up after 3 unstable restarts] @" + ERRORED_AT);
    }

    @Test
    void deletedByHand_fromTheJournal_onlyForThisFile_andOnlyWhileAbsent() {
        List<RemovedApp> journal = List.of(new RemovedApp("default/worker", FILE, "jpm delete", "alice", AFTER),
                new RemovedApp("default/theirs", OTHER, "jpm delete", "bob", AFTER),
                new RemovedApp("default/back", FILE, "jpm delete", "alice", AFTER));
        assertThat(drift(List.of(app("default/back", 1, FILE, FILE, 1, null, ONLINE)), journal))
                .containsExactly("deleted default/worker (jpm delete alice) @" + AFTER);
    }

    @Test
    void startedByHand_inOneOfTheFilesNamespaces_butNotInOthers() {
        List<ObservedApp> apps = List.of(app("shop/api", 1, FILE, FILE, 1, null, ONLINE),
                app("shop/extra", 1, null, null, 0, by("jpm start", AFTER), ONLINE),
                app("blog/extra", 1, null, null, 0, by("jpm start", AFTER), ONLINE),
                app("shop/theirs", 1, OTHER, OTHER, 1, null, ONLINE));
        assertThat(drift(apps, List.of())).containsExactly("started shop/extra (jpm start alice) @" + AFTER);
    }

    @Test
    void aNamespaceKnownOnlyFromTheJournalStillCounts() {
        List<RemovedApp> journal = List.of(new RemovedApp("shop/api", FILE, "jpm delete", "alice", AFTER));
        assertThat(drift(List.of(app("shop/extra", 1, null, null, 0, null, ONLINE)), journal))
                .containsExactly("deleted shop/api (jpm delete alice) @" + AFTER, "started shop/extra");
    }

    @Test
    void replacedByStartTakeOver_isTheOneItemOfThatApp() {
        assertThat(drift(List.of(app("default/api", 1, null, FILE, 2, by("jpm start --take-over", AFTER), STOPPED)), List.of()))
                .containsExactly("replaced default/api (jpm start --take-over alice) @" + AFTER);
    }

    @Test
    void aChangeByHandBeforeTheLastApply_orByAnotherCommand_isNotCredited() {
        assertThat(drift(List.of(app("default/api", 3, FILE, FILE, 2, by("jpm scale", BEFORE), ONLINE, ONLINE, ONLINE)), List.of()))
                .containsExactly("scaled default/api 2→3");
        // the daemon keeps only the last change: a scale after the stop hides who stopped it
        assertThat(drift(List.of(app("default/api", 3, FILE, FILE, 2, by("jpm scale", AFTER), STOPPED, STOPPED, STOPPED)),
                List.of())).containsExactly("scaled default/api 2→3 (jpm scale alice) @" + AFTER, "stopped default/api 3/3");
    }

    @Test
    void anAppAppliedBeforeTheDaemonKeptApplies_driftsOnlyByItsInstances() {
        assertThat(drift(List.of(app("default/api", 3, FILE, null, 0, null, STOPPED, ONLINE, ONLINE)), List.of()))
                .containsExactly("stopped default/api 1/3");
    }

    @Test
    void appsOfAnotherFile_orStartedByHandElsewhere_areNotThisFilesDrift() {
        assertThat(drift(List.of(app("default/api", 4, OTHER, OTHER, 2, by("jpm scale", AFTER), STOPPED)), List.of())).isEmpty();
    }

    @Test
    void onlyAndNamespaceNarrowTheDriftAsTheyNarrowThePlan() {
        List<ObservedApp> apps = List.of(app("shop/api", 1, FILE, FILE, 1, null, STOPPED), app("shop/web", 1, FILE, FILE, 1, null, STOPPED),
                app("blog/api", 1, FILE, FILE, 1, null, STOPPED));
        assertThat(drift(new PlanOptions(FILE, false, Set.of("api"), null, false), apps, List.of()))
                .containsExactly("stopped blog/api 1/1", "stopped shop/api 1/1");
        assertThat(drift(new PlanOptions(FILE, false, Set.of(), "shop", false), apps, List.of()))
                .containsExactly("stopped shop/api 1/1", "stopped shop/web 1/1");
    }

    @Test
    void itemsAreOrderedByAppThenKind() {
        assertThat(drift(List.of(app("default/b", 3, FILE, FILE, 2, null, STOPPED, ERRORED, ONLINE),
                app("default/a", 1, FILE, FILE, 1, null, STOPPED)), List.of()))
                .containsExactly("stopped default/a 1/1", "scaled default/b 2→3", "stopped default/b 1/3",
                        "errored default/b 1/3 [exited with code 3; gave up after 3 unstable restarts] @" + ERRORED_AT);
    }

    @Test
    void repairedBy_theItemsOfTheAppsThePlanActsOn() {
        List<DriftItem> items = Drift.of(new PlanOptions(FILE, false, Set.of(), null, false), List.of(
                app("default/api", 4, FILE, FILE, 2, null, ONLINE, ONLINE, ONLINE, ONLINE),
                app("default/extra", 1, null, null, 0, null, ONLINE)), List.of());
        AppSpec api = AppSpec.of("api", "app.sh", "/srv").withInstances(2);
        Plan plan = new Plan(List.of(new Action.Scale(api, 4, 2)), List.of(), List.of(), List.of());
        assertThat(Drift.repairedBy(items, plan)).extracting(DriftItem::app).containsExactly("default/api");
    }
}
