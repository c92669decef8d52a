package jpm.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** ecosystem.example.yaml at the top level: it loads cleanly and shows every attribute. */
class ExampleEcosystemTest {
    static final Path EXAMPLE = Path.of("ecosystem.example.yaml").toAbsolutePath();

    @Test
    void loadsWithoutErrorsOrWarnings() {
        for (String env : new String[] {null, "production"}) {
            LoadResult r = new EcosystemLoader(4).load(EXAMPLE, new LoadOptions(env, false));
            assertThat(r.apps()).extracting(AppSpec::name).containsExactly("web", "site", "api", "ticker", "report", "logger");
            assertThat(r.warnings()).isEmpty();
            assertThat(r.apps()).allSatisfy(a -> assertThat(a.namespace()).isEqualTo("example"));
        }
    }

    @Test
    void usesEveryAttributeOfTheSchema() throws IOException {
        Diagnostics d = new Diagnostics(EXAMPLE.toString());
        DocNode.MapNode root = (DocNode.MapNode) YamlReader.read(Files.readString(EXAMPLE), d);
        Set<String> used = new TreeSet<>(((DocNode.MapNode) root.get("x-defaults")).entries().keySet());
        for (DocNode app : ((DocNode.ListNode) root.get("apps")).items()) used.addAll(((DocNode.MapNode) app).entries().keySet());
        Set<String> shown = new TreeSet<>(EcosystemSchema.get().appKeys());
        shown.removeAll(Set.of("uid", "gid")); // only in a comment: they need a root daemon, and the example runs as anyone
        assertThat(used).containsAll(shown).anyMatch(Pm2Vocabulary::isEnvName);
    }
}
