package jpm.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jpm.json.Json;
import jpm.rpc.GitCommit;
import jpm.rpc.Request;
import jpm.rpc.Response;
import jpm.rpc.SyncSourceInfo;
import jpm.rpc.WireCodec;
import jpm.sync.SourceName;
import jpm.sync.SourceSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jpm sync add|ls|rm|now}: the repositories the daemon follows (docs/gitops.md). */
@Command(name = "sync", mixinStandardHelpOptions = true,
        description = "Follow a branch of a git repository: the daemon applies its ecosystem file at each new commit.",
        subcommands = {SyncCommand.Add.class, SyncCommand.Ls.class, SyncCommand.Rm.class, SyncCommand.Now.class})
final class SyncCommand extends CommandFamily {

    /** A subcommand: {@link DaemonCommand}'s plumbing and the printing of what looks did. */
    abstract static class Sub extends DaemonCommand {
        /** The sources with what their look did (a Failure: thrown as a CliException); exit 1 when one failed. */
        int printOutcome(Response r) {
            List<SyncSourceInfo> sources = ((Response.SyncSources) ok(r)).sources();
            if (json) {
                out().println(Json.write(SyncText.tree(sources)));
            } else if (sources.isEmpty()) {
                out().print(SyncText.table(sources));
            } else {
                for (SyncSourceInfo s : sources) {
                    out().println(s.name() + ": " + s.lastResult());
                    if (s.error() != null) out().print(SyncText.indent(s.error()));
                    if (s.problem() != null && !s.lastResult().contains(s.problem())) out().println("  " + s.problem());
                }
            }
            out().flush();
            boolean failed = sources.stream().anyMatch(s -> s.state().equals("failed") || s.state().equals("error"));
            return failed ? ExitCodes.FAILURE : ExitCodes.OK;
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Follow a branch of a repository: clone it into JPM_HOME/sync/NAME, apply its file now and at each new commit.")
    static final class Add extends Sub {
        @Parameters(index = "0", paramLabel = "REPO", description = "a URL git can fetch (your git credentials), or a local path")
        String repo;

        @Option(names = "--path", required = true, paramLabel = "FILE", description = "the ecosystem file's path in the repository")
        String path;

        @Option(names = "--branch", defaultValue = "main", description = "the branch to follow (default: main)")
        String branch;

        @Option(names = "--interval", defaultValue = "1m", description = "how often to fetch (default: 1m; 1s to 24h)")
        String interval;

        @Option(names = "--prune", description = "delete apps the file no longer lists, as apply --prune")
        boolean prune;

        @Option(names = "--name", description = "the source's name (default: from the repository's name)")
        String name;

        @Option(names = "--env", paramLabel = "NAME", description = "merge env_<NAME> over env, as apply --env")
        String envName;

        @Override
        public Integer call() throws IOException {
            String url = repo;
            Path local = Path.of(repo);
            if (!repo.contains("://") && Files.isDirectory(local)) url = local.toAbsolutePath().normalize().toString();
            try {
                // said here rather than after a clone: the daemon checks them again
                SourceSettings.interval(interval);
                SourceSettings.path(path);
                SourceName.check(name == null ? SourceName.fromUrl(url) : name);
            } catch (IllegalArgumentException e) {
                throw new CliException(ExitCodes.USAGE, e.getMessage());
            }
            err().println("cloning " + url + " (branch " + branch + ") and applying " + path
                    + "; waiting for its apps to come up...");
            err().flush();
            return printOutcome(ask(new Request.SyncAdd(url, path, branch, interval, prune, name, envName)));
        }
    }

    @Command(name = "ls", aliases = "list", mixinStandardHelpOptions = true, description = "List the sources and how their last look went.")
    static final class Ls extends Sub {
        @Override
        public Integer call() throws IOException {
            List<SyncSourceInfo> sources = ((Response.SyncSources) ok(ask(new Request.SyncList()))).sources();
            if (json) out().println(Json.write(SyncText.tree(sources)));
            else out().print(SyncText.table(sources, java.time.Instant.now()));
            out().flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "rm", aliases = "remove", mixinStandardHelpOptions = true,
            description = "Stop following a source; its apps keep running.")
    static final class Rm extends Sub {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() throws IOException {
            return printDone(ask(new Request.SyncRemove(name)));
        }
    }

    @Command(name = "now", mixinStandardHelpOptions = true,
            description = "Fetch and apply now (one source, or all), and wait for the outcome.")
    static final class Now extends Sub {
        @Parameters(index = "0", arity = "0..1", paramLabel = "NAME")
        String name;

        @Option(names = "--retry", description = "apply the head even if that commit failed before")
        boolean retry;

        @Override
        public Integer call() throws IOException {
            return printOutcome(ask(new Request.SyncNow(name, retry)));
        }
    }

    /** Text and JSON of sources. Pure. */
    static final class SyncText {
        private SyncText() {}

        static List<Object> tree(List<SyncSourceInfo> sources) {
            List<Object> out = new ArrayList<>();
            for (SyncSourceInfo s : sources) out.add(WireCodec.toTree(s, SyncSourceInfo.class));
            return out;
        }

        static String table(List<SyncSourceInfo> sources) {
            return table(sources, null);
        }

        /** @param now what CHECKED counts back from ({@code 4s ago}); null prints the times as they are */
        static String table(List<SyncSourceInfo> sources, java.time.Instant now) {
            if (sources.isEmpty()) return "no sync sources (jpm sync add REPO --path FILE)\n";
            List<List<String>> rows = new ArrayList<>();
            rows.add(List.of("NAME", "STATE", "COMMIT", "BRANCH", "FILE", "EVERY", "CHECKED", "REPOSITORY"));
            StringBuilder notes = new StringBuilder();
            for (SyncSourceInfo s : sources) {
                rows.add(List.of(s.name(), s.state(), GitCommit.shortName(s.commit()), s.branch(), s.path(), Render.duration(s.intervalMs()),
                        ago(s.checkedAt(), now), s.url()));
                if (s.error() != null) {
                    notes.append(s.name()).append(": commit ").append(GitCommit.shortName(s.failedCommit())).append(" failed; ")
                            .append(GitCommit.shortName(s.commit())).append(" runs\n").append(indent(s.error()));
                }
                if (s.problem() != null) notes.append(s.name()).append(": ").append(s.problem()).append('\n');
            }
            return Render.columns(rows) + notes;
        }

        static String ago(String at, java.time.Instant now) {
            if (at == null) return "-";
            if (now == null) return at;
            try {
                long ms = java.time.Duration.between(java.time.Instant.parse(at), now).toMillis();
                return Render.duration(Math.max(0, ms)) + " ago";
            } catch (java.time.format.DateTimeParseException e) {
                return at;
            }
        }

        static String indent(String text) {
            StringBuilder b = new StringBuilder();
            for (String line : text.split("\n")) b.append("  ").append(line).append('\n');
            return b.toString();
        }
    }
}
