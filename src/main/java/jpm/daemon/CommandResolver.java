package jpm.daemon;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import jpm.spec.AppSpec;
import jpm.spec.Launch;
import jpm.spec.Interpreters;
import jpm.spec.SpecException;

/**
 * Turns a spec into the argv the child is executed with (no shell in between), checking on the
 * way that the script, cwd and interpreter exist, so a mistake is refused with a message naming
 * the path before anything is registered.
 */
public final class CommandResolver {
    private final String searchPath;

    /** @param searchPath the PATH used to find bare commands and interpreters */
    public CommandResolver(String searchPath) {
        this.searchPath = searchPath == null ? "/usr/local/bin:/usr/bin:/bin" : searchPath;
    }

    public List<String> resolve(AppSpec app) {
        Launch spec = app.launch();
        String name = app.name();
        Path cwd = Path.of(spec.cwd());
        if (!Files.isDirectory(cwd)) {
            throw new SpecException("app '" + name + "': cwd " + cwd + " does not exist or is not a directory");
        }
        Path script = cwd.resolve(spec.script()).normalize();
        List<String> interpreter = Interpreters.forScript(spec.script(), spec.interpreter());
        List<String> argv = new ArrayList<>();
        if (Files.exists(script)) {
            if (Files.isDirectory(script)) {
                throw new SpecException("app '" + name + "': script " + script + " is a directory, not a file");
            }
            if (interpreter.isEmpty()) {
                if (!Files.isExecutable(script)) {
                    throw new SpecException("app '" + name + "': script " + script
                            + " is not executable: chmod +x it, or name an interpreter (--interpreter)");
                }
                argv.add(script.toString());
            } else {
                if (!Files.isReadable(script)) {
                    throw new SpecException("app '" + name + "': script " + script + " is not readable");
                }
                argv.add(findProgram(interpreter.getFirst(), name, spec, "interpreter"));
                argv.addAll(interpreter.subList(1, interpreter.size()));
                argv.addAll(spec.interpreterArgs());
                argv.add(script.toString());
            }
        } else if (spec.script().contains("/")) {
            throw new SpecException("app '" + name + "': script " + script + " not found");
        } else {
            Optional<Path> cmd = onPath(spec.script());
            if (cmd.isEmpty()) {
                throw new SpecException("app '" + name + "': script '" + spec.script() + "' not found: no file "
                        + script + " and no command '" + spec.script() + "' on PATH");
            }
            if (spec.interpreter() != null && !spec.interpreter().equals(Interpreters.NONE)) {
                argv.add(findProgram(spec.interpreter(), name, spec, "interpreter"));
                argv.addAll(spec.interpreterArgs());
            }
            argv.add(cmd.get().toString());
        }
        argv.addAll(spec.args());
        return List.copyOf(argv);
    }

    private String findProgram(String program, String name, Launch spec, String what) {
        if (program.contains("/")) {
            Path p = Path.of(program);
            if (Files.isExecutable(p) && !Files.isDirectory(p)) return p.toString();
            throw new SpecException("app '" + name + "': " + what + " " + p + " is not an executable file");
        }
        return onPath(program).map(Path::toString).orElseThrow(() -> new SpecException(
                "app '" + name + "': " + what + " '" + program + "' for " + spec.script()
                        + " not found on PATH (" + searchPath + "): install it or set --interpreter"));
    }

    private Optional<Path> onPath(String program) {
        for (String dir : searchPath.split(":")) {
            if (dir.isEmpty()) continue;
            Path p = Path.of(dir, program);
            if (Files.isExecutable(p) && !Files.isDirectory(p)) return Optional.of(p);
        }
        return Optional.empty();
    }
}
