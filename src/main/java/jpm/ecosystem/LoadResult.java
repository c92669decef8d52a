package jpm.ecosystem;

import java.util.List;

/**
 * A file that can be applied: its apps in file order, and what the user should still read.
 *
 * @param warnings things jpm ignored or that may not do what the user expects
 * @param infos notes (for example that a .json file was read leniently)
 */
public record LoadResult(List<AppSpec> apps, List<Diagnostic> warnings, List<Diagnostic> infos) {
    public LoadResult {
        apps = List.copyOf(apps);
        warnings = List.copyOf(warnings);
        infos = List.copyOf(infos);
    }
}
