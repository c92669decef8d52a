package jpm.cli;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The shell completion scripts of {@code jpm completion}, from the command model: bash's (and
 * zsh's, through its bashcompinit) by picocli's {@link AutoComplete}, fish's by
 * {@link #fish}. The arguments that name apps (labels TARGET or APP) complete to the running
 * daemon's app names and namespaces: the scripts ask {@code jpm __complete-targets}
 * ({@link CompletionTargets}) at each Tab.
 */
final class CompletionScripts {
    /** What picocli writes as the candidates of a target argument, replaced by the call to jpm. */
    private static final String MARKER = "@jpm-targets@";
    private static final Pattern BASH_TARGETS = Pattern.compile("local (\\w+)_pos_param_args=\\(\"" + Pattern.quote(MARKER) + "\"\\)");

    private CompletionScripts() {}

    /** Whether an argument with this label names an app: TARGET, APP, or an alternative of either (TARGET|FILE|SCRIPT). */
    static boolean isTarget(String paramLabel) {
        for (String word : paramLabel.replaceAll("[<>\\[\\].]", "").split("\\|")) {
            if (word.equals("TARGET") || word.equals("APP")) return true;
        }
        return false;
    }

    /** bash's script; zsh runs it through bashcompinit (the script sets that up itself). */
    static String bash(CommandLine jpm) {
        markTargets(jpm);
        String script = AutoComplete.bash(jpm.getCommandName(), jpm);
        // Candidates read at each Tab, not frozen into the script: "$(jpm __complete-targets)", with
        // the jpm the user typed (bin/jpm, a path, or jpm on PATH).
        Matcher m = BASH_TARGETS.matcher(script);
        return m.replaceAll(r -> Matcher.quoteReplacement("local " + r.group(1) + "_pos_param_args=( $(\"${COMP_WORDS[0]:-jpm}\" "
                + CompletionTargets.VERB + " 2>/dev/null) )"));
    }

    /** zsh's: bash's script, which loads bashcompinit under zsh, with a line that says so. */
    static String zsh(CommandLine jpm) {
        return "# zsh: jpm's bash completion, through zsh's bashcompinit\n" + bash(jpm);
    }

    /** Gives the target arguments of every subcommand the marker as their one candidate (a fresh model only). */
    private static void markTargets(CommandLine jpm) {
        for (CommandLine sub : jpm.getSubcommands().values()) {
            CommandSpec spec = sub.getCommandSpec();
            for (PositionalParamSpec p : List.copyOf(spec.positionalParameters())) {
                if (!isTarget(p.paramLabel()) || p.completionCandidates() != null) continue;
                spec.remove(p);
                spec.addPositional(p.toBuilder().completionCandidates(List.of(MARKER)).build());
            }
        }
    }

    /**
     * fish's script: one {@code complete} line per subcommand (names and aliases), per option of
     * each (the global --home too), and the dynamic candidates of its target arguments; files
     * where an argument is a FILE.
     */
    static String fish(CommandSpec jpm) {
        String name = jpm.name();
        StringBuilder out = new StringBuilder();
        out.append("# fish completion for ").append(name).append(": ").append(name)
                .append(" completion fish > ~/.config/fish/completions/").append(name).append(".fish\n");
        out.append("complete -c ").append(name).append(" -f\n");
        for (OptionSpec o : jpm.options()) {
            if (!o.hidden()) out.append(fishOption(name, "__fish_use_subcommand", o));
        }
        Set<CommandSpec> seen = new LinkedHashSet<>();
        for (CommandLine sub : jpm.subcommands().values()) {
            CommandSpec s = sub.getCommandSpec();
            if (s.usageMessage().hidden() || !seen.add(s)) continue;
            out.append("complete -c ").append(name).append(" -n __fish_use_subcommand -a ").append(fishQuote(s.name()))
                    .append(" -d ").append(fishQuote(summary(s.usageMessage().description()))).append('\n');
        }
        for (CommandSpec s : seen) {
            List<String> names = new ArrayList<>(List.of(s.name()));
            names.addAll(List.of(s.aliases()));
            String when = fishQuote("__fish_seen_subcommand_from " + String.join(" ", names));
            for (OptionSpec o : s.options()) {
                if (!o.hidden()) out.append(fishOption(name, when, o));
            }
            // a family's own subcommands (export kubernetes, sync add, ...): their words, one level down
            for (CommandLine child : new LinkedHashSet<>(s.subcommands().values())) { // an alias maps to the same one
                CommandSpec c = child.getCommandSpec();
                if (c.usageMessage().hidden()) continue;
                out.append("complete -c ").append(name).append(" -n ").append(when).append(" -a ").append(fishQuote(c.name()))
                        .append(" -d ").append(fishQuote(summary(c.usageMessage().description()))).append('\n');
            }
            boolean targets = false;
            boolean files = false;
            for (PositionalParamSpec p : s.positionalParameters()) {
                if (p.hidden()) continue;
                targets |= isTarget(p.paramLabel());
                files |= p.paramLabel().contains("FILE");
            }
            if (targets) {
                out.append("complete -c ").append(name).append(" -n ").append(when).append(" -a ")
                        .append(fishQuote("(" + name + " " + CompletionTargets.VERB + " 2>/dev/null)")).append('\n');
            }
            if (files) out.append("complete -c ").append(name).append(" -n ").append(when).append(" -F\n");
        }
        return out.toString();
    }

    /** An option's line: its long and short names, -r when it takes a value, its description. */
    private static String fishOption(String command, String when, OptionSpec o) {
        StringBuilder line = new StringBuilder("complete -c ").append(command).append(" -n ").append(when);
        for (String n : o.names()) {
            if (n.startsWith("--")) line.append(" -l ").append(n.substring(2));
            else if (n.startsWith("-") && n.length() == 2) line.append(" -s ").append(n.substring(1));
            else if (n.startsWith("-")) line.append(" -o ").append(n.substring(1));
        }
        if (o.arity().max() > 0) line.append(" -r");
        String d = summary(o.description());
        if (!d.isEmpty()) line.append(" -d ").append(fishQuote(d));
        return line.append('\n').toString();
    }

    /** The first line of a description, without picocli's markup, at most 80 characters. */
    static String summary(String[] description) {
        if (description == null || description.length == 0) return "";
        String d = description[0].replaceAll("@\\|\\w+(,\\w+)* ([^|]*)\\|@", "$2").replace("%n", " ").strip();
        int dot = d.indexOf(". ");
        if (dot > 0) d = d.substring(0, dot + 1);
        return d.length() > 80 ? d.substring(0, 77) + "..." : d;
    }

    /** A fish single-quoted word: only \ and ' are special in it. */
    static String fishQuote(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
