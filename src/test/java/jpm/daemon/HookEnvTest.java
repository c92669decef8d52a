package jpm.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import jpm.daemon.events.DaemonEvent;
import jpm.daemon.events.Subject;
import jpm.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The JPM_EVENT_* variables of an event, derived from its JSON form; and the event types hooks may name. */
class HookEnvTest {
    static final Instant AT = Instant.parse("2026-12-04T06:30:00.125Z");
    static final Subject WEB = new Subject("shop", "web", 3L, 0, 4242L);
    static final Subject APP = new Subject("shop", "web", null, null, null);

    static Stream<Arguments> events() {
        return Stream.of(
                Arguments.of(new DaemonEvent.Exited(WEB, AT, "exit code 1", 1, null, false), Map.of(
                        "JPM_EVENT_TYPE", "exited", "JPM_EVENT_NAMESPACE", "shop", "JPM_EVENT_NAME", "web", "JPM_EVENT_ID", "3",
                        "JPM_EVENT_INSTANCE", "0", "JPM_EVENT_PID", "4242", "JPM_EVENT_AT", "2026-12-04T06:30:00.125Z",
                        "JPM_EVENT_CAUSE", "exit code 1", "JPM_EVENT_CODE", "1", "JPM_EVENT_DURING_STOP", "false")),
                Arguments.of(new DaemonEvent.Health(WEB, AT, "GET http://127.0.0.1:3001/health: HTTP 500", "healthy", "unhealthy"),
                        Map.of("JPM_EVENT_TYPE", "health", "JPM_EVENT_NAMESPACE", "shop", "JPM_EVENT_NAME", "web", "JPM_EVENT_ID", "3",
                                "JPM_EVENT_INSTANCE", "0", "JPM_EVENT_PID", "4242", "JPM_EVENT_AT", "2026-12-04T06:30:00.125Z",
                                "JPM_EVENT_CAUSE", "GET http://127.0.0.1:3001/health: HTTP 500", "JPM_EVENT_FROM", "healthy",
                                "JPM_EVENT_TO", "unhealthy")),
                Arguments.of(new DaemonEvent.Errored(WEB, AT, "too many unstable restarts"), Map.of(
                        "JPM_EVENT_TYPE", "errored", "JPM_EVENT_NAMESPACE", "shop", "JPM_EVENT_NAME", "web", "JPM_EVENT_ID", "3",
                        "JPM_EVENT_INSTANCE", "0", "JPM_EVENT_PID", "4242", "JPM_EVENT_AT", "2026-12-04T06:30:00.125Z",
                        "JPM_EVENT_CAUSE", "too many unstable restarts")),
                // an app's event: no id, instance or pid, and a null owner: unset, not empty
                Arguments.of(new DaemonEvent.AppCreated(APP, AT, "user: jpm start", null, 2), Map.of(
                        "JPM_EVENT_TYPE", "app_created", "JPM_EVENT_NAMESPACE", "shop", "JPM_EVENT_NAME", "web",
                        "JPM_EVENT_AT", "2026-12-04T06:30:00.125Z", "JPM_EVENT_CAUSE", "user: jpm start", "JPM_EVENT_INSTANCES", "2")),
                Arguments.of(new DaemonEvent.ReloadStep(new Subject("shop", "web", null, 1, null), AT, "user: jpm reload", 4L, null,
                        "replacing"), Map.of(
                        "JPM_EVENT_TYPE", "reload_step", "JPM_EVENT_NAMESPACE", "shop", "JPM_EVENT_NAME", "web",
                        "JPM_EVENT_INSTANCE", "1", "JPM_EVENT_AT", "2026-12-04T06:30:00.125Z", "JPM_EVENT_CAUSE", "user: jpm reload",
                        "JPM_EVENT_OLD_ID", "4", "JPM_EVENT_PHASE", "replacing")),
                Arguments.of(new DaemonEvent.MemoryLimitExceeded(WEB, AT, "rss over limit", 300L << 20, 200L << 20), Map.of(
                        "JPM_EVENT_TYPE", "memory_limit_exceeded", "JPM_EVENT_NAMESPACE", "shop", "JPM_EVENT_NAME", "web",
                        "JPM_EVENT_ID", "3", "JPM_EVENT_INSTANCE", "0", "JPM_EVENT_PID", "4242", "JPM_EVENT_AT",
                        "2026-12-04T06:30:00.125Z", "JPM_EVENT_CAUSE", "rss over limit", "JPM_EVENT_RSS_BYTES", "314572800",
                        "JPM_EVENT_LIMIT_BYTES", "209715200")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("events")
    void everyNonNullKeyOfTheEventsJsonIsAVariable(DaemonEvent event, Map<String, String> variables) {
        assertThat(HookEnv.variables(EventJson.tree(event))).isEqualTo(variables);
    }

    @Test
    void theHookGetsTheDaemonsInheritedVariablesAndJpmHomeButNotTheAppsEnv() {
        Map<String, String> env = HookEnv.of(ChildEnv.inherited(Map.of("PATH", "/usr/bin", "SECRET", "x", "HOME", "/root")),
                "/var/lib/jpm", EventJson.tree(new DaemonEvent.Stopped(WEB, AT, "user: jpm stop")));
        assertThat(env).containsEntry("PATH", "/usr/bin").containsEntry("HOME", "/root").containsEntry("JPM_HOME", "/var/lib/jpm")
                .containsEntry("JPM_EVENT_TYPE", "stopped").doesNotContainKey("SECRET");
    }

    /** One event of each kind, its components at plain values. */
    static List<DaemonEvent> oneOfEachKind() throws ReflectiveOperationException {
        List<DaemonEvent> out = new ArrayList<>();
        for (Class<?> kind : DaemonEvent.class.getPermittedSubclasses()) {
            RecordComponent[] cs = kind.getRecordComponents();
            Object[] args = new Object[cs.length];
            Class<?>[] types = new Class<?>[cs.length];
            for (int i = 0; i < cs.length; i++) {
                types[i] = cs[i].getType();
                args[i] = switch (cs[i].getType().getName()) {
                    case "jpm.daemon.events.Subject" -> WEB;
                    case "java.time.Instant" -> AT;
                    case "boolean" -> false;
                    case "int" -> 0;
                    case "long" -> 0L;
                    default -> null;
                };
            }
            Constructor<?> c = kind.getDeclaredConstructor(types);
            out.add((DaemonEvent) c.newInstance(args));
        }
        return out;
    }

    /** A file may name exactly the kinds the daemon has: the schema's list is the daemon's (docs/events.md). */
    @Test
    @SuppressWarnings("unchecked")
    void theSchemaListsEveryEventTypeAsAHookKey() throws Exception {
        Map<String, Object> schema = (Map<String, Object>) Json.parse(java.nio.file.Files.readString(
                java.nio.file.Path.of("schemas/ecosystem.schema.json")));
        Map<String, Object> hooks = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
                schema.get("definitions")).get("app")).get("properties")).get("hooks");
        List<Object> listed = (List<Object>) ((Map<String, Object>) hooks.get("propertyNames")).get("enum");
        assertThat(listed).containsExactlyElementsOf(oneOfEachKind().stream().map(DaemonEvent::type).toList());
    }

    /** A kind's own key named like a subject key would hide it in the environment. */
    @Test
    void noKindHasAKeyOfTheSubject() throws Exception {
        Set<String> subjectKeys = new HashSet<>(EventJson.tree(new DaemonEvent.Spawned(WEB, AT, "")).keySet());
        Set<String> own = new HashSet<>();
        for (DaemonEvent e : oneOfEachKind()) own.addAll(EventJson.tree(e).keySet());
        own.removeAll(subjectKeys);
        Set<String> subject = ((Map<?, ?>) EventJson.tree(new DaemonEvent.Spawned(WEB, AT, "")).get("subject")).keySet().stream()
                .map(Object::toString).collect(java.util.stream.Collectors.toSet());
        assertThat(own).doesNotContainAnyElementsOf(subject).doesNotContainAnyElementsOf(subjectKeys);
    }
}
