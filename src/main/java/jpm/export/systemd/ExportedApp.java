package jpm.export.systemd;

import java.util.List;
import jpm.ecosystem.AppOrigin;
import jpm.ecosystem.AppSpec;

/**
 * An app to export: its definition, where the file wrote it, and its command line as jpm would
 * run it on this machine (resolved by the caller: the interpreter by extension, absolute paths).
 */
public record ExportedApp(AppSpec spec, AppOrigin origin, List<String> argv) {
    public ExportedApp {
        argv = List.copyOf(argv);
    }
}
