package jpm.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jpm.Golden;
import jpm.ecosystem.Attribute.OnChange;
import org.junit.jupiter.api.Test;

/**
 * The docs say what {@link Attributes} says. docs/ecosystem.md's attribute, alias and
 * ignored-key tables are rendered from it (golden sections: {@code -Djpm.golden.update=true}
 * rewrites them), and docs/apply.md's lists of restart and live attributes are checked against it.
 */
class EcosystemReferenceTest {
    static final Path REFERENCE = Path.of("docs/ecosystem.md");
    static final Path APPLY = Path.of("docs/apply.md");

    @Test
    void theAttributeTableIsRenderedFromTheRegistry() {
        Golden.assertSection(REFERENCE, "attributes", attributeTable());
    }

    @Test
    void theAliasTableIsRenderedFromTheRegistry() {
        Golden.assertSection(REFERENCE, "aliases", aliasTable());
    }

    @Test
    void theIgnoredKeyTableIsRenderedFromTheRegistry() {
        Golden.assertSection(REFERENCE, "ignored-keys", ignoredKeyTable());
    }

    @Test
    void applyMdListsEveryRestartAndLiveAttribute() throws IOException {
        String apply = Files.readString(APPLY);
        for (OnChange c : List.of(OnChange.RESTART, OnChange.LIVE)) {
            Matcher m = Pattern.compile("attributes? of class `" + c.schemaName() + "`.*?\\(([a-z_]+(?:, [a-z_]+)*)\\)").matcher(apply);
            assertThat(m.find()).as(APPLY + " has no list of the attributes of class " + c.schemaName()).isTrue();
            List<String> listed = Arrays.stream(m.group(1).split(",")).map(String::trim).toList();
            List<String> expected = Attributes.of(c).stream().filter(a -> !a.isFamily()).map(Attribute::key).toList();
            assertThat(listed).as(APPLY + ": the attributes of class " + c.schemaName()).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    static String attributeTable() {
        StringBuilder sb = new StringBuilder("| attribute | type | default | class | meaning |\n|---|---|---|---|---|\n");
        for (Attribute a : Attributes.all()) {
            if (a.onChange() == OnChange.IGNORED) continue;
            sb.append("| `").append(a.key()).append("` | ").append(a.type()).append(" | ").append(defaultText(a))
                    .append(" | ").append(a.onChange().schemaName()).append(" | ").append(a.doc()).append(" |\n");
        }
        return sb.toString();
    }

    /** The reference page's default: its own words, else the value a file would write, else none. */
    static String defaultText(Attribute a) {
        if (a.defaultDoc() != null) return a.defaultDoc();
        return switch (a.fileDefault()) {
            case null -> "none";
            case List<?> l -> "`" + l + "`";
            case Object v -> "`" + v + "`";
        };
    }

    static String aliasTable() {
        StringBuilder sb = new StringBuilder("| canonical key | PM2 aliases |\n|---|---|\n");
        for (Attribute a : Attributes.all()) {
            // jpm's own aliases (healthcheck) are said in their attribute's row: this table is PM2's
            if (a.onChange() == OnChange.IGNORED || a.aliases().isEmpty() || !a.pm2()) continue;
            sb.append("| `").append(a.key()).append("` | ").append(codes(a.aliases())).append(" |\n");
        }
        return sb.toString();
    }

    /** Keys with something to do instead, one row each; the rest (Node.js, Keymetrics, Windows features) in one row. */
    static String ignoredKeyTable() {
        StringBuilder sb = new StringBuilder("| key | what to do instead |\n|---|---|\n");
        List<String> nothingToDo = new ArrayList<>();
        for (Attribute a : Attributes.of(OnChange.IGNORED)) {
            String names = "`" + a.key() + "`" + (a.aliases().isEmpty() ? "" : " (" + codes(a.aliases()) + ")");
            if (a.doc() == null) nothingToDo.add(names);
            else sb.append("| ").append(names).append(" | ").append(a.doc()).append(" |\n");
        }
        sb.append("| ").append(String.join(", ", nothingToDo)).append(" | nothing: these are Node.js, Keymetrics or Windows features |\n");
        return sb.toString();
    }

    private static String codes(List<String> names) {
        return String.join(", ", names.stream().map(n -> "`" + n + "`").toList());
    }
}
