package jpm.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import jpm.daemon.StreamFilter.Known;
import jpm.daemon.StreamFilter.Scope;
import jpm.daemon.events.DaemonEvent;
import jpm.daemon.events.Subject;
import org.junit.jupiter.api.Test;

class StreamFilterTest {
    static final List<Known> APPS = List.of(new Known("shop", "web", List.of(0L, 1L)), new Known("shop", "worker", List.of(2L)),
            new Known("blog", "web", List.of(3L)), new Known("7", "seven", List.of(4L)));

    static DaemonEvent online(String ns, String name, long id) {
        return new DaemonEvent.Online(new Subject(ns, name, id, 0, 100L), Instant.EPOCH, "spawned");
    }

    static DaemonEvent created(String ns, String name) {
        return new DaemonEvent.AppCreated(Subject.app(ns, name), Instant.EPOCH, "user", null, 1);
    }

    record Row(String target, Scope scope, boolean note) {}

    @Test
    void aTargetReadsAsEveryCommandReadsIt() {
        for (Row r : List.of(
                new Row(null, Scope.ALL, false),
                new Row("all", Scope.ALL, false),
                new Row("shop/web", Scope.APP, false),
                new Row("shop/nope", Scope.APP, true),
                new Row("web", Scope.NAME, false),     // a name wins over a namespace or id
                new Row("2", Scope.ID, false),
                new Row("shop", Scope.NAMESPACE, false),
                new Row("7", Scope.NAMESPACE, false),  // no instance 7: the namespace "7"
                new Row("later", Scope.ANY, true))) {
            StreamFilter f = StreamFilter.of(r.target(), List.of(), APPS);
            assertThat(f.scope()).as(r.target()).isEqualTo(r.scope());
            assertThat(f.note() != null).as(r.target()).isEqualTo(r.note());
        }
    }

    @Test
    void eventsAreMatchedByTheirSubject() {
        StreamFilter byName = StreamFilter.of("web", List.of(), APPS);
        assertThat(byName.test(online("shop", "web", 0))).isTrue();
        assertThat(byName.test(online("blog", "web", 3))).isTrue();
        assertThat(byName.test(created("new", "web"))).isTrue();
        assertThat(byName.test(online("shop", "worker", 2))).isFalse();

        StreamFilter byApp = StreamFilter.of("shop/web", List.of(), APPS);
        assertThat(byApp.test(online("blog", "web", 3))).isFalse();
        assertThat(byApp.test(created("shop", "web"))).isTrue();

        StreamFilter byId = StreamFilter.of("2", List.of(), APPS);
        assertThat(byId.test(online("shop", "worker", 2))).isTrue();
        assertThat(byId.test(created("shop", "worker"))).isFalse(); // an app's events have no id

        StreamFilter later = StreamFilter.of("later", List.of(), APPS);
        assertThat(later.test(created("later", "x"))).isTrue();
        assertThat(later.test(created("x", "later"))).isTrue();
        assertThat(later.test(online("shop", "web", 0))).isFalse();
    }

    @Test
    void typesNarrowAndAnUnknownTypeIsRefusedWithTheKnownOnes() {
        StreamFilter f = StreamFilter.of(null, List.of("online"), APPS);
        assertThat(f.test(online("shop", "web", 0))).isTrue();
        assertThat(f.test(created("shop", "web"))).isFalse();
        assertThatThrownBy(() -> StreamFilter.of(null, List.of("crashed"), APPS))
                .hasMessageContaining("unknown event type 'crashed'").hasMessageContaining("exited, restart_scheduled");
    }

    @Test
    void theKnownKindsAreTheNamesEveryEventCarries() {
        assertThat(StreamFilter.KINDS).contains(online("a", "b", 1).type(), created("a", "b").type()).doesNotHaveDuplicates()
                .hasSize(DaemonEvent.class.getPermittedSubclasses().length);
    }
}
