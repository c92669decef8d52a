package jpm.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import jpm.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A daemon that finds state.json from another build: an older one's file is read and its running
 * apps re-adopted; a newer one's is refused and left alone, and nothing of it is stopped.
 */
class StateFileIT {
    @RegisterExtension
    final JpmHomeFixture jpm = new JpmHomeFixture();

    @TempDir
    Path dir;

    /** The keys later builds added to state.json: a file of the first builds (574fc11) has none of them. */
    static final Set<String> ADDED_LATER = Set.of("start_after_stop", "log_type", "log_max_size_bytes", "log_retain",
            "log_compress", "port", "listen_address", "wait_ready", "listen_timeout_ms", "hooks");

    private Map<String, Long> pids() {
        return jpm.jlist().stream().collect(Collectors.toMap(i -> i.get("name") + "#" + i.get("instance"), i -> (Long) i.get("pid")));
    }

    private void startAppsAndKillTheDaemonHard() throws Exception {
        Path eco = dir.resolve("eco.yaml");
        Files.writeString(eco, "apps:\n  - name: api\n    script: " + JpmHomeFixture.fixture("hello.sh")
                + "\n    env:\n      GREETING: hi\n  - name: web\n    script: " + JpmHomeFixture.fixture("hello.sh")
                + "\n    exec_mode: cluster\n    instances: 2\n");
        jpm.jpm("apply", eco.toString()).ok();
        long daemon = jpm.daemonPid();
        new ProcessBuilder("kill", "-KILL", Long.toString(daemon)).start().waitFor();
        ProcessHandle.of(daemon).ifPresent(h -> h.onExit().join());
    }

    @SuppressWarnings("unchecked")
    private static Object without(Object tree, Set<String> keys) {
        if (tree instanceof Map<?, ?> m) {
            Map<String, Object> out = new java.util.LinkedHashMap<>();
            ((Map<String, Object>) m).forEach((k, v) -> {
                if (!keys.contains(k)) out.put(k, without(v, keys));
            });
            return out;
        }
        if (tree instanceof List<?> l) return l.stream().map(v -> without(v, keys)).toList();
        return tree;
    }

    @Test
    void aStateFileOfAnOlderBuildIsReadAndItsRunningAppsReadopted() throws Exception {
        startAppsAndKillTheDaemonHard();
        Path state = jpm.home().resolve("state.json");
        Map<String, Long> before;
        {
            // the pids as the dead daemon recorded them, then the file as the first builds wrote it
            String text = Files.readString(state);
            assertThat(text).contains("\"listen_timeout_ms\"");
            Files.writeString(state, Json.writePretty(without(Json.parse(text), ADDED_LATER)));
            Files.deleteIfExists(jpm.home().resolve("state.json.bak")); // no backup to fall back on
            assertThat(Files.readString(state)).doesNotContain("listen_timeout_ms").doesNotContain("start_after_stop");
        }
        before = Map.copyOf(jpm.taggedProcesses().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().getFirst())));
        assertThat(before).hasSize(3);

        Map<String, Long> after = pids(); // starts a new daemon of this build
        assertThat(Set.copyOf(after.values())).as("the same processes, adopted").isEqualTo(Set.copyOf(before.values()));
        assertThat(jpm.jlist()).extracting(i -> i.get("status")).containsOnly("online");
        assertThat(jpm.jlist()).extracting(i -> i.get("restarts")).containsOnly(0L);
        assertThat(jpm.home().resolve("state.json.corrupt")).doesNotExist();
        assertThat(Files.readString(jpm.home().resolve("daemon.log"))).contains("3 running instance(s) adopted")
                .doesNotContain("is damaged");
        // and the next write has every key again
        jpm.jpm("scale", "web", "3").ok();
        assertThat(Files.readString(state)).contains("\"listen_timeout_ms\"").contains("\"start_after_stop\"");
    }

    @Test
    void aStateFileOfANewerFormatKeepsTheDaemonFromStartingAndIsLeftAsItIs() throws Exception {
        startAppsAndKillTheDaemonHard();
        Path state = jpm.home().resolve("state.json");
        String ours = Files.readString(state);
        String newer = ours.replaceFirst("\"version\": 1,", "\"version\": 2,");
        assertThat(newer).isNotEqualTo(ours);
        Files.writeString(state, newer);
        Map<String, List<Long>> running = jpm.taggedProcesses();
        assertThat(running).hasSize(3);

        JpmHomeFixture.Result r = jpm.jpm("ls");
        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("state.json was written by a newer jpm (format 2; this jpm reads formats 1 to 1)")
                .contains("use the jpm that wrote it, or move the file away").doesNotContain("Exception");
        assertThat(Files.readString(state)).as("left as it is").isEqualTo(newer);
        assertThat(jpm.home().resolve("state.json.corrupt")).doesNotExist();
        assertThat(jpm.taggedProcesses()).as("nothing stopped as a stray").isEqualTo(running);

        // the jpm that wrote it (here: the file put back as it was) finds everything still running
        Files.writeString(state, ours);
        assertThat(Set.copyOf(pids().values())).isEqualTo(running.values().stream().map(List::getFirst).collect(Collectors.toSet()));
    }
}
