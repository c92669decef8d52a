package jpm.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import jpm.json.Json;
import jpm.json.JsonException;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jpm convert ecosystem.config.js}: jpm never executes a JavaScript ecosystem file
 * itself; this asks {@code node} (when installed) to evaluate it and print it as JSON, and
 * writes that as YAML for {@code jpm apply}.
 */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = "Turn a PM2 ecosystem.config.js into YAML, by asking node to evaluate it.")
final class ConvertCommand implements Callable<Integer> {
    /** Loads CommonJS or ES modules alike and prints the exported config as JSON. */
    static final String NODE_SCRIPT = """
            const path = require('path'); const url = require('url');
            const file = path.resolve(process.argv[1]);
            import(url.pathToFileURL(file).href).then(m => {
              const v = (m && m.default !== undefined) ? m.default : m;
              process.stdout.write(JSON.stringify(v));
            }).catch(e => { process.stderr.write(String(e && e.stack || e)); process.exit(1); });
            """;

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
        ProcessBuilder pb = new ProcessBuilder(List.of(node, "-e", NODE_SCRIPT, file.toAbsolutePath().toString()));
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new CliException(ExitCodes.FAILURE, "cannot run '" + node + "' to evaluate " + file
                    + ": install Node.js, or pass --node PATH (" + e.getMessage() + ")");
        }
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new CliException(ExitCodes.USAGE, "node could not evaluate " + file + ":\n" + err);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.FAILURE, "interrupted");
        }
        Object tree;
        try {
            tree = Json.parse(new String(out, StandardCharsets.UTF_8));
        } catch (JsonException e) {
            throw new CliException(ExitCodes.USAGE, file + " did not export a JSON-compatible value: " + e.getMessage());
        }
        String yaml = "# converted from " + file.getFileName() + " by `jpm convert`; check it with `jpm validate`\n"
                + new Dump(DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).setIndent(2)
                .setIndicatorIndent(2).setIndentWithIndicator(true).build()).dumpToString(tree);
        if (output == null) {
            spec.commandLine().getOut().print(yaml);
            spec.commandLine().getOut().flush();
        } else {
            Files.writeString(output, yaml);
            spec.commandLine().getErr().println("wrote " + output + "; check it with `jpm validate " + output + "`");
        }
        return ExitCodes.OK;
    }
}
