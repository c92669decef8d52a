package jpm.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.Consumer;

/**
 * A file of JPM_HOME that does not parse (state.json, a revision file): moved aside as
 * {@code <file>.corrupt}, so that a person can look at it and the next write does not overwrite
 * it, and logged. The daemon runs on: damage never stops it.
 */
final class DamagedFile {
    private DamagedFile() {}

    /** @param then what the daemon does instead, appended to the log line (", trying the backup") */
    static void setAside(Path p, Exception why, String then, Consumer<String> log) {
        Path aside = p.resolveSibling(p.getFileName() + ".corrupt");
        log.accept(p + " is damaged (" + why.getMessage() + "): moved to " + aside + then);
        try {
            Files.move(p, aside, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException moveFailed) {
            log.accept("cannot move " + p + " aside: " + moveFailed.getMessage());
        }
    }
}
