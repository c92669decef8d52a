package jpm.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import jpm.json.Json;
import jpm.json.JsonException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jpm convert ecosystem.config.js}: jpm never executes a JavaScript ecosystem file
 * itself; this asks {@code node} (when installed) to evaluate it and print it as JSON, and
 * writes that as YAML for {@code jpm apply}. Values the JavaScript computed (from
 * {@code process.env}, {@code __dirname}, the home directory, any expression) were computed on
 * this machine, now: each gets a comment saying so and from what ({@link ComputedValues}), found
 * in the source text and by evaluating the file a second time with that environment changed.
 */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = "Turn a PM2 ecosystem.config.js into YAML, by asking node to evaluate it.")
final class ConvertCommand implements Callable<Integer> {
    /**
     * Loads CommonJS or ES modules alike and prints the exported config as JSON. With the
     * argument {@code probe}, first changes what a config may read from its environment: every
     * process.env variable but those a child process needs reads as {@code jpm-probe-env-NAME},
     * the config file's own {@code __dirname}/{@code __filename} (through Module.wrap, which Node
     * lets a loader replace), process.cwd() and os.homedir() are under {@code /jpm-probe}.
     */
    static final String NODE_SCRIPT = """
            const path = require('path'); const url = require('url');
            const file = path.resolve(process.argv[1]);
            if (process.argv[2] === 'probe') {
              const os = require('os'); const Module = require('module'); const fs = require('fs');
              const P = '%1$s';
              const keep = new Set(['PATH', 'SHELL', 'LANG', 'LC_ALL', 'LC_CTYPE', 'TMPDIR', 'TERM', 'NODE_PATH', 'NODE_OPTIONS']);
              process.env = new Proxy(process.env, { get(t, k) { return typeof k === 'string' && !keep.has(k) ? '%2$s' + k : t[k]; } });
              process.cwd = () => P + '/cwd';
              os.homedir = () => P + '/home';
              const source = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
              const wrap = Module.wrap;
              Module.wrap = (script) => {
                const w = wrap(script);
                if (script !== source) return w;
                const i = w.indexOf('{') + 1;
                return w.slice(0, i) + '__filename = ' + JSON.stringify(P + '/dir/' + path.basename(file))
                  + '; __dirname = ' + JSON.stringify(P + '/dir') + ';' + w.slice(i);
              };
            }
            import(url.pathToFileURL(file).href).then(m => {
              const v = (m && m.default !== undefined) ? m.default : m;
              process.stdout.write(JSON.stringify(v));
            }).catch(e => { process.stderr.write(String(e && e.stack || e)); process.exit(1); });
            """.formatted(ComputedValues.PROBE_ROOT, ComputedValues.PROBE_ENV);

    @Parameters(paramLabel = "FILE", description = "a .js, .cjs or .mjs ecosystem file")
    Path file;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT", description = "write the YAML here instead of stdout")
    Path output;

    @Option(names = "--node", defaultValue = "node", description = "the node executable (default: node on PATH)")
    String node;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (!Files.isRegularFile(file)) throw new CliException(ExitCodes.USAGE, "no such file: " + file.toAbsolutePath());
        Evaluation plain = evaluate(false);
        if (!plain.ok()) throw new CliException(ExitCodes.USAGE, "node could not evaluate " + file + ":\n" + plain.text());
        Object tree = parse(plain.text());
        // a config that cannot run with its environment changed (JSON.parse(process.env.X)) is
        // still converted; only the probe's view of what was computed is missing
        Evaluation probe = evaluate(true);
        Object probed = null;
        if (probe.ok()) {
            try {
                probed = Json.parse(probe.text());
            } catch (JsonException e) {
                // as if it had failed
            }
        }
        String source = Files.readString(file, StandardCharsets.UTF_8);
        Map<List<Object>, String> computed = ComputedValues.find(tree, probed, source);
        StringBuilder yaml = new StringBuilder("# converted from " + file.getFileName() + " by `jpm convert`; check it with `jpm validate`\n");
        if (!computed.isEmpty()) {
            yaml.append("# values marked 'computed' were computed by the JavaScript on this machine at conversion: check them\n");
        }
        if (probed == null) {
            yaml.append("# (values computed from the environment in code jpm cannot see, such as another file, are not marked)\n");
        }
        yaml.append(ConvertYaml.dump(tree, computed));
        if (output == null) {
            spec.commandLine().getOut().print(yaml);
            spec.commandLine().getOut().flush();
        } else {
            Files.writeString(output, yaml);
            spec.commandLine().getErr().println("wrote " + output + "; check it with `jpm validate " + output + "`"
                    + (computed.isEmpty() ? "" : " and the " + computed.size() + " values marked 'computed'"));
        }
        return ExitCodes.OK;
    }

    private record Evaluation(boolean ok, String text) {}

    /** node's output (ok) or its error output, for the plain evaluation or the probe. */
    private Evaluation evaluate(boolean probe) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(node, "-e", NODE_SCRIPT, file.toAbsolutePath().toString()));
        if (probe) cmd.add("probe");
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new CliException(ExitCodes.FAILURE, "cannot run '" + node + "' to evaluate " + file
                    + ": install Node.js, or pass --node PATH (" + e.getMessage() + ")");
        }
        p.getOutputStream().close();
        // stderr on its own thread: a config that writes much to it must not block node
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> {
            try {
                return p.getErrorStream().readAllBytes();
            } catch (IOException e) {
                return new byte[0];
            }
        });
        byte[] out = p.getInputStream().readAllBytes();
        try {
            boolean ok = p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
            if (!ok) p.destroyForcibly();
            return new Evaluation(ok, ok ? new String(out, StandardCharsets.UTF_8) : new String(err.join(), StandardCharsets.UTF_8).strip());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.FAILURE, "interrupted");
        }
    }

    private Object parse(String json) {
        try {
            return Json.parse(json);
        } catch (JsonException e) {
            throw new CliException(ExitCodes.USAGE, file + " did not export a JSON-compatible value: " + e.getMessage());
        }
    }
}
