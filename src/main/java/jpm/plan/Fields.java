package jpm.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Function;
import jpm.spec.Launch;
import jpm.spec.Supervision;

/**
 * The field table: which attribute is compared how. Launch fields need a restart, Supervision
 * fields are updated live; env values are compared per variable and always masked.
 */
final class Fields {
    private Fields() {}

    private record Field<T>(String name, Function<T, Object> get) {}

    private static final List<Field<Launch>> LAUNCH = List.of(
            new Field<>("script", Launch::script),
            new Field<>("args", Launch::args),
            new Field<>("cwd", Launch::cwd),
            new Field<>("interpreter", Launch::interpreter),
            new Field<>("interpreter_args", Launch::interpreterArgs),
            new Field<>("instance_var", Launch::instanceVar),
            new Field<>("increment_var", Launch::incrementVar),
            new Field<>("exec_mode", Launch::execMode),
            new Field<>("out_file", Launch::outFile),
            new Field<>("error_file", Launch::errorFile),
            new Field<>("log_file", Launch::logFile),
            new Field<>("merge_logs", Launch::mergeLogs),
            new Field<>("time", Launch::time),
            new Field<>("log_date_format", Launch::logDateFormat),
            new Field<>("log_type", Launch::logType));

    private static final List<Field<Supervision>> LIVE = List.of(
            new Field<>("autorestart", Supervision::autorestart),
            new Field<>("max_restarts", Supervision::maxRestarts),
            new Field<>("min_uptime", Supervision::minUptimeMs),
            new Field<>("restart_delay", Supervision::restartDelayMs),
            new Field<>("exp_backoff_restart_delay", Supervision::expBackoffRestartDelayMs),
            new Field<>("kill_timeout", Supervision::killTimeoutMs),
            new Field<>("stop_signal", Supervision::stopSignal),
            new Field<>("stop_exit_codes", Supervision::stopExitCodes),
            new Field<>("max_memory_restart", Supervision::maxMemoryRestartBytes),
            new Field<>("cron_restart", Supervision::cronRestart),
            new Field<>("watch", Supervision::watch),
            new Field<>("ignore_watch", Supervision::ignoreWatch),
            new Field<>("watch_delay", Supervision::watchDelayMs),
            new Field<>("log_max_size", Supervision::logMaxSizeBytes),
            new Field<>("log_retain", Supervision::logRetain),
            new Field<>("log_compress", Supervision::logCompress));

    /** Launch differences, env included (masked), in table order then env keys sorted. */
    static List<FieldChange> launchChanges(Launch before, Launch after) {
        List<FieldChange> out = diff(LAUNCH, before, after);
        TreeSet<String> keys = new TreeSet<>(before.env().keySet());
        keys.addAll(after.env().keySet());
        for (String k : keys) {
            String b = before.env().get(k);
            String a = after.env().get(k);
            if (!Objects.equals(b, a)) out.add(new FieldChange("env." + k, b == null ? null : "", a == null ? null : "", true));
        }
        return out;
    }

    static List<FieldChange> liveChanges(Supervision before, Supervision after) {
        return diff(LIVE, before, after);
    }

    private static <T> List<FieldChange> diff(List<Field<T>> fields, T before, T after) {
        List<FieldChange> out = new ArrayList<>();
        for (Field<T> f : fields) {
            Object b = f.get().apply(before);
            Object a = f.get().apply(after);
            if (!Objects.equals(b, a)) out.add(new FieldChange(f.name(), show(b), show(a), false));
        }
        return out;
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
