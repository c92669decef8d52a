package jpm.ecosystem;

import java.util.List;
import java.util.Locale;

/**
 * One key of an app in an ecosystem file, as {@link Attributes} defines it: its names, what a
 * change of it does, the record component it binds to, and its line in the reference page.
 *
 * @param key the canonical name in a file (snake_case, PM2's where PM2 has the key);
 *     {@code env_<name>} stands for a family of keys
 * @param onChange what a change of it does to a running app; this also names the record it binds to
 * @param component the component of {@link OnChange#record()} that holds its value (null for an
 *     ignored PM2 key)
 * @param aliases other names PM2 reads as this key ({@code exec} for {@code script}); camelCase
 *     forms are derived by {@link Pm2Vocabulary}, never listed
 * @param pm2 whether PM2 has the key; false for jpm's own ({@code stop_signal}), which
 *     schemas/pm2-keys.json does not list
 * @param type the values it takes, as the reference page says it (markdown; null when ignored)
 * @param fileDefault the default as a file writes it, equal to the schema's {@code default}; null
 *     when no written value means the default (the script's name, the daemon's user, ...)
 * @param defaultDoc the default as the reference page says it (markdown), or null: then
 *     {@code fileDefault} in backquotes, or "none"
 * @param doc one line of markdown: what it does; for an ignored PM2 key, what to do instead
 *     (null: nothing), which schemas/pm2-keys.json holds as the key's hint without backquotes
 */
public record Attribute(
        String key,
        OnChange onChange,
        String component,
        List<String> aliases,
        boolean pm2,
        String type,
        Object fileDefault,
        String defaultDoc,
        String doc) {

    /**
     * What a change of an attribute does to an app that is already running when its file is
     * applied again. The planner decides on the records, which is why each class is one record:
     * a {@link Launch} difference restarts, a {@link Supervision} difference is applied live.
     */
    public enum OnChange {
        /** Another app: (namespace, name) identifies an app. */
        IDENTITY,
        /** Only the difference is started or stopped. */
        SCALE,
        /** The app restarts. */
        RESTART,
        /** Applied without a restart. */
        LIVE,
        /** A PM2 key jpm accepts with a warning and does not implement. */
        IGNORED;

        /** The record whose components attributes of this class bind to; null for {@link #IGNORED}. */
        public Class<? extends Record> record() {
            return switch (this) {
                case IDENTITY, SCALE -> AppSpec.class;
                case RESTART -> Launch.class;
                case LIVE -> Supervision.class;
                case IGNORED -> null;
            };
        }

        /** The name the schema ({@code x-jpm-class}) and the docs give the class. */
        public String schemaName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Attribute {
        aliases = List.copyOf(aliases);
        if ((onChange == OnChange.IGNORED) != (component == null)) {
            throw new IllegalArgumentException(key + ": an attribute has a component exactly when jpm implements it");
        }
    }

    /** Whether the key stands for a family of keys ({@code env_<name>}) rather than one. */
    public boolean isFamily() {
        return key.indexOf('<') >= 0;
    }
}
