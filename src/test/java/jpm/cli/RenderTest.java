package jpm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import jpm.rpc.InstanceInfo;
import jpm.rpc.Response;
import org.junit.jupiter.api.Test;

class RenderTest {
    @Test
    void durationsAndSizesReadLikePm2() {
        assertThat(Render.duration(950)).isEqualTo("0s");
        assertThat(Render.duration(61_000)).isEqualTo("1m");
        assertThat(Render.duration(7_200_000)).isEqualTo("2h");
        assertThat(Render.duration(3L * 86_400_000)).isEqualTo("3d");
        assertThat(Render.bytes(512)).isEqualTo("512b");
        assertThat(Render.bytes(1536)).isEqualTo("1.5kb");
        assertThat(Render.bytes(25_480_000)).isEqualTo("24.3mb");
    }

    @Test
    void tableAlignsColumnsAndShowsDashesForStoppedInstances() {
        String t = Render.table(List.of(
                new InstanceInfo(0, "api", "default", 0, 123L, jpm.rpc.InstanceStatus.ONLINE, 2, 0, 65_000L, 1.25, 2048, null, null, null, "o", "e"),
                new InstanceInfo(10, "worker-long-name", "jobs", 1, null, jpm.rpc.InstanceStatus.STOPPED, 0, 0, null, 0, 0, 0, null, null, "o", "e")));
        assertThat(t).isEqualTo("""
                id  name              namespace  inst  pid  status   restarts  uptime  cpu   memory
                0   api               default    0     123  online   2         1m      1.3%  2.0kb
                10  worker-long-name  jobs       1     -    stopped  0         -       -     -
                """);
    }

    @Test
    void aHealthColumnFollowsStatusWhenSomeProbeRuns() {
        String t = Render.table(List.of(
                new InstanceInfo(0, "api", "default", 0, 123L, jpm.rpc.InstanceStatus.ONLINE, 2, 0, 65_000L, 1.25, 2048, null, null, null, "o", "e")
                        .withHealth("unhealthy"),
                new InstanceInfo(10, "worker", "jobs", 1, null, jpm.rpc.InstanceStatus.STOPPED, 0, 0, null, 0, 0, 0, null, null, "o", "e")));
        assertThat(t).isEqualTo("""
                id  name    namespace  inst  pid  status   health     restarts  uptime  cpu   memory
                0   api     default    0     123  online   unhealthy  2         1m      1.3%  2.0kb
                10  worker  jobs       1     -    stopped  -          0         -       -     -
                """);
    }

    @Test
    void pongAndInstanceListsInTextAndJson() {
        Response.Pong p = new Response.Pong(42, 125_000, "0.1.0", 1, 2, 300, "jpm-ab.jar");
        assertThat(Render.pong(p, false)).isEqualTo("pong: daemon pid 42, up 2m, 1 app(s), 2 instance(s)\n");
        assertThat(Render.pong(p, true)).isEqualTo("{\"pid\":42,\"uptime_ms\":125000,\"version\":\"0.1.0\",\"apps\":1,"
                + "\"instances\":2,\"last_scan_micros\":300,\"build\":\"jpm-ab.jar\"}\n");
        List<InstanceInfo> one = List.of(new InstanceInfo(3, "w", "default", 0, null, jpm.rpc.InstanceStatus.STOPPED, 0, 0, null, 0, 0, null, null, null, "o", "e"));
        assertThat(Render.instances(one, "stopped", false)).isEqualTo("stopped 1 instance\n" + Render.table(one));
        assertThat(Render.instances(one, null, false)).isEqualTo(Render.table(one));
        assertThat(Render.instances(List.of(), null, false)).isEqualTo("no apps: start one with `jpm start <script>`\n");
        assertThat(Render.instances(List.of(), "deleted", false)).startsWith("deleted 0 instances\n");
        assertThat(Render.instances(List.of(), null, true)).isEqualTo("[]\n");
        assertThat(Render.instances(one, null, true)).startsWith("[{\"id\":3,\"name\":\"w\",").endsWith("}]\n");
    }
    /** oneDecimal writes what the Formatter's %.1f writes, ties and large values included. */
    @Test
    void oneDecimalIsTheFormattersText() {
        java.util.Random r = new java.util.Random(42);
        java.util.List<Double> values = new java.util.ArrayList<>(java.util.List.of(0.0, 0.05, 0.15, 0.25, 0.35, 0.45, 1.05, 2.675, 99.95,
                100.0, 999.95, 1023.95, 1e7, 1.23456789e12, 0.04999999999999999, 12.5, 1.0 / 3, 9.95, 9.96, 99.99, 0.96, 19.95, 1e-5, 5e-5));
        for (int i = 0; i < 20_000; i++) values.add(r.nextLong(1L << 40) / 1024.0);
        for (int i = 0; i < 2_000; i++) values.add(r.nextInt(4000) / 10.0);
        for (int i = 0; i < 2_000; i++) values.add(r.nextDouble() * 1000);
        for (double v : values) assertThat(Render.oneDecimal(v)).as("%s", v).isEqualTo(String.format(java.util.Locale.ROOT, "%.1f", v));
    }
}
