package jpm.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jpm.json.Json;
import jpm.ecosystem.AppSpec;
import jpm.ecosystem.Launch;
import jpm.ecosystem.Pm2Vocabulary;
import jpm.ecosystem.Supervision;
import org.junit.jupiter.api.Test;

/**
 * Every component of the spec records has a place in the plan, the schema and the reference
 * page. The planner acts on any component (it compares hashes of the whole records); these tests
 * make sure that a component added to {@link Launch} or {@link Supervision} is also given a name
 * in plans, a schema entry and a documented class, and that the three agree.
 */
class FieldsTest {
    record Sample(String shown, String unlisted, Map<String, String> vars) {}

    @Test
    void aDifferenceNoListedFieldExplainsIsStillNamedWithItsValueHidden() {
        List<Fields.Field> listed = List.of(new Fields.Field("shown", "shown"), new Fields.Field("vars", "vars"));
        List<FieldChange> changes = Fields.explain(listed, Set.of(), new Sample("a", "secret-1", Map.of()),
                new Sample("a", "secret-2", Map.of()));
        assertThat(changes).extracting(FieldChange::render).containsExactly("unlisted: (changed, value hidden)");
        assertThat(Fields.explain(listed, Set.of("unlisted"), new Sample("a", "x", Map.of()), new Sample("a", "y", Map.of())))
                .as("an excluded component is not a change").isEmpty();
    }

    @Test
    void everyComponentOfLaunchAndSupervisionIsClassified() {
        assertClassified(Launch.class, Fields.LAUNCH, Launch.NOT_HASHED);
        assertClassified(Supervision.class, Fields.LIVE, Supervision.NOT_HASHED);
        // the planner reads these AppSpec components and no others: a new one would go unseen
        assertThat(componentNames(AppSpec.class)).containsExactly("name", "namespace", "instances", "launch", "supervision");
    }

    @Test
    void everyComponentIsInTheSchemaAndTheReferencePageWithTheClassThePlannerGivesIt() throws IOException {
        Map<String, String> schemaClass = schemaClasses();
        Map<String, String> aliasOf = pm2Aliases();
        Map<String, String> docClass = documentedClasses();
        List<String> problems = new ArrayList<>();
        for (var e : attributes(Launch.class, Fields.LAUNCH, Launch.NOT_HASHED).entrySet()) {
            check(problems, "Launch." + e.getKey(), e.getValue(), "restart", schemaClass, aliasOf, docClass);
        }
        for (var e : attributes(Supervision.class, Fields.LIVE, Supervision.NOT_HASHED).entrySet()) {
            check(problems, "Supervision." + e.getKey(), e.getValue(), "live", schemaClass, aliasOf, docClass);
        }
        assertThat(problems).isEmpty();
    }

    private static void check(List<String> problems, String component, String attribute, String planClass,
                              Map<String, String> schemaClass, Map<String, String> aliasOf, Map<String, String> docClass) {
        String canonical = schemaClass.containsKey(attribute) ? attribute : aliasOf.get(attribute);
        if (canonical == null || !schemaClass.containsKey(canonical)) {
            problems.add(component + ": '" + attribute + "' is not in schemas/ecosystem.schema.json (nor an alias in pm2-keys.json)");
            return;
        }
        if (!planClass.equals(schemaClass.get(canonical))) {
            problems.add(component + ": the schema's x-jpm-class of '" + canonical + "' is " + schemaClass.get(canonical)
                    + ", the planner's is " + planClass);
        }
        if (!docClass.containsKey(canonical)) {
            problems.add(component + ": docs/ecosystem.md has no table row for '" + canonical + "'");
        } else if (!planClass.equals(docClass.get(canonical))) {
            problems.add(component + ": docs/ecosystem.md gives '" + canonical + "' the class " + docClass.get(canonical)
                    + ", the planner " + planClass);
        }
    }

    private static void assertClassified(Class<? extends Record> type, List<Fields.Field> listed, Set<String> excluded) {
        List<String> names = componentNames(type);
        List<String> listedNames = listed.stream().map(Fields.Field::component).toList();
        assertThat(listedNames).as(type.getSimpleName() + ": listed components that do not exist").isSubsetOf(names);
        assertThat(excluded).as(type.getSimpleName() + ": excluded components that do not exist").isSubsetOf(names);
        assertThat(listedNames.stream().filter(excluded::contains)).as(type.getSimpleName() + ": listed and excluded").isEmpty();
        List<String> unclassified = names.stream().filter(n -> !listedNames.contains(n) && !excluded.contains(n)).toList();
        assertThat(unclassified).as(type.getSimpleName() + " components with no name in plans (plan/Fields.java)"
                + " and not excluded from the hash").isEmpty();
    }

    /** component -> ecosystem attribute: the plan's name, or the wire name for an excluded one. */
    private static Map<String, String> attributes(Class<? extends Record> type, List<Fields.Field> listed, Set<String> excluded) {
        Map<String, String> out = new HashMap<>();
        for (Fields.Field f : listed) out.put(f.component(), f.attribute());
        for (String x : excluded) out.put(x, Pm2Vocabulary.snakeCase(x));
        for (String n : componentNames(type)) out.putIfAbsent(n, Pm2Vocabulary.snakeCase(n));
        return out;
    }

    private static List<String> componentNames(Class<? extends Record> type) {
        return List.copyOf(jpm.json.FlatComponents.of(type).keySet());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> schemaClasses() throws IOException {
        Map<String, Object> schema = (Map<String, Object>) Json.parse(Files.readString(Path.of("schemas/ecosystem.schema.json")));
        Map<String, Object> app = (Map<String, Object>) ((Map<String, Object>) schema.get("definitions")).get("app");
        Map<String, String> out = new HashMap<>();
        ((Map<String, Object>) app.get("properties")).forEach((k, v) ->
                out.put(k, String.valueOf(((Map<String, Object>) v).get("x-jpm-class"))));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> pm2Aliases() throws IOException {
        Map<String, Object> root = (Map<String, Object>) Json.parse(Files.readString(Path.of("schemas/pm2-keys.json")));
        Map<String, String> out = new HashMap<>();
        ((Map<String, Object>) root.get("keys")).forEach((k, v) -> {
            Object alias = ((Map<String, Object>) v).get("alias_of");
            if (alias instanceof String a) out.put(k, a);
        });
        return out;
    }

    /** The attribute table of docs/ecosystem.md: `| `name` | type | default | class | meaning |`. */
    private static Map<String, String> documentedClasses() throws IOException {
        Map<String, String> out = new HashMap<>();
        for (String line : Files.readAllLines(Path.of("docs/ecosystem.md"))) {
            String[] cells = line.split("\\|");
            if (cells.length < 6 || !line.startsWith("| `")) continue;
            String name = cells[1].trim();
            String cls = cells[4].trim();
            // "`uid`", or with PM2's alias: "`uid` (`user`)"
            if (name.matches("`[a-z_]+`( \\(`[a-z_]+`\\))?") && Set.of("identity", "scale", "restart", "live").contains(cls)) {
                out.put(name.substring(1, name.indexOf('`', 1)), cls);
            }
        }
        return out;
    }
}
