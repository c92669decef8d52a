package jpm.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A plan for humans (text) and for scripts (plain JSON-ready maps). Pure. */
public final class PlanText {
    private PlanText() {}

    public static String summary(Plan p) {
        return p.count(Action.Start.class) + " to start, " + p.count(Action.Restart.class) + " to restart, "
                + (p.count(Action.Resume.class) > 0 ? p.count(Action.Resume.class) + " to resume, " : "")
                + p.count(Action.Scale.class) + " to scale, " + p.count(Action.Update.class) + " to update, "
                + p.count(Action.Delete.class) + " to delete, " + p.unchanged().size() + " unchanged"
                + (p.conflicts().isEmpty() ? "" : ", " + p.conflicts().size() + " in conflict");
    }

    /** The plan as shown by apply and diff; {@code fields} adds the field-level lines. */
    public static String render(Plan p, boolean fields) {
        StringBuilder sb = new StringBuilder();
        for (Action a : p.actions()) {
            switch (a) {
                case Action.Start s -> line(sb, "+", "start", s.app(), s.spec().instances() + " instance" + plural(s.spec().instances()));
                case Action.Restart r -> {
                    line(sb, "~", "restart", r.app(), "changed: " + names(r.changes()));
                    if (fields) details(sb, r.changes());
                }
                case Action.Scale s -> line(sb, "^", "scale", s.app(), s.from() + " -> " + s.to() + " instances");
                case Action.Update u -> {
                    line(sb, "=", "update", u.app(), "live, no restart: " + names(u.changes()));
                    if (fields) details(sb, u.changes());
                }
                case Action.Delete d -> line(sb, "-", "delete", d.app(), "no longer in the file (--prune)");
                case Action.Resume r -> line(sb, ">", "resume", r.app(), r.idle() + " stopped or errored instance"
                        + plural(r.idle()) + " started again");
            }
        }
        for (String k : p.kept()) line(sb, "?", "keep", k, "no longer in the file; --prune would delete it");
        for (Ownership.Conflict c : p.conflicts()) {
            sb.append("  ! conflict ").append(c.app()).append(": belongs to ").append(c.owner())
                    .append("; --take-over would make it this file's\n");
        }
        if (!p.startOrder().isEmpty()) sb.append("  start order: ").append(order(p.startOrder())).append('\n');
        for (String n : p.notes()) sb.append("  note: ").append(n).append('\n');
        return sb.toString();
    }

    public static Map<String, Object> tree(Plan p) {
        Map<String, Object> root = new LinkedHashMap<>();
        List<Object> actions = new ArrayList<>();
        for (Action a : p.actions()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("action", switch (a) {
                case Action.Start s -> "start";
                case Action.Restart r -> "restart";
                case Action.Scale s -> "scale";
                case Action.Update u -> "update";
                case Action.Delete d -> "delete";
                case Action.Resume r -> "resume";
            });
            m.put("app", a.app());
            switch (a) {
                case Action.Start s -> m.put("instances", (long) s.spec().instances());
                case Action.Restart r -> m.put("changes", changes(r.changes()));
                case Action.Scale s -> {
                    m.put("from", (long) s.from());
                    m.put("to", (long) s.to());
                }
                case Action.Update u -> m.put("changes", changes(u.changes()));
                case Action.Delete d -> { }
                case Action.Resume r -> m.put("instances", (long) r.idle());
            }
            actions.add(m);
        }
        root.put("actions", actions);
        root.put("unchanged", new ArrayList<Object>(p.unchanged()));
        root.put("kept", new ArrayList<Object>(p.kept()));
        root.put("notes", new ArrayList<Object>(p.notes()));
        List<Object> conflicts = new ArrayList<>();
        for (Ownership.Conflict c : p.conflicts()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("app", c.app());
            m.put("owner", c.owner());
            m.put("file", c.claimant());
            conflicts.add(m);
        }
        root.put("conflicts", conflicts);
        List<Object> order = new ArrayList<>();
        for (List<String> level : p.startOrder()) order.add(new ArrayList<Object>(level));
        root.put("start_order", order);
        return root;
    }

    /** Levels as {@code db, cache -> migrate -> api}: an app starts once those before the arrow meet their conditions. */
    public static String order(List<List<String>> levels) {
        return String.join(" -> ", levels.stream().map(l -> String.join(", ", l)).toList());
    }

    private static List<Object> changes(List<FieldChange> changes) {
        List<Object> out = new ArrayList<>();
        for (FieldChange c : changes) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("field", c.field());
            // masked values never leave the plan, not even as JSON
            m.put("before", c.masked() ? (c.before() == null ? null : "(hidden)") : c.before());
            m.put("after", c.masked() ? (c.after() == null ? null : "(hidden)") : c.after());
            out.add(m);
        }
        return out;
    }

    private static void line(StringBuilder sb, String mark, String verb, String app, String what) {
        sb.append("  ").append(mark).append(' ').append(String.format("%-8s", verb)).append(app).append(": ").append(what).append('\n');
    }

    private static void details(StringBuilder sb, List<FieldChange> changes) {
        for (FieldChange c : changes) sb.append("        ").append(c.render()).append('\n');
    }

    private static String names(List<FieldChange> changes) {
        return String.join(", ", changes.stream().map(FieldChange::field).toList());
    }

    private static String plural(int n) {
        return n == 1 ? "" : "s";
    }
}
