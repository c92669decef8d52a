package jpm.export.systemd;

/**
 * How units are written.
 *
 * @param userUnits for a user manager ({@code systemctl --user}): no User=, WantedBy=default.target
 * @param user for system units, User= of an app without {@code uid}: the user who runs the export
 * @param file the ecosystem file, named in the units' comments
 * @param target the target's name without {@code .target}, from the file's name
 */
public record SystemdOptions(boolean userUnits, String user, String file, String target) {}
