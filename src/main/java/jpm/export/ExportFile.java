package jpm.export;

/**
 * One file of an export: a unit, a drop-in ({@code name} with a directory, {@code x@1.service.d/y.conf})
 * or an environment file.
 *
 * @param secret an EnvironmentFile holding secret values: written with mode 0600, units 0644
 */
public record ExportFile(String name, String text, boolean secret) {}
