package jpm.ecosystem;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * PM2's whole vocabulary of app attributes, kept as data in {@code schemas/pm2-keys.json}:
 * which written key means which canonical jpm key, and which PM2 keys jpm accepts
 * but does not implement; with jpm's own aliases ({@code healthcheck}), which the schema's
 * {@code x-jpm-aliases} hold. camelCase forms ({@code maxMemoryRestart}) are derived here, as PM2
 * derives them, rather than listed.
 */
public final class Pm2Vocabulary {
    static final String RESOURCE = "schemas/pm2-keys.json";

    /** What a written key is. */
    sealed interface Meaning permits Canonical, Ignored, Unknown {}

    /** A supported key: {@code canonical} is the jpm key it stands for. */
    record Canonical(String canonical, boolean isAlias) implements Meaning {}

    /** A PM2 key jpm accepts and ignores; {@code hint} (may be null) says what to do instead. */
    record Ignored(String pm2Key, String hint) implements Meaning {}

    /** Not a key of PM2 nor jpm; {@code suggestion} is the closest known key, or null. */
    record Unknown(String suggestion) implements Meaning {}

    record Pm2Key(String key, String aliasOf, boolean supported, String hint) {}

    private static volatile Pm2Vocabulary instance;

    private final Set<String> canonical;
    private final Map<String, Pm2Key> pm2Keys;
    /** jpm's own aliases: alias → canonical key. */
    private final Map<String, String> jpmAliases;

    Pm2Vocabulary(Set<String> canonical, Map<String, Pm2Key> pm2Keys, Map<String, String> jpmAliases) {
        this.canonical = Set.copyOf(canonical);
        this.pm2Keys = Collections.unmodifiableMap(new LinkedHashMap<>(pm2Keys));
        this.jpmAliases = Map.copyOf(jpmAliases);
    }

    static Pm2Vocabulary get() {
        Pm2Vocabulary v = instance;
        if (v == null) {
            synchronized (Pm2Vocabulary.class) {
                if (instance == null) instance = new Pm2Vocabulary(EcosystemSchema.get().appKeys(), load(),
                        EcosystemSchema.get().appAliases());
                v = instance;
            }
        }
        return v;
    }

    private static Map<String, Pm2Key> load() {
        Diagnostics d = new Diagnostics(RESOURCE);
        DocNode root = LenientJsonReader.read(EcosystemSchema.resource(RESOURCE), d).root();
        if (d.hasErrors() || !(root instanceof DocNode.MapNode m) || !(m.get("keys") instanceof DocNode.MapNode keys)) {
            throw new IllegalStateException(RESOURCE + " is malformed");
        }
        Map<String, Pm2Key> out = new LinkedHashMap<>();
        keys.entries().forEach((key, e) -> {
            DocNode.MapNode def = (DocNode.MapNode) e.value();
            out.put(key, new Pm2Key(key, text(def.get("alias_of")), "supported".equals(text(def.get("support"))),
                    text(def.get("hint"))));
        });
        return out;
    }

    private static String text(DocNode n) {
        return n instanceof DocNode.ScalarNode s && s.value() instanceof String str ? str : null;
    }

    Map<String, Pm2Key> pm2Keys() {
        return pm2Keys;
    }

    Meaning meaning(String written) {
        Meaning m = exact(written);
        if (m != null) return m;
        String snake = snakeCase(written);
        if (!snake.equals(written)) {
            m = exact(snake);
            if (m != null) return m;
        }
        return new Unknown(suggestion(written));
    }

    private Meaning exact(String key) {
        if (canonical.contains(key)) return new Canonical(key, false);
        if (isEnvName(key) || isExtension(key)) return new Canonical(key, false);
        String aliasOf = jpmAliases.get(key);
        if (aliasOf != null) return new Canonical(aliasOf, true);
        Pm2Key k = pm2Keys.get(key);
        if (k == null) return null;
        if (!k.supported()) return new Ignored(k.aliasOf() == null ? key : k.aliasOf(), k.hint());
        return new Canonical(k.aliasOf() == null ? key : k.aliasOf(), k.aliasOf() != null);
    }

    /** {@code env_<name>}: the variables {@code --env <name>} merges over {@code env}. */
    static boolean isEnvName(String key) {
        return key.startsWith("env_") && key.length() > 4;
    }

    /**
     * {@code x-<name>}: an extension block, kept as written for the tools that read it
     * ({@code x-kubernetes} for {@code jpm export}) and never bound to the app, so no change of
     * one restarts anything. The schema checks the blocks it describes.
     */
    public static boolean isExtension(String key) {
        return key.startsWith("x-") && key.length() > 2;
    }

    /**
     * camelCase to snake_case: PM2's {@code maxMemoryRestart} → {@code max_memory_restart}. Also
     * the naming rule of the wire protocol (jpm.rpc.WireCodec), which is why it is public.
     */
    public static String snakeCase(String key) {
        StringBuilder sb = new StringBuilder(key.length() + 4);
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (Character.isUpperCase(c)) {
                if (i > 0) sb.append('_');
                sb.append(Character.toLowerCase(c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** The known key closest to a mistyped one (edit distance), if close enough to be a typo. */
    String suggestion(String written) {
        String w = snakeCase(written).toLowerCase(Locale.ROOT).replace('-', '_');
        List<String> known = new ArrayList<>(new TreeSet<>(canonical));
        known.addAll(pm2Keys.keySet());
        known.addAll(new TreeSet<>(jpmAliases.keySet()));
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = editDistance(w, k.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        int allowed = Math.max(2, w.length() / 4);
        return bestDistance <= allowed ? best : null;
    }

    /** Levenshtein distance, two rows. */
    static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
