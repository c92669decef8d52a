package jpm.ecosystem;

import java.util.List;

/**
 * A file that can be applied: its apps in file order, and what the user should still read.
 *
 * @param warnings things jpm ignored or that may not do what the user expects
 * @param infos notes (for example that a .json file was read leniently)
 * @param origins where each app was written, in the order of {@code apps}
 */
public record LoadResult(List<AppSpec> apps, List<Diagnostic> warnings, List<Diagnostic> infos, List<AppOrigin> origins) {
    public LoadResult {
        apps = List.copyOf(apps);
        warnings = List.copyOf(warnings);
        infos = List.copyOf(infos);
        origins = List.copyOf(origins);
        if (origins.size() != apps.size()) throw new IllegalArgumentException("an origin per app");
    }
}
