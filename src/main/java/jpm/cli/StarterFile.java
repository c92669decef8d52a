package jpm.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The starter ecosystem file of {@code jpm init}: one app, with the attributes people change
 * first written out and the next ones commented, and a first line that points editors with the
 * YAML language server (VS Code's YAML extension, Neovim, Helix, ...) at jpm's schema, so they
 * complete and check attributes as they are typed. Pure, apart from finding the shipped schema.
 */
final class StarterFile {
    /** The schema's {@code $id} (schemas/ecosystem.schema.json): stable across versions. */
    static final String SCHEMA_ID = "https://jpm.dev/schemas/ecosystem.schema.json";

    private StarterFile() {}

    /**
     * The schema shipped with this jpm, {@code schemas/ecosystem.schema.json} beside the directory
     * of its jar (a checkout's target/jpm.jar or an install's lib/jpm.jar), as an absolute path;
     * else {@link #SCHEMA_ID}.
     */
    static String shippedSchema(String classPath) {
        if (classPath != null && classPath.endsWith(".jar") && !classPath.contains(java.io.File.pathSeparator)) {
            Path jar = Path.of(classPath).toAbsolutePath().normalize();
            Path parent = jar.getParent() == null ? null : jar.getParent().getParent();
            if (parent != null) {
                Path schema = parent.resolve("schemas").resolve("ecosystem.schema.json");
                if (Files.isRegularFile(schema)) return schema.toString();
            }
        }
        return SCHEMA_ID;
    }

    /** The file's text, its schema line pointing at {@code schema} (a path or a URL); {@code name}: its file name. */
    static String text(String schema, String name) {
        return """
                # yaml-language-server: $schema=%1$s
                # The apps jpm runs (docs/ecosystem.md has every attribute). The line above lets editors
                # with the YAML language server complete and check this file against jpm's schema.
                #
                #   jpm validate %2$s   # check it
                #   jpm diff %2$s       # what apply would change
                #   jpm apply %2$s      # start what is missing, restart what changed
                #   jpm ls   # what runs
                apps:
                  - name: web                  # the app's name, for jpm ls, logs, restart web ...
                    # A file (relative to cwd), a command on PATH, or a command line split like a shell.
                    script: python3 -m http.server 8080 --bind 127.0.0.1
                    # cwd: .                   # relative to this file's directory (the default)
                    instances: 1               # a number, or "max" for one per CPU
                    env:                       # the app's environment: this, plus jpm's own JPM_* variables
                      PYTHONUNBUFFERED: "1"
                    # env_production:          # merged over env by `jpm apply %2$s --env production`
                    #   PYTHONUNBUFFERED: "0"
                    autorestart: true          # start it again when it exits
                    max_restarts: 16           # errored after this many quick restarts in a row
                    restart_delay: 1s          # wait this long before a restart
                    # max_memory_restart: 300M # restart it when its memory is over this
                    # health:                  # a probe on each instance: http, tcp or exec
                    #   http: http://127.0.0.1:8080/
                    #   interval: 10s
                    # depends_on: [db]         # started once db is (db being another app of this file)
                    # watch: true              # restart when a file under cwd changes
                    # cron_restart: "0 4 * * *"  # restart every day at 04:00
                    # log_date_format: "YYYY-MM-DD HH:mm:ss"  # time stamps in the app's log lines
                """.formatted(schema, name);
    }
}
