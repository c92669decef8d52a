package jpm.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import jpm.spec.AppSpec;
import jpm.spec.SpecException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandResolverTest {
    @TempDir
    Path dir;

    private Path bin() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        for (String p : List.of("python3", "node", "tool")) {
            Path f = bin.resolve(p);
            Files.writeString(f, "#!/bin/sh\n");
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return bin;
    }

    @Test
    void scriptWithAKnownExtensionRunsUnderItsInterpreterFromPath() throws Exception {
        Path bin = bin();
        Files.writeString(dir.resolve("app.py"), "print(1)\n");
        List<String> argv = new CommandResolver(bin.toString()).resolve(
                AppSpec.of("a", "app.py", dir.toString()).withLaunch(jpm.spec.Launch.of("app.py", dir.toString()).withArgs(List.of("--x", "y z"))));
        assertThat(argv).containsExactly(bin.resolve("python3").toString(), dir.resolve("app.py").toString(), "--x", "y z");
    }

    @Test
    void bareCommandIsLookedUpOnPath() throws Exception {
        Path bin = bin();
        assertThat(new CommandResolver(bin.toString()).resolve(AppSpec.of("a", "tool", dir.toString())))
                .containsExactly(bin.resolve("tool").toString());
    }

    @Test
    void mistakesNameThePath() throws Exception {
        CommandResolver r = new CommandResolver(bin().toString());
        assertThatThrownBy(() -> r.resolve(AppSpec.of("a", "sub/missing.js", dir.toString())))
                .isInstanceOf(SpecException.class).hasMessageContaining(dir.resolve("sub/missing.js") + " not found");
        Path plain = dir.resolve("server");
        Files.writeString(plain, "x");
        assertThatThrownBy(() -> r.resolve(AppSpec.of("a", "server", dir.toString())))
                .hasMessageContaining(plain + " is not executable");
        assertThatThrownBy(() -> r.resolve(AppSpec.of("a", "nope", dir.toString())))
                .hasMessageContaining("no command 'nope' on PATH");
        Files.writeString(dir.resolve("x.rb"), "");
        assertThatThrownBy(() -> r.resolve(AppSpec.of("a", "x.rb", dir.toString())))
                .hasMessageContaining("interpreter 'ruby'").hasMessageContaining("not found on PATH");
        assertThatThrownBy(() -> r.resolve(AppSpec.of("a", "x.rb", dir.resolve("gone").toString())))
                .hasMessageContaining("cwd " + dir.resolve("gone") + " does not exist");
    }
}
