package jpm.rpc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jpm.ecosystem.AppSpec;
import jpm.json.Json;

/**
 * One recorded revision of an ecosystem file, as {@code jpm history} shows it (docs/gitops.md).
 *
 * @param number 1, 2, 3... per file
 * @param hash {@link #hashOf} the file's definitions: equal hashes, equal definitions
 * @param time when the daemon recorded it (ISO-8601, UTC)
 * @param user the name of the user whose command made it
 * @param summary the plan's closing line
 * @param apps the definitions; env values are redacted unless the request asked for them
 */
public record Revision(int number, String file, String hash, String time, String user, RevisionSource source, String summary,
                       List<AppSpec> apps) {
    public Revision {
        apps = apps == null ? List.of() : List.copyOf(apps);
    }

    /** The same revision with every env value replaced by {@code <redacted>}, as {@link #redacted(AppSpec)}. */
    public Revision redacted() {
        return new Revision(number, file, hash, time, user, source, summary,
                apps.stream().map(Revision::redacted).toList());
    }

    /** The spec with every env value replaced by {@code <redacted>}: how describe and history show env unless asked. */
    public static AppSpec redacted(AppSpec spec) {
        Map<String, String> env = new TreeMap<>();
        for (String k : spec.launch().env().keySet()) env.put(k, "<redacted>");
        return spec.withLaunch(spec.launch().withEnv(env));
    }

    /**
     * SHA-256 (hex) of the definitions in their wire form: the same for the same resolved apps
     * whatever the file's layout, comments or format, and the same for a rollback as for the
     * revision it restores.
     */
    public static String hashOf(List<AppSpec> apps) {
        List<Object> trees = new ArrayList<>(apps.size());
        for (AppSpec a : apps) trees.add(WireCodec.toTree(a, AppSpec.class));
        String canonical = Json.write(trees);
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The same revision without its definitions (describe shows where an app came from, not the whole file). */
    public Revision withoutApps() {
        return new Revision(number, file, hash, time, user, source, summary, List.of());
    }

    /** The first 12 hex digits, as {@code jpm history} prints it. */
    public String shortHash() {
        return hash == null || hash.length() <= 12 ? hash : hash.substring(0, 12);
    }
}
