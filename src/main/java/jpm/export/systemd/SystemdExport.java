package jpm.export.systemd;

import jpm.export.ExportFile;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jpm.ecosystem.AppSpec;
import jpm.ecosystem.CronSchedule;
import jpm.ecosystem.Diagnostic;
import jpm.ecosystem.Diagnostic.Severity;
import jpm.ecosystem.Launch;

/**
 * An ecosystem file's apps as systemd units (docs/export.md, "systemd"): per app a template
 * service, its EnvironmentFile when it has secrets, a drop-in per instance for increment_var, a
 * timer and a oneshot service for cron_restart; for the file a target that wants every instance
 * and timer. Pure: apps and options in, files and findings out.
 */
public final class SystemdExport {
    /**
     * @param files in a stable order: per app its units, then the target
     * @param diagnostics warnings for what does not carry over, errors for what cannot be written
     */
    public record Result(List<ExportFile> files, List<Diagnostic> diagnostics) {
        public Result {
            files = List.copyOf(files);
            diagnostics = List.copyOf(diagnostics);
        }

        public boolean failed() {
            return diagnostics.stream().anyMatch(Diagnostic::isError);
        }
    }

    private SystemdExport() {}

    public static Result of(List<ExportedApp> apps, SystemdOptions options) {
        List<Diagnostic> found = new ArrayList<>();
        Map<String, List<String>> instances = new HashMap<>();
        Map<String, ExportedApp> byUnit = new HashMap<>();
        for (ExportedApp a : apps) {
            AppSpec spec = a.spec();
            List<String> units = new ArrayList<>();
            for (int i = 0; i < spec.instances(); i++) units.add(UnitNames.instance(spec, i));
            instances.put(spec.id(), units);
            ExportedApp same = byUnit.putIfAbsent(UnitNames.base(spec), a);
            if (same != null) {
                found.add(a.origin().at("name", Severity.ERROR, "the units of " + spec.id() + " would be named as those of "
                        + same.spec().id() + " (" + UnitNames.template(spec) + "): rename one"));
            }
        }
        List<ExportFile> files = new ArrayList<>();
        List<String> wanted = new ArrayList<>();
        for (ExportedApp a : apps) {
            AppSpec spec = a.spec();
            unused(a, found);
            ServiceUnit unit = new ServiceUnit(a, options, instances, found::add);
            files.add(new ExportFile(UnitNames.template(spec), unit.render(), false));
            if (!unit.secrets().isEmpty()) files.add(new ExportFile(UnitNames.environmentFile(spec), environmentFile(unit), true));
            files.addAll(incrementDropIns(spec));
            wanted.addAll(instances.get(spec.id()));
            String cron = spec.supervision().triggers().cronRestart();
            if (cron != null && !CronSchedule.isDisabled(cron)) {
                try {
                    String calendar = OnCalendar.of(CronSchedule.parse(cron));
                    files.add(new ExportFile(UnitNames.timer(spec), timer(spec, cron, calendar, options), false));
                    files.add(new ExportFile(UnitNames.cronService(spec), cronService(spec, cron, options), false));
                    wanted.add(UnitNames.timer(spec));
                } catch (OnCalendar.Untranslatable e) {
                    found.add(a.origin().at("cron_restart", Severity.ERROR, "cron_restart '" + cron + "' cannot be a systemd timer: "
                            + e.getMessage()));
                }
            }
        }
        files.add(new ExportFile(options.target() + ".target", target(wanted, options), false));
        // in the order of the file, as the loader's own diagnostics
        found.sort(java.util.Comparator.comparingInt(Diagnostic::line).thenComparingInt(Diagnostic::column));
        return new Result(files, found);
    }

    /** A warning for each attribute the app uses that does not carry over. */
    private static void unused(ExportedApp a, List<Diagnostic> found) {
        for (SystemdAttributes.Row row : SystemdAttributes.all()) {
            if (row.kind() == SystemdAttributes.Kind.WARNING && row.inUse().test(a.spec())) {
                found.add(a.origin().at(row.key(), Severity.WARNING, row.warning()));
            }
        }
    }

    private static String environmentFile(ServiceUnit unit) {
        StringBuilder f = new StringBuilder("# The secret env values of jpm app ").append(ServiceUnit.comment(unit.app().spec().id()))
                .append(": keep this file mode 0600.\n");
        unit.secrets().forEach((k, v) -> f.append(SystemdQuoting.environmentFileLine(k, v)).append('\n'));
        return f.toString();
    }

    /** increment_var: instance N's value is the app's + N, which only a drop-in per instance can say. */
    private static List<ExportFile> incrementDropIns(AppSpec spec) {
        Launch l = spec.launch();
        if (l.incrementVar() == null) return List.of();
        long base;
        try {
            base = Long.parseLong(l.env().getOrDefault(l.incrementVar(), "0").trim());
        } catch (NumberFormatException e) {
            base = 0; // the loader refuses such a value; jpm counts from 0 as well
        }
        List<ExportFile> out = new ArrayList<>();
        for (int i = 0; i < spec.instances(); i++) {
            out.add(new ExportFile(UnitNames.instance(spec, i) + ".d/increment-var.conf",
                    "# increment_var " + ServiceUnit.comment(l.incrementVar()) + ": instance " + i + " gets the app's value + " + i + ".\n"
                            + "[Service]\nEnvironment=" + SystemdQuoting.quoted(l.incrementVar() + "=" + (base + i), false) + "\n", false));
        }
        return out;
    }

    private static String timer(AppSpec spec, String cron, String calendar, SystemdOptions options) {
        return "# cron_restart '" + ServiceUnit.comment(cron) + "' of jpm app " + ServiceUnit.comment(spec.id()) + ", written by `jpm export systemd`.\n"
                + "[Unit]\n"
                + "Description=" + SystemdQuoting.literal("restarts jpm app " + spec.id() + " on " + cron) + "\n"
                + "PartOf=" + options.target() + ".target\n"
                + "\n[Timer]\n"
                + "OnCalendar=" + calendar + "\n"
                + "# jpm restarts on the second; systemd's default accuracy is a minute\n"
                + "AccuracySec=1s\n"
                + "Unit=" + UnitNames.cronService(spec) + "\n";
    }

    private static String cronService(AppSpec spec, String cron, SystemdOptions options) {
        List<String> argv = new ArrayList<>(List.of("systemctl"));
        if (options.userUnits()) argv.add("--user");
        // try-restart: the running instances only, as jpm's cron restarts only what runs
        argv.addAll(List.of("try-restart", UnitNames.base(spec) + "@*.service"));
        return "# Restarts the instances of jpm app " + ServiceUnit.comment(spec.id()) + " for its timer.\n"
                + "[Unit]\n"
                + "Description=" + SystemdQuoting.literal("cron_restart of jpm app " + spec.id()) + "\n"
                + "\n[Service]\n"
                + "Type=oneshot\n"
                + "ExecStart=" + SystemdQuoting.execLine(argv) + "\n";
    }

    private static String target(List<String> wanted, SystemdOptions options) {
        Map<String, Boolean> seen = new LinkedHashMap<>();
        wanted.forEach(w -> seen.put(w, true));
        return "# The apps of " + ServiceUnit.comment(options.file()) + ", written by `jpm export systemd`:\n"
                + "# systemctl " + (options.userUnits() ? "--user " : "") + "enable --now " + options.target() + ".target\n"
                + "[Unit]\n"
                + "Description=" + SystemdQuoting.literal("jpm apps of " + options.file()) + "\n"
                + (seen.isEmpty() ? "" : "Wants=" + String.join(" ", seen.keySet()) + "\n")
                + "\n[Install]\n"
                + "WantedBy=" + (options.userUnits() ? "default.target" : "multi-user.target") + "\n";
    }
}
