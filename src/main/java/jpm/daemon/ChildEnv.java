package jpm.daemon;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import jpm.ecosystem.AppSpec;

/**
 * The environment of an instance's process (docs/cli.md, "Child environment"): a few variables of
 * the daemon's own, the run-as user's HOME/USER/LOGNAME, the app's env, then jpm's variables. Pure.
 */
final class ChildEnv {
    /** Variables a child inherits from the daemon's own environment; everything else comes from its spec. */
    static final List<String> INHERITED_ENV =
            List.of("PATH", "HOME", "USER", "LOGNAME", "SHELL", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "TMPDIR");

    private ChildEnv() {}

    /** The variables of the daemon's environment that children inherit. */
    static Map<String, String> inherited(Map<String, String> daemonEnv) {
        Map<String, String> base = new TreeMap<>();
        for (String k : INHERITED_ENV) {
            if (daemonEnv.containsKey(k)) base.put(k, daemonEnv.get(k));
        }
        return Map.copyOf(base);
    }

    /**
     * @param userEnv the run-as user's HOME, USER and LOGNAME (empty when the app runs as the daemon's user)
     * @param warn told when increment_var's base value is not a number
     */
    static Map<String, String> of(Map<String, String> inherited, Map<String, String> userEnv, AppSpec spec, int index, long id,
                                  String home, Consumer<String> warn) {
        Map<String, String> env = new TreeMap<>(inherited);
        env.putAll(userEnv); // the app's own env still wins
        env.putAll(spec.launch().env());
        env.put("JPM_APP_NAME", spec.name());
        env.put("JPM_NAMESPACE", spec.namespace());
        env.put("JPM_INSTANCE", Integer.toString(index));
        env.put("JPM_ID", Long.toString(id));
        env.put("JPM_HOME", home);
        env.put(spec.launch().instanceVar(), Integer.toString(index));
        String inc = spec.launch().incrementVar();
        if (inc != null) {
            // PM2's increment_var: instance i gets the app's value + i (PORT=3000 -> 3000, 3001, ...)
            long base = 0;
            try {
                base = Long.parseLong(env.getOrDefault(inc, "0").trim());
            } catch (NumberFormatException notANumber) {
                warn.accept(spec.id() + ": increment_var " + inc + " is not a number; counting from 0");
            }
            env.put(inc, Long.toString(base + index));
        }
        return env;
    }
}
