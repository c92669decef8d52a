package jpm.export.systemd;

import jpm.ecosystem.AppSpec;

/** The names of an app's units, all from {@code jpm-<namespace>-<name>}, escaped for systemd. Pure. */
final class UnitNames {
    private UnitNames() {}

    /** {@code jpm-<namespace>-<name>}: the stem of every unit of the app. */
    static String base(AppSpec app) {
        return "jpm-" + SystemdQuoting.unitNamePart(app.namespace()) + "-" + SystemdQuoting.unitNamePart(app.name());
    }

    static String template(AppSpec app) {
        return base(app) + "@.service";
    }

    static String instance(AppSpec app, int i) {
        return base(app) + "@" + i + ".service";
    }

    static String timer(AppSpec app) {
        return base(app) + "-cron.timer";
    }

    static String cronService(AppSpec app) {
        return base(app) + "-cron.service";
    }

    /** The EnvironmentFile, installed under {@code %E/jpm/} (/etc/jpm, or ~/.config/jpm for a user manager). */
    static String environmentFile(AppSpec app) {
        return base(app) + ".env";
    }

    /** A duration as systemd reads it: whole seconds as {@code 5s}, else milliseconds. */
    static String duration(long ms) {
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }
}
