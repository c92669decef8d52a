package jpm.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
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
                AppSpec.of("a", "app.py", dir.toString()).withLaunch(jpm.ecosystem.Launch.of("app.py", dir.toString()).withArgs(List.of("--x", "y z"))));
        assertThat(argv).containsExactly(bin.resolve("python3").toString(), dir.resolve("app.py").toString(), "--x", "y z");
    }

    @Test
    void bareCommandIsLookedUpOnPath() throws Exception {
        Path bin = bin();
        Path elf = bin.resolve("native");
        Files.write(elf, new byte[] {0x7F, 'E', 'L', 'F', 2, 1, 1, 0});
        Files.setPosixFilePermissions(elf, PosixFilePermissions.fromString("rwxr-xr-x"));
        CommandResolver r = new CommandResolver(bin.toString());
        assertThat(r.resolve(AppSpec.of("a", "native", dir.toString()))).containsExactly(elf.toString());
        // a script on PATH runs as the kernel would run it: under the interpreter of its #! line
        assertThat(r.resolve(AppSpec.of("a", "tool", dir.toString()))).containsExactly("/bin/sh", bin.resolve("tool").toString());
    }

    @Test
    void aScriptWithoutAKnownExtensionRunsAsPm2RunsIt() throws Exception {
        Path bin = bin();
        CommandResolver r = new CommandResolver(bin.toString());
        // Express's bin/www: no x bit needed, node runs it (and so the cluster adapter can)
        Files.createDirectories(dir.resolve("bin"));
        Files.writeString(dir.resolve("bin/www"), "#!/usr/bin/env node\nrequire('../app');\n");
        assertThat(r.resolve(AppSpec.of("a", "./bin/www", dir.toString())))
                .containsExactly(bin.resolve("node").toString(), dir.resolve("bin/www").toString());
        Files.writeString(dir.resolve("plain"), "console.log(1)\n");
        assertThat(r.resolve(AppSpec.of("a", "plain", dir.toString())))
                .containsExactly(bin.resolve("node").toString(), dir.resolve("plain").toString());
        // a #! line that names another interpreter wins, as the kernel's would
        Files.writeString(dir.resolve("job"), "#!/usr/bin/env python3\nprint(1)\n");
        assertThat(r.resolve(AppSpec.of("a", "job", dir.toString())))
                .containsExactly("/usr/bin/env", "python3", dir.resolve("job").toString());
        Files.writeString(dir.resolve("broken"), "#!/nonexistent/sh\n");
        assertThatThrownBy(() -> r.resolve(AppSpec.of("a", "broken", dir.toString()))).hasMessage("app 'a': interpreter (the #!"
                + " line of " + dir.resolve("broken") + ") /nonexistent/sh is not an executable file");
    }

    @Test
    void mistakesNameThePath() throws Exception {
        CommandResolver r = new CommandResolver(bin().toString());
        assertThatThrownBy(() -> r.resolve(AppSpec.of("a", "sub/missing.js", dir.toString())))
                .isInstanceOf(SpecException.class).hasMessageContaining(dir.resolve("sub/missing.js") + " not found");
        Path plain = dir.resolve("server");
        Files.write(plain, new byte[] {0x7F, 'E', 'L', 'F', 2, 1, 1, 0}); // a binary: executed itself, so it needs the x bit
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
