package jpm.plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import jpm.ecosystem.AppSpec;
import jpm.ecosystem.DependencyGraph;
import jpm.ecosystem.Launch;
import jpm.ecosystem.Supervision;

/**
 * Diffs desired apps against current ones. Pure and deterministic: the same inputs give the same
 * plan, in the order Delete, Update, Scale, Restart, Resume, Start, and by namespace/name within each.
 *
 * <p>Identity is (namespace, name). A Launch difference restarts the app (and carries a new size
 * with it); otherwise a size difference scales and a Supervision or owner difference updates
 * live. "Differs" is decided on {@link Launch#hash()} and {@link Supervision#hash()}, which
 * cover every component, never on a list of fields. An app of another file is a conflict
 * ({@link Ownership}) unless --take-over is given. Apps outside the file are left alone unless
 * this file owns them and --prune is given;
 * owned ones without --prune are reported as kept.
 */
public final class Planner {
    private Planner() {}

    public static Plan plan(List<AppSpec> desired, List<Current> current, PlanOptions options) {
        Map<String, Current> byId = new HashMap<>();
        for (Current c : current) byId.put(c.spec().id(), c);

        List<Action> deletes = new ArrayList<>();
        List<Action> updates = new ArrayList<>();
        List<Action> scales = new ArrayList<>();
        List<Action> restarts = new ArrayList<>();
        List<Action> starts = new ArrayList<>();
        List<Action> resumes = new ArrayList<>();
        List<String> unchanged = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<Ownership.Conflict> conflicts = new ArrayList<>();

        List<AppSpec> wanted = desired.stream().filter(a -> options.covers(a.namespace(), a.name()))
                .sorted(Comparator.comparing(AppSpec::id)).toList();
        for (AppSpec want : wanted) {
            Current have = byId.get(want.id());
            if (have == null) {
                starts.add(new Action.Start(want));
                continue;
            }
            // decided on hashes of the whole records, explained field by field (Fields); equal
            // records hash equal, so only records that differ are hashed (a plan of 1,000 unchanged
            // apps would otherwise spend most of its time hashing)
            boolean relaunch = differ(have.spec().launch(), want.launch(), Launch::hash);
            boolean supervisionChanged = differ(have.spec().supervision(), want.supervision(), Supervision::hash);
            List<FieldChange> live = new ArrayList<>();
            if (supervisionChanged) live.addAll(Fields.liveChanges(have.spec().supervision(), want.supervision()));
            switch (Ownership.claim(want.id(), have.owner(), options.owner(), options.takeOver())) {
                case Ownership.Own own -> { }
                case Ownership.Move move -> {
                    live.add(new FieldChange("owner", move.from() == null ? "(started by hand)" : move.from(), options.owner(), false));
                    notes.add(move.note());
                }
                case Ownership.Refuse refuse -> {
                    conflicts.add(refuse.conflict());
                    continue; // nothing of another file's app is planned: the apply is refused whole
                }
            }
            int from = have.spec().instances();
            int to = want.instances();
            if (relaunch) {
                List<FieldChange> all = new ArrayList<>(Fields.launchChanges(have.spec().launch(), want.launch()));
                if (from != to) all.add(new FieldChange("instances", Integer.toString(from), Integer.toString(to), false));
                all.addAll(live);
                restarts.add(new Action.Restart(want, all));
                continue;
            }
            if (from != to) scales.add(new Action.Scale(want, from, to));
            if (!live.isEmpty()) updates.add(new Action.Update(want, live));
            // the file says "running": instances stopped by hand or given up on are started again
            if (have.idle() > 0) resumes.add(new Action.Resume(want, have.idle()));
            if (from == to && live.isEmpty() && have.idle() == 0) unchanged.add(want.id());
        }

        Set<String> wantedIds = new HashSet<>();
        for (AppSpec a : desired) wantedIds.add(a.id());
        current.stream()
                .filter(c -> !wantedIds.contains(c.spec().id()))
                .filter(c -> options.owner() != null && options.owner().equals(c.owner()))
                .filter(c -> options.covers(c.spec().namespace(), c.spec().name()))
                .sorted(Comparator.comparing(c -> c.spec().id()))
                .forEach(c -> {
                    if (options.prune()) deletes.add(new Action.Delete(c.spec().namespace(), c.spec().name()));
                    else kept.add(c.spec().id());
                });

        List<Action> actions = new ArrayList<>();
        actions.addAll(deletes);
        actions.addAll(updates);
        actions.addAll(scales);
        actions.addAll(restarts);
        actions.addAll(resumes);
        actions.addAll(starts);
        return new Plan(actions, unchanged, kept, notes, conflicts, startOrder(wanted));
    }

    /**
     * The levels the daemon starts these apps in (it holds each app until its dependencies meet
     * their conditions): empty when none depends on another of them (dependencies outside the
     * file order nothing), as one level would say nothing.
     */
    static List<List<String>> startOrder(List<AppSpec> apps) {
        if (apps.stream().allMatch(a -> a.supervision().dependencies().dependsOn().isEmpty())) return List.of();
        Map<String, Map<String, String>> graph = new java.util.LinkedHashMap<>();
        for (AppSpec a : apps) graph.put(a.id(), a.supervision().dependencies().dependsOn());
        List<List<String>> levels = DependencyGraph.of(graph).levels();
        return levels.size() < 2 ? List.of() : levels;
    }

    private static <T> boolean differ(T have, T want, Function<T, String> hash) {
        return !have.equals(want) && !hash.apply(have).equals(hash.apply(want));
    }
}
