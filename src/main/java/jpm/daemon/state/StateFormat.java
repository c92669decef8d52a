package jpm.daemon.state;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import jpm.daemon.state.StateRecord.AppRecord;
import jpm.daemon.state.StateRecord.InstanceRecord;
import jpm.daemon.state.StateRecord.SpecRecord;
import jpm.json.Json;
import jpm.rpc.WireCodec;

/**
 * Reads and writes {@code state.json} and {@code dump.json}: the text, its format version, the
 * migration of older formats and the mapping between {@link StateRecord} and {@link SavedState}.
 * Pure (no files: {@code StateStore} does the I/O).
 *
 * <p>A file carries its format in {@code "version"}. An older format is migrated forward one step
 * at a time ({@link #MIGRATIONS}) before it is read; a newer one is refused
 * ({@link NewerFormatException}). A key added with a default needs no new format (absent keys read
 * as their default); a key renamed or removed, a changed meaning, or a key whose absence an
 * older jpm would misread dangerously (a user to run as) needs one: bump {@link #CURRENT}, add the
 * step from the previous format, and check in a file of the previous format as a test fixture.
 */
public final class StateFormat {
    /** The format this build writes, and the newest it reads. */
    public static final int CURRENT = 1;

    /**
     * {@code MIGRATIONS.get(i)} turns a format {@code i + 1} tree into a format {@code i + 2} one.
     * Empty: every jpm so far wrote format 1; its files differ only in keys added with defaults.
     */
    static final List<UnaryOperator<Map<String, Object>>> MIGRATIONS = List.of();

    private StateFormat() {}

    /**
     * The state in {@code text}, migrated to the current format. A newer format is a
     * {@link NewerFormatException} naming {@code source}; anything unreadable is an
     * {@link IllegalArgumentException} (or another RuntimeException) saying what is wrong.
     */
    public static SavedState read(String text, String source) throws NewerFormatException {
        return fromRecord((StateRecord) WireCodec.fromTree(migrate(Json.parse(text), source, CURRENT, MIGRATIONS),
                StateRecord.class));
    }

    public static String write(SavedState state) {
        return Json.writePretty(withoutAbsent(WireCodec.toTree(toRecord(state), StateRecord.class)));
    }

    /** Keys that are absent when there is nothing to say, rather than null: what an app's apply and change, and the journal. */
    @SuppressWarnings("unchecked")
    static Object withoutAbsent(Object tree) {
        Map<String, Object> doc = (Map<String, Object>) tree;
        if (doc.get("removed") == null) doc.remove("removed");
        if (doc.get("apps") instanceof List<?> apps) {
            for (Object a : apps) {
                Map<String, Object> app = (Map<String, Object>) a;
                if (app.get("applied") == null) app.remove("applied");
                if (app.get("changed") == null) app.remove("changed");
            }
        }
        return doc;
    }

    /** The tree brought to format {@code current} by {@code steps}; see {@link #MIGRATIONS}. */
    static Map<String, Object> migrate(Object tree, String source, int current, List<UnaryOperator<Map<String, Object>>> steps)
            throws NewerFormatException {
        if (!(tree instanceof Map<?, ?> m)) throw new IllegalArgumentException("not a JSON object");
        @SuppressWarnings("unchecked")
        Map<String, Object> doc = new LinkedHashMap<>((Map<String, Object>) m);
        if (!(doc.get("version") instanceof Long v) || v < 1) {
            throw new IllegalArgumentException("no format version (\"version\": 1 or later)");
        }
        if (v > current) {
            throw new NewerFormatException(source + " was written by a newer jpm (format " + v + "; this jpm reads formats 1 to "
                    + current + "), so it is left as it is: use the jpm that wrote it, or move the file away");
        }
        for (int from = v.intValue(); from < current; from++) {
            doc = steps.get(from - 1).apply(doc);
            doc.put("version", (long) from + 1);
        }
        return doc;
    }

    static SavedState fromRecord(StateRecord r) {
        List<SavedState.SavedApp> apps = new ArrayList<>();
        for (AppRecord a : StateRecord.or(r.apps(), List.<AppRecord>of())) {
            SpecRecord spec = StateRecord.required(a.spec(), "an app's spec");
            List<SavedState.SavedInstance> instances = new ArrayList<>();
            for (InstanceRecord i : StateRecord.or(a.instances(), List.<InstanceRecord>of())) {
                instances.add(new SavedState.SavedInstance(StateRecord.required(i.id(), "an instance's id"),
                        StateRecord.required(i.index(), "an instance's index"), i.pid(), i.startTicks(),
                        StateRecord.or(i.status(), "stopped"), StateRecord.or(i.restarts(), 0),
                        StateRecord.or(i.unstableRestarts(), 0), i.exitCode(), i.exitSignal(), i.reason(),
                        Boolean.TRUE.equals(i.startAfterStop())));
            }
            StateRecord.AppliedRecord ap = a.applied();
            StateRecord.ChangedRecord ch = a.changed();
            apps.add(new SavedState.SavedApp(spec.toSpec(), a.owner(), instances,
                    ap == null || ap.file() == null || ap.instances() == null ? null
                            : new SavedState.Applied(ap.file(), ap.instances(), ap.at()),
                    ch == null || ch.command() == null ? null : new SavedState.Changed(ch.command(), ch.user(), ch.at())));
        }
        List<SavedState.Removed> removed = new ArrayList<>();
        for (StateRecord.RemovedRecord x : StateRecord.or(r.removed(), List.<StateRecord.RemovedRecord>of())) {
            if (x.app() != null && x.file() != null) removed.add(new SavedState.Removed(x.app(), x.file(), x.command(), x.user(), x.at()));
        }
        return new SavedState(StateRecord.or(r.nextId(), 0L), StateRecord.or(r.generation(), 0L), apps, removed);
    }

    static StateRecord toRecord(SavedState s) {
        List<AppRecord> apps = new ArrayList<>();
        for (SavedState.SavedApp a : s.apps()) {
            List<InstanceRecord> instances = new ArrayList<>();
            for (SavedState.SavedInstance i : a.instances()) {
                instances.add(new InstanceRecord(i.id(), i.index(), i.pid(), i.startTicks(), i.status(), i.restarts(),
                        i.unstableRestarts(), i.exitCode(), i.exitSignal(), i.reason(), i.startAfterStop()));
            }
            SavedState.Applied ap = a.applied();
            SavedState.Changed ch = a.changed();
            apps.add(new AppRecord(SpecRecord.of(a.spec()), a.owner(), instances,
                    ap == null ? null : new StateRecord.AppliedRecord(ap.file(), ap.instances(), ap.at()),
                    ch == null ? null : new StateRecord.ChangedRecord(ch.command(), ch.user(), ch.at())));
        }
        List<StateRecord.RemovedRecord> removed = s.removed().stream()
                .map(x -> new StateRecord.RemovedRecord(x.app(), x.file(), x.command(), x.user(), x.at())).toList();
        return new StateRecord(CURRENT, s.nextId(), s.generation(), apps, removed.isEmpty() ? null : removed);
    }
}
