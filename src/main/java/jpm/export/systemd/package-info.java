/**
 * {@code jpm export systemd} (docs/export.md, "systemd"): an ecosystem file's apps as systemd
 * template units, a target and timers. {@link jpm.export.systemd.SystemdExport} translates (pure),
 * {@link jpm.export.systemd.SystemdAttributes} says what becomes of each attribute,
 * {@link jpm.export.systemd.OnCalendar} translates cron, {@link jpm.export.systemd.SystemdQuoting}
 * writes values as systemd reads them back (jpm startup's unit uses it too).
 */
package jpm.export.systemd;
