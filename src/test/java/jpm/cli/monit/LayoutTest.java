package jpm.cli.monit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import jpm.rpc.InstanceStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LayoutTest {
    static final Layout.Style PLAIN = new Layout.Style(false, true);
    static final Layout.Style COLOURS = new Layout.Style(true, true);

    static String screen(MonitState s, int width, int height, Layout.Style style) {
        List<String> lines = Layout.lines(s, width, height, style);
        assertThat(lines).hasSize(height);
        if (!style.colors()) assertThat(lines).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(width));
        return String.join("\n", lines);
    }

    @Test
    void theListThePaneAndTheKeys() {
        MonitState s = MonitStateTest.withApps();
        s.logLine("listening on 3000", false);
        s.logLine("oops\u001b[2J", true);
        List<String> lines = Layout.lines(s, 120, 20, PLAIN);
        assertThat(lines.get(0)).startsWith(" jpm monit   3 instances, 2 online, 1 stopped");
        assertThat(lines.get(1)).contains("id", "name", "ns", "inst", "status", "restarts", "uptime", "cpu", "memory", "cpu 20s",
                "memory 20s").doesNotContain("health");
        assertThat(lines.get(2)).startsWith(">").contains("api", "default", "online", "2.5%", "10.0mb", "5s");
        assertThat(lines.get(3)).startsWith(" ").contains("api", "online");
        assertThat(lines.get(4)).contains("worker", "stopped", "-");
        assertThat(lines.get(5)).contains("default/api#0 (id 0)", "logs");
        assertThat(lines.get(6)).startsWith("cpu ").contains("memory", "(last 2m)");
        assertThat(lines.get(7)).isEqualTo("listening on 3000");
        assertThat(lines.get(8)).as("control characters made harmless").isEqualTo("oops?[2J");
        assertThat(lines.get(19)).isEqualTo(Layout.HELP);
    }

    @Test
    void withoutColoursThereIsNoEscapeAtAllAndWithThemStatusesAreColoured() {
        MonitState s = MonitStateTest.withApps();
        assertThat(screen(s, 120, 20, PLAIN)).doesNotContain("\u001b");
        String coloured = screen(s, 120, 20, COLOURS);
        assertThat(coloured).contains("\u001b[32monline", "\u001b[2mstopped", "\u001b[7m");
    }

    @Test
    void aNarrowTerminalDropsTheSparklinesFirst() {
        MonitState s = MonitStateTest.withApps();
        String header = Layout.lines(s, 80, 20, PLAIN).get(1);
        assertThat(header).contains("name", "status", "memory").doesNotContain("20s");
        assertThat(Layout.lines(s, 60, 20, PLAIN).get(2)).contains("api", "online");
    }

    @Test
    void aTerminalTooSmallSaysSoAndWhatToUseInstead() {
        String small = screen(MonitStateTest.withApps(), 59, 20, PLAIN);
        assertThat(small).contains("at least 60x12", "59x20", "jpm ls", "jpm events");
        assertThat(screen(MonitStateTest.withApps(), 100, 11, PLAIN)).contains("100x11");
        assertThat(Layout.lines(new MonitState(), 10, 3, PLAIN)).hasSize(3);
    }

    @Test
    void theEventsPaneAndTheDetailsPane() {
        MonitState s = MonitStateTest.withApps();
        s.event(Map.of("type", "exited", "at", "2026-12-04T06:27:42.191Z", "cause", "exit code 3",
                "subject", Map.of("namespace", "default", "name", "api", "instance", 0)));
        s.handle(Key.of('l'), 5);
        assertThat(screen(s, 100, 20, PLAIN)).contains("06:27:42  #0  exited            exit code 3");
        s.handle(Key.ENTER, 5);
        assertThat(screen(s, 100, 20, PLAIN)).contains("pid 1000", "status online", "out log /logs/api-out.log", "details");
    }

    @Test
    void thePromptsOnTheBottomLine() {
        MonitState s = MonitStateTest.withApps();
        s.handle(Key.of('d'), 5);
        assertThat(Layout.lines(s, 100, 20, PLAIN).get(19)).isEqualTo("delete app default/api (2 instances)? y/N");
        s.handle(Key.of('n'), 5);
        s.handle(Key.of('/'), 5);
        s.handle(Key.of('z'), 5);
        List<String> lines = Layout.lines(s, 100, 20, PLAIN);
        assertThat(lines.get(19)).startsWith("filter: z_");
        assertThat(lines.get(2)).contains("no instance matches the filter 'z'");
        assertThat(lines.get(0)).contains("filter: z (0 shown)");
    }

    @Test
    void healthShowsOnceAnInstanceHasIt() {
        MonitState s = new MonitState();
        s.instances(List.of(MonitStateTest.inst(0, "api", 0, InstanceStatus.ONLINE).withHealth("unhealthy")));
        assertThat(Layout.lines(s, 140, 20, PLAIN).get(2)).contains("unhealthy");
        assertThat(Layout.lines(s, 140, 20, COLOURS).get(2)).contains("\u001b[31munhealthy");
    }

    @ParameterizedTest(name = "{0} instances in {1} lines -> {2} rows")
    @CsvSource({"0, 24, 1", "3, 24, 3", "100, 24, 10", "100, 40, 26", "100, 12, 4"})
    void theListTakesWhatItNeedsUpToHalfTheScreen(int count, int height, int rows) {
        assertThat(Layout.listRows(count, height)).isEqualTo(rows);
    }

    @ParameterizedTest(name = "selected {0} of {1} in {2} rows -> from {3}")
    @CsvSource({"0, 3, 5, 0", "4, 10, 5, 2", "9, 10, 5, 5", "0, 10, 5, 0"})
    void theListScrollsToTheSelection(int selected, int count, int rows, int first) {
        assertThat(Layout.firstShown(selected, count, rows)).isEqualTo(first);
    }
}
