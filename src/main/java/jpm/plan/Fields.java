package jpm.plan;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import jpm.ecosystem.Launch;
import jpm.ecosystem.Pm2Vocabulary;
import jpm.ecosystem.Supervision;

/**
 * Explains a difference: which attributes changed, under their ecosystem names. It does not
 * decide anything: the planner restarts when {@link Launch#hash()} differs and updates when
 * {@link Supervision#hash()} differs, so a component missing here is still acted on, and is
 * then named by its wire name with its values hidden (it might hold a secret). Env values are
 * compared per variable and always hidden.
 */
final class Fields {
    private Fields() {}

    /** A record component and the attribute that names it in a plan. */
    record Field(String component, String attribute) {}

    /** Launch's components in the order a plan lists them (env, shown per variable, comes last). */
    static final List<Field> LAUNCH = List.of(
            new Field("script", "script"),
            new Field("args", "args"),
            new Field("cwd", "cwd"),
            new Field("interpreter", "interpreter"),
            new Field("interpreterArgs", "interpreter_args"),
            new Field("instanceVar", "instance_var"),
            new Field("incrementVar", "increment_var"),
            new Field("execMode", "exec_mode"),
            new Field("outFile", "out_file"),
            new Field("errorFile", "error_file"),
            new Field("logFile", "log_file"),
            new Field("mergeLogs", "merge_logs"),
            new Field("time", "time"),
            new Field("logDateFormat", "log_date_format"),
            new Field("logType", "log_type"),
            new Field("port", "port"),
            new Field("listenAddress", "listen_address"),
            new Field("uid", "uid"),
            new Field("gid", "gid"),
            new Field("env", "env"));

    /** Supervision's components in the order a plan lists them. */
    static final List<Field> LIVE = List.of(
            new Field("autorestart", "autorestart"),
            new Field("maxRestarts", "max_restarts"),
            new Field("minUptimeMs", "min_uptime"),
            new Field("restartDelayMs", "restart_delay"),
            new Field("expBackoffRestartDelayMs", "exp_backoff_restart_delay"),
            new Field("killTimeoutMs", "kill_timeout"),
            new Field("stopSignal", "stop_signal"),
            new Field("stopExitCodes", "stop_exit_codes"),
            new Field("maxMemoryRestartBytes", "max_memory_restart"),
            new Field("cronRestart", "cron_restart"),
            new Field("watch", "watch"),
            new Field("ignoreWatch", "ignore_watch"),
            new Field("watchDelayMs", "watch_delay"),
            new Field("logMaxSizeBytes", "log_max_size"),
            new Field("logRetain", "log_retain"),
            new Field("logCompress", "log_compress"),
            new Field("waitReady", "wait_ready"),
            new Field("listenTimeoutMs", "listen_timeout"));

    /** Each record type's components by name, looked up once (getRecordComponents parses signatures on every call). */
    private static final ClassValue<Map<String, RecordComponent>> COMPONENTS = new ClassValue<>() {
        @Override
        protected Map<String, RecordComponent> computeValue(Class<?> type) {
            Map<String, RecordComponent> m = new LinkedHashMap<>();
            for (RecordComponent c : type.getRecordComponents()) m.put(c.getName(), c);
            return m;
        }
    };

    /** What differs between two launches, env per variable (masked); never empty when the hashes differ. */
    static List<FieldChange> launchChanges(Launch before, Launch after) {
        return explain(LAUNCH, Launch.NOT_HASHED, before, after);
    }

    /** What differs between two supervisions; never empty when the hashes differ. */
    static List<FieldChange> liveChanges(Supervision before, Supervision after) {
        return explain(LIVE, Supervision.NOT_HASHED, before, after);
    }

    static <T extends Record> List<FieldChange> explain(List<Field> fields, Set<String> excluded, T before, T after) {
        Map<String, RecordComponent> components = new LinkedHashMap<>(COMPONENTS.get(before.getClass()));
        List<FieldChange> out = new ArrayList<>();
        for (Field f : fields) {
            RecordComponent c = components.remove(f.component());
            if (c == null) throw new IllegalStateException(before.getClass().getSimpleName() + " has no component " + f.component());
            Object b = get(c, before);
            Object a = get(c, after);
            if (Objects.equals(b, a)) continue;
            if (b instanceof Map<?, ?> bm && a instanceof Map<?, ?> am) {
                perKey(out, f.attribute(), bm, am);
            } else {
                out.add(new FieldChange(f.attribute(), show(b), show(a), false));
            }
        }
        // components no entry above explains: still named, so a plan never restarts for no visible reason
        for (RecordComponent c : components.values()) {
            if (excluded.contains(c.getName()) || Objects.equals(get(c, before), get(c, after))) continue;
            out.add(new FieldChange(Pm2Vocabulary.snakeCase(c.getName()), "", "", true));
        }
        return out;
    }

    /** A map compared per key, values hidden (env holds secrets). */
    private static void perKey(List<FieldChange> out, String attribute, Map<?, ?> before, Map<?, ?> after) {
        TreeSet<String> keys = new TreeSet<>();
        for (Object k : before.keySet()) keys.add(k.toString());
        for (Object k : after.keySet()) keys.add(k.toString());
        for (String k : keys) {
            Object b = before.get(k);
            Object a = after.get(k);
            if (!Objects.equals(b, a)) out.add(new FieldChange(attribute + "." + k, b == null ? null : "", a == null ? null : "", true));
        }
    }

    private static Object get(RecordComponent c, Record r) {
        try {
            return c.getAccessor().invoke(r);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Values as a reader expects them in a diff: strings quoted, lists bracketed, null as absent. */
    static String show(Object v) {
        return switch (v) {
            case null -> null;
            case String s -> quote(s);
            case List<?> l -> {
                List<String> parts = new ArrayList<>();
                for (Object o : l) parts.add(o == null ? "null" : show(o));
                yield "[" + String.join(", ", parts) + "]";
            }
            case Map<?, ?> m -> m.toString();
            default -> v.toString();
        };
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                default -> sb.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return sb.append('"').toString();
    }
}
