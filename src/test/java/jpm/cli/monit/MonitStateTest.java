package jpm.cli.monit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import jpm.cli.monit.Keys.Prompt;
import jpm.cli.monit.MonitState.Order;
import jpm.cli.monit.MonitState.Pane;
import jpm.rpc.InstanceInfo;
import jpm.rpc.InstanceStatus;
import org.junit.jupiter.api.Test;

class MonitStateTest {
    static InstanceInfo inst(long id, String name, int instance, InstanceStatus status) {
        boolean runs = status == InstanceStatus.ONLINE;
        return new InstanceInfo(id, name, "default", instance, runs ? 1000 + id : null, status, 0, 0, runs ? 5_000L : null,
                runs ? 2.5 : 0, runs ? 10L << 20 : 0, null, null, null, "/logs/" + name + "-out.log", "/logs/" + name + "-err.log");
    }

    static MonitState withApps() {
        MonitState s = new MonitState();
        s.instances(List.of(inst(0, "api", 0, InstanceStatus.ONLINE), inst(1, "api", 1, InstanceStatus.ONLINE),
                inst(2, "worker", 0, InstanceStatus.STOPPED)));
        return s;
    }

    static Order press(MonitState s, Key... keys) {
        Order last = null;
        for (Key k : keys) last = s.handle(k, 5);
        return last;
    }

    @Test
    void theSelectionMovesWithinTheListAndFollowsItsInstanceAcrossUpdates() {
        MonitState s = withApps();
        assertThat(s.selected().id()).isZero();
        press(s, Key.UP);
        assertThat(s.selected().id()).isZero();
        press(s, Key.of('j'), Key.DOWN, Key.DOWN);
        assertThat(s.selected().id()).isEqualTo(2);
        press(s, Key.HOME);
        assertThat(s.selected().id()).isZero();
        press(s, Key.END);
        assertThat(s.selected().id()).isEqualTo(2);
        // a new instance sorts before it: the selection stays on instance 2
        s.instances(List.of(inst(0, "api", 0, InstanceStatus.ONLINE), inst(5, "aaa", 0, InstanceStatus.ONLINE),
                inst(1, "api", 1, InstanceStatus.ONLINE), inst(2, "worker", 0, InstanceStatus.STOPPED)));
        assertThat(s.selected().id()).isEqualTo(2);
        // it goes away: the one now at its place
        s.instances(List.of(inst(0, "api", 0, InstanceStatus.ONLINE), inst(1, "api", 1, InstanceStatus.ONLINE)));
        assertThat(s.selected().id()).isEqualTo(1);
    }

    @Test
    void keysGiveOrdersOnTheSelectedInstanceOrItsApp() {
        MonitState s = withApps();
        assertThat(press(s, Key.of('r'))).isEqualTo(new Order(Order.Verb.RESTART, "0", "api#0"));
        assertThat(press(s, Key.of('s'))).isEqualTo(new Order(Order.Verb.STOP, "0", "api#0"));
        assertThat(press(s, Key.of('R'))).isEqualTo(new Order(Order.Verb.RELOAD, "default/api", "default/api"));
        press(s, Key.END);
        assertThat(press(s, Key.of('s'))).as("a stopped instance starts").isEqualTo(new Order(Order.Verb.START, "2", "worker#0"));
        assertThat(press(s, Key.of('q'))).isEqualTo(new Order(Order.Verb.QUIT, null, null));
        assertThat(press(new MonitState(), Key.of('r'))).as("nothing selected").isNull();
    }

    @Test
    void deleteAsksFirstAndOnlyYesDeletes() {
        MonitState s = withApps();
        assertThat(press(s, Key.of('d'))).isNull();
        assertThat(s.prompt()).isEqualTo(Prompt.CONFIRM);
        assertThat(s.pending().label()).isEqualTo("default/api (2 instances)");
        assertThat(press(s, Key.of('n'))).isNull();
        assertThat(s.prompt()).isEqualTo(Prompt.NONE);
        assertThat(s.message()).isEqualTo("not deleted");
        press(s, Key.of('d'));
        assertThat(press(s, Key.of('y'))).isEqualTo(new Order(Order.Verb.DELETE, "default/api", "default/api (2 instances)"));
        assertThat(s.prompt()).isEqualTo(Prompt.NONE);
    }

    @Test
    void theFilterNarrowsTheListAsItIsTypedAndEscapeDropsIt() {
        MonitState s = withApps();
        press(s, Key.of('/'), Key.of('w'), Key.of('o'));
        assertThat(s.prompt()).isEqualTo(Prompt.FILTER);
        assertThat(s.visible()).extracting(InstanceInfo::name).containsExactly("worker");
        assertThat(s.selected().id()).isEqualTo(2);
        press(s, Key.BACKSPACE, Key.BACKSPACE, Key.of('A'), Key.of('P'));
        assertThat(s.visible()).extracting(InstanceInfo::name).containsExactly("api", "api");
        press(s, Key.ENTER);
        assertThat(s.prompt()).isEqualTo(Prompt.NONE);
        assertThat(s.filter()).isEqualTo("AP");
        press(s, Key.of('/'), Key.of('x'), Key.ESCAPE);
        assertThat(s.filter()).as("Esc in the prompt: the filter as it was").isEqualTo("AP");
        press(s, Key.ESCAPE);
        assertThat(s.filter()).as("Esc outside: no filter").isEmpty();
    }

    @Test
    void panesToggleAndDetailsGoBackToWhereTheyCameFrom() {
        MonitState s = withApps();
        assertThat(s.pane()).isEqualTo(Pane.LOGS);
        press(s, Key.of('l'));
        assertThat(s.pane()).isEqualTo(Pane.EVENTS);
        press(s, Key.ENTER);
        assertThat(s.pane()).isEqualTo(Pane.DETAILS);
        press(s, Key.ENTER);
        assertThat(s.pane()).isEqualTo(Pane.EVENTS);
        press(s, Key.ENTER, Key.ESCAPE);
        assertThat(s.pane()).isEqualTo(Pane.EVENTS);
    }

    @Test
    void samplesAreKeptPerInstanceForTheLastMinutesOnly() {
        MonitState s = new MonitState();
        for (int k = 0; k < MonitState.HISTORY + 10; k++) s.instances(List.of(inst(0, "api", 0, InstanceStatus.ONLINE)));
        assertThat(s.samples(0).cpu()).hasSize(MonitState.HISTORY).containsOnly(2.5);
        assertThat(s.samples(0).memory()).containsOnly((double) (10L << 20));
        s.instances(List.of());
        assertThat(s.samples(0).cpu()).as("forgotten with its instance").isEmpty();
    }

    @Test
    void eventsAreShownForTheSelectedApp() {
        MonitState s = withApps();
        s.event(Map.of("type", "exited", "at", "2026-12-04T06:27:42.19Z", "cause", "exit code 3",
                "subject", Map.of("namespace", "default", "name", "api", "instance", 1)));
        s.event(Map.of("type", "stopped", "at", "2026-12-04T06:27:43Z", "cause", "user: jpm stop",
                "subject", Map.of("namespace", "default", "name", "worker", "instance", 0)));
        assertThat(s.eventsOfSelected()).extracting(MonitState.EventRow::type).containsExactly("exited");
        press(s, Key.END);
        assertThat(s.eventsOfSelected()).extracting(MonitState.EventRow::cause).containsExactly("user: jpm stop");
    }
}
