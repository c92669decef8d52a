package jpm.export;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which env values of an app are secrets, so an export moves them out of the unit or manifest
 * into a store with tighter access (a Kubernetes Secret, an EnvironmentFile of mode 0600). The
 * name decides (a word such as TOKEN, PASSWORD, SECRET or KEY in it), or the value does when it
 * is a URL with a password in it ({@code postgres://user:pw@db/app}). Erring towards secret
 * costs one indirection; erring the other way leaks a password into a readable file.
 */
public final class SecretNames {
    /** Words of a variable's name that mark its value as a secret. */
    static final Set<String> SECRET_WORDS = Set.of(
            "SECRET", "SECRETS", "PASSWORD", "PASSWD", "PASS", "PASSPHRASE", "TOKEN", "TOKENS", "KEY", "KEYS", "APIKEY",
            "CREDENTIAL", "CREDENTIALS", "CREDS", "AUTH", "PRIVATE", "SALT", "SIGNATURE", "CERT", "COOKIE", "SESSION", "DSN");

    /** scheme://user:password@host: a password in the user information of a URL. */
    private static final Pattern URL_WITH_PASSWORD = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://[^/@\\s:]*:[^/@\\s]+@");

    private SecretNames() {}

    public static boolean isSecret(String name, String value) {
        return nameLooksSecret(name) || (value != null && URL_WITH_PASSWORD.matcher(value).find());
    }

    /** Whether one of the name's words (split at _, -, . and lower-to-upper case changes) marks a secret. */
    static boolean nameLooksSecret(String name) {
        String spaced = name.replaceAll("([a-z0-9])([A-Z])", "$1_$2");
        for (String word : spaced.split("[_.\\-]+")) {
            if (SECRET_WORDS.contains(word.toUpperCase(Locale.ROOT))) return true;
        }
        return false;
    }
}
