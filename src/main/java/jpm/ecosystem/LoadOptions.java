package jpm.ecosystem;

/**
 * How to read an ecosystem file.
 *
 * @param envName {@code --env <name>}: merge each app's {@code env_<name>} over its {@code env};
 *     null for none
 * @param strict {@code --strict}: PM2 keys jpm does not implement are errors instead of warnings
 */
public record LoadOptions(String envName, boolean strict) {
    public static final LoadOptions DEFAULTS = new LoadOptions(null, false);

    public LoadOptions {
        if (envName != null && envName.isBlank()) envName = null;
    }
}
