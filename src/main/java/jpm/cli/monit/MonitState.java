package jpm.cli.monit;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jpm.cli.monit.Keys.Action;
import jpm.cli.monit.Keys.Prompt;
import jpm.rpc.InstanceInfo;
import jpm.rpc.InstanceStatus;

/**
 * What monit knows and shows: the instances of the last {@code ls}, each one's cpu and memory
 * samples, the recent events, the selected instance's log lines, the selection, the filter, the
 * pane and the question on the bottom line. No I/O: the feed hands it what arrived, the shell the
 * keys, and {@link #handle} answers with the order to carry out, if any. Confined to the shell's
 * thread.
 */
final class MonitState {
    /** Samples kept per instance: two minutes at one {@code ls} a second. */
    static final int HISTORY = 120;
    static final int MAX_EVENTS = 300;
    static final int MAX_LOG_LINES = 500;

    enum Pane { LOGS, EVENTS, DETAILS }

    /** An order for the daemon that a key gave: the request's verb and target, and what to call it on screen. */
    record Order(Verb verb, String target, String label) {
        enum Verb { RESTART, STOP, START, RELOAD, DELETE, QUIT }
    }

    /** One event as the events pane shows it. */
    record EventRow(String at, String namespace, String name, Integer instance, String type, String cause) {}

    /** One log line of the selected instance; {@code err} when it came from its stderr file. */
    record LogRow(String text, boolean err) {}

    /** An instance's samples, oldest first. */
    record Samples(List<Double> cpu, List<Double> memory) {}

    private List<InstanceInfo> instances = List.of();
    private boolean loaded;
    private final Map<Long, Samples> history = new HashMap<>();
    private final Deque<EventRow> events = new ArrayDeque<>();
    private final Deque<LogRow> logs = new ArrayDeque<>();
    private Long selectedId;
    private int selectedIndex;
    private String filter = "";
    private String filterBefore = "";
    private Pane pane = Pane.LOGS;
    private Pane paneBeforeDetails = Pane.LOGS;
    private Prompt prompt = Prompt.NONE;
    private Order pending;
    private String message;
    private long dropped;

    /** A new answer of {@code ls}: the instances, and one sample each. */
    void instances(List<InstanceInfo> list) {
        loaded = true;
        instances = List.copyOf(list);
        java.util.Set<Long> alive = new java.util.HashSet<>();
        for (InstanceInfo i : list) {
            alive.add(i.id());
            Samples s = history.computeIfAbsent(i.id(), id -> new Samples(new ArrayList<>(), new ArrayList<>()));
            add(s.cpu(), i.pid() == null ? 0 : i.cpuPercent());
            add(s.memory(), i.pid() == null ? 0 : (double) i.memoryBytes());
        }
        history.keySet().retainAll(alive);
        keepSelection();
    }

    private static void add(List<Double> series, double v) {
        series.add(v);
        if (series.size() > HISTORY) series.removeFirst();
    }

    /** An event of the stream, in the form docs/events.md gives. */
    void event(Map<?, ?> e) {
        Map<?, ?> subject = e.get("subject") instanceof Map<?, ?> m ? m : Map.of();
        events.addLast(new EventRow(String.valueOf(e.get("at")), String.valueOf(subject.get("namespace")),
                String.valueOf(subject.get("name")), subject.get("instance") instanceof Number n ? n.intValue() : null,
                String.valueOf(e.get("type")), e.get("cause") == null ? "" : String.valueOf(e.get("cause"))));
        if (events.size() > MAX_EVENTS) events.removeFirst();
    }

    /** The daemon dropped events this slow reader did not take in time. */
    void dropped(long count) {
        dropped += count;
    }

    /** The log files followed changed (another instance selected): their lines start again. */
    void clearLogs() {
        logs.clear();
    }

    void logLine(String text, boolean err) {
        logs.addLast(new LogRow(text, err));
        if (logs.size() > MAX_LOG_LINES) logs.removeFirst();
    }

    void message(String text) {
        message = text;
    }

    /** What a key does here; the order for the daemon it gives, or null. */
    Order handle(Key key, int page) {
        Action a = Keys.action(prompt, key);
        if (a != Action.NONE && prompt == Prompt.NONE) message = null;
        InstanceInfo sel = selected();
        return switch (a) {
            case UP -> move(-1);
            case DOWN -> move(1);
            case PAGE_UP -> move(-Math.max(1, page));
            case PAGE_DOWN -> move(Math.max(1, page));
            case TOP -> move(-Integer.MAX_VALUE / 2);
            case BOTTOM -> move(Integer.MAX_VALUE / 2);
            case DETAILS -> {
                if (pane == Pane.DETAILS) pane = paneBeforeDetails;
                else {
                    paneBeforeDetails = pane;
                    pane = Pane.DETAILS;
                }
                yield null;
            }
            case BACK -> {
                if (pane == Pane.DETAILS) pane = paneBeforeDetails;
                else if (!filter.isEmpty()) filter("");
                yield null;
            }
            case TOGGLE_LOGS -> {
                pane = pane == Pane.LOGS ? Pane.EVENTS : Pane.LOGS;
                yield null;
            }
            case RESTART -> sel == null ? null : new Order(Order.Verb.RESTART, Long.toString(sel.id()), label(sel));
            case STOP_START -> sel == null ? null : new Order(runs(sel) ? Order.Verb.STOP : Order.Verb.START, Long.toString(sel.id()), label(sel));
            case RELOAD -> sel == null ? null : new Order(Order.Verb.RELOAD, app(sel), app(sel));
            case DELETE -> {
                if (sel == null) yield null;
                long n = instances.stream().filter(i -> app(i).equals(app(sel))).count();
                pending = new Order(Order.Verb.DELETE, app(sel), app(sel) + " (" + n + " instance" + (n == 1 ? "" : "s") + ")");
                prompt = Prompt.CONFIRM;
                yield null;
            }
            case CONFIRM -> {
                Order o = pending;
                pending = null;
                prompt = Prompt.NONE;
                yield o;
            }
            case CANCEL -> {
                if (prompt == Prompt.FILTER) filter(filterBefore);
                else message = "not deleted";
                pending = null;
                prompt = Prompt.NONE;
                yield null;
            }
            case FILTER -> {
                filterBefore = filter;
                prompt = Prompt.FILTER;
                yield null;
            }
            case TYPE -> {
                filter(filter + key.ch());
                yield null;
            }
            case ERASE -> {
                if (!filter.isEmpty()) filter(filter.substring(0, filter.length() - 1));
                yield null;
            }
            case ACCEPT -> {
                prompt = Prompt.NONE;
                yield null;
            }
            case QUIT -> new Order(Order.Verb.QUIT, null, null);
            case NONE -> null;
        };
    }

    private void filter(String f) {
        filter = f;
        keepSelection();
    }

    private Order move(int by) {
        List<InstanceInfo> v = visible();
        if (v.isEmpty()) return null;
        int at = (int) Math.max(0, Math.min(v.size() - 1, (long) selectedIndex + by));
        selectedIndex = at;
        selectedId = v.get(at).id();
        return null;
    }

    /** After the list or the filter changed: the same instance if it is still shown, else the one now at its place. */
    private void keepSelection() {
        List<InstanceInfo> v = visible();
        if (v.isEmpty()) {
            selectedIndex = 0;
            return;
        }
        for (int k = 0; k < v.size(); k++) {
            if (selectedId != null && v.get(k).id() == selectedId) {
                selectedIndex = k;
                return;
            }
        }
        selectedIndex = Math.min(selectedIndex, v.size() - 1);
        selectedId = v.get(selectedIndex).id();
    }

    static boolean runs(InstanceInfo i) {
        return switch (i.status()) {
            case STOPPED, ERRORED -> false;
            default -> true;
        };
    }

    static String app(InstanceInfo i) {
        return i.namespace() + "/" + i.name();
    }

    static String label(InstanceInfo i) {
        return i.name() + "#" + i.instance();
    }

    /** The instances the filter lets through: its text anywhere in namespace/name, ignoring case. */
    List<InstanceInfo> visible() {
        if (filter.isEmpty()) return instances;
        String f = filter.toLowerCase(Locale.ROOT);
        return instances.stream().filter(i -> app(i).toLowerCase(Locale.ROOT).contains(f)).toList();
    }

    /** The selected instance, or null when none is shown. */
    InstanceInfo selected() {
        List<InstanceInfo> v = visible();
        return v.isEmpty() ? null : v.get(Math.min(selectedIndex, v.size() - 1));
    }

    int selectedIndex() {
        return selectedIndex;
    }

    Samples samples(long id) {
        Samples s = history.get(id);
        return s == null ? new Samples(List.of(), List.of()) : s;
    }

    /** The recent events of the selected instance's app, oldest first. */
    List<EventRow> eventsOfSelected() {
        InstanceInfo sel = selected();
        if (sel == null) return List.of();
        return events.stream().filter(e -> e.namespace().equals(sel.namespace()) && e.name().equals(sel.name())).toList();
    }

    List<LogRow> logs() {
        return List.copyOf(logs);
    }

    boolean loaded() {
        return loaded;
    }

    int instanceCount() {
        return instances.size();
    }

    long countIn(InstanceStatus s) {
        return instances.stream().filter(i -> i.status() == s).count();
    }

    String filter() {
        return filter;
    }

    Pane pane() {
        return pane;
    }

    Prompt prompt() {
        return prompt;
    }

    Order pending() {
        return pending;
    }

    String message() {
        return message;
    }

    long dropped() {
        return dropped;
    }
}
