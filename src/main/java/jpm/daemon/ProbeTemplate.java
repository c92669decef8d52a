package jpm.daemon;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills a probe's templates for one instance (docs/health.md): {@code ${NAME}} is the value of
 * NAME in the environment the instance's process got, where jpm put {@code JPM_INSTANCE} (its
 * index) and increment_var's value ({@code PORT} 3000, 3001, ...). A name the environment does
 * not hold is an error rather than an empty string: probing {@code http://127.0.0.1:/health}
 * would only fail with a less useful message. Pure.
 */
final class ProbeTemplate {
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private ProbeTemplate() {}

    /** A template that names a variable the instance's environment does not hold. */
    static final class UnsetVariable extends Exception {
        UnsetVariable(String name) {
            super("${" + name + "} is not set in the instance's environment");
        }
    }

    static String fill(String template, Map<String, String> env) throws UnsetVariable {
        Matcher m = VARIABLE.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = env.get(m.group(1));
            if (value == null) throw new UnsetVariable(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    static List<String> fill(List<String> templates, Map<String, String> env) throws UnsetVariable {
        List<String> out = new ArrayList<>(templates.size());
        for (String t : templates) out.add(fill(t, env));
        return out;
    }
}
