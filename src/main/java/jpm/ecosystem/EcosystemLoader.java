package jpm.ecosystem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jpm.ecosystem.Diagnostic.Severity;
import jpm.ecosystem.DocNode.Position;

/**
 * Reads an ecosystem file (YAML, or JSON read the lenient way PM2 reads it) into validated
 * {@link AppSpec}s, or reports every problem of the file at once as
 * {@code file:line:col: /json/pointer: message} (docs/ecosystem.md, "Diagnostics"; docs/apply.md).
 *
 * <p>The steps: parse to nodes with positions (bounded: size, depth, aliases); find the apps in
 * any of the top-level shapes PM2 files use; rename PM2's aliases and camelCase keys to the
 * canonical ones, warning about PM2 keys jpm ignores and refusing unknown ones with a "did you
 * mean"; validate against {@code schemas/ecosystem.schema.json}; bind to records; check
 * identities across apps. Nothing is applied from a file with an error, so this either returns
 * every app or throws {@link EcosystemException}.
 */
public final class EcosystemLoader {
    /** Larger files are refused before reading: real ecosystem files are a few KiB. */
    public static final int MAX_FILE_BYTES = 4 << 20;

    private static final List<String> TOP_LEVEL_KEYS = List.of("apps", "pm2", "deploy");

    private final int cpus;
    private final RunAs.Accounts accounts;
    private final long selfUid;

    public EcosystemLoader() {
        this(Runtime.getRuntime().availableProcessors());
    }

    /** @param cpus what {@code instances: max}, 0 and negative counts are relative to */
    public EcosystemLoader(int cpus) {
        this(cpus, null, 0);
    }

    /**
     * @param accounts the system's users and groups, to refuse an unknown {@code uid} or
     *     {@code gid} at its line; null checks their form only
     * @param selfUid the uid whose primary group a {@code gid} given alone replaces
     */
    public EcosystemLoader(int cpus, RunAs.Accounts accounts, long selfUid) {
        if (cpus < 1) throw new IllegalArgumentException("cpus must be >= 1");
        this.cpus = cpus;
        this.accounts = accounts;
        this.selfUid = selfUid;
    }

    /**
     * @throws EcosystemException with every diagnostic of the file when it has any error
     */
    public LoadResult load(Path file, LoadOptions options) {
        LoadOptions opts = options == null ? LoadOptions.DEFAULTS : options;
        Diagnostics d = new Diagnostics(file.toString());
        try {
            DocNode root = parse(file, d);
            Path dir = file.toAbsolutePath().normalize().getParent();
            List<CanonicalApp> canonical = new ArrayList<>();
            List<AppSpec> apps = apps(root, d, dir, opts, canonical);
            if (d.hasErrors()) throw new EcosystemException(d.sorted());
            List<AppOrigin> origins = canonical.stream().map(a -> new AppOrigin(file.toString(), a)).toList();
            return new LoadResult(apps, d.sorted(Severity.WARNING), d.sorted(Severity.INFO), origins);
        } catch (Diagnostics.Fatal f) {
            d.error(f.position, null, f.getMessage());
            throw new EcosystemException(d.sorted());
        }
    }

    private static DocNode parse(Path file, Diagnostics d) {
        String fileName = file.getFileName() == null ? "" : file.getFileName().toString();
        String ext = fileName.contains(".") ? fileName.substring(fileName.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT) : "";
        if (ext.equals("js") || ext.equals("cjs") || ext.equals("mjs")) {
            throw new Diagnostics.Fatal(Position.NONE, "jpm does not execute JavaScript ecosystem files; convert it once with"
                    + " `jpm convert " + file + "` (which asks node to print it as JSON and writes YAML), then use that file");
        }
        boolean json = ext.equals("json");
        if (!json && !ext.equals("yaml") && !ext.equals("yml")) {
            throw new Diagnostics.Fatal(Position.NONE, "unsupported file type: an ecosystem file ends with .yaml, .yml or .json");
        }
        String text = read(file);
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') text = text.substring(1);
        if (!json) return YamlReader.read(text, d);
        LenientJsonReader.Result r = LenientJsonReader.read(text, d);
        if (r.firstLeniency() != null) {
            d.info(r.firstLeniency(), null, "read leniently, as PM2 does (it evaluates .json as JavaScript): "
                    + String.join(", ", r.leniencies()) + " are not strict JSON");
        }
        return r.root();
    }

    private static String read(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                throw new Diagnostics.Fatal(Position.NONE, Files.exists(file) ? "not a regular file" : "no such file");
            }
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new Diagnostics.Fatal(Position.NONE, "larger than " + (MAX_FILE_BYTES >> 20) + " MiB; an ecosystem file is a few KiB");
            }
            return Utf8Text.decode(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new Diagnostics.Fatal(Position.NONE, "cannot read: " + e.getMessage());
        }
    }

    private List<AppSpec> apps(DocNode root, Diagnostics d, Path dir, LoadOptions opts, List<CanonicalApp> canonical) {
        Pm2Vocabulary vocabulary = Pm2Vocabulary.get();
        for (Map.Entry<String, DocNode> app : appNodes(root, d).entrySet()) {
            String pointer = app.getKey();
            if (!(app.getValue() instanceof DocNode.MapNode m)) {
                d.error(app.getValue().position(), pointer, "an app must be a map of attributes, found " + DocNode.typeName(app.getValue()));
                continue;
            }
            canonical.add(normalize(canonical.size(), pointer, m, vocabulary, d, opts.strict()));
        }
        for (EcosystemSchema.Violation v : EcosystemSchema.get().validate(canonical)) {
            CanonicalApp.Located at = canonical.get(v.app()).locate(v.path());
            d.error(at.position(), at.pointer(), v.message());
        }
        AppBinder binder = new AppBinder(d, dir, cpus, opts.envName(), accounts, selfUid);
        List<AppBinder.Bound> bound = new ArrayList<>();
        for (CanonicalApp app : canonical) bound.add(binder.bind(app));
        checkIdentities(bound, d);
        new DependsOnBinding(d, new AttributeValues(d)).checkAcross(bound);
        if (opts.envName() != null && canonical.stream().noneMatch(a -> a.fields().containsKey("env_" + opts.envName()))) {
            d.warning(Position.NONE, null, "--env " + opts.envName() + ": no app defines env_" + opts.envName());
        }
        if (canonical.isEmpty() && !d.hasErrors()) d.warning(root == null ? Position.NONE : root.position(), null, "the file defines no apps");
        return bound.stream().map(AppBinder.Bound::spec).filter(s -> s != null).toList();
    }

    /**
     * The app definitions by pointer, from the shapes PM2 files use: {@code apps:} (a list or
     * one app), {@code pm2:} likewise, a bare app, or a bare list of apps. A {@code deploy:}
     * section is ignored with one warning; top-level {@code x-} keys hold YAML anchors.
     */
    private static Map<String, DocNode> appNodes(DocNode root, Diagnostics d) {
        Map<String, DocNode> out = new LinkedHashMap<>();
        switch (root) {
            case null -> d.error(Position.NONE, null, "the file is empty: it defines no apps");
            case DocNode.ListNode l -> addApps(out, "", l);
            case DocNode.ScalarNode s -> d.error(s.position(), "", "expected apps (a map with apps:, one app, or a list of apps), found "
                    + DocNode.typeName(s));
            case DocNode.MapNode m -> {
                DocNode.Entry deploy = m.entries().get("deploy");
                if (deploy != null) {
                    d.warning(deploy.keyPosition(), "/deploy", "PM2's deploy section is ignored: jpm does not deploy");
                }
                String appsKey = m.entries().containsKey("apps") ? "apps" : m.entries().containsKey("pm2") ? "pm2" : null;
                if (appsKey == null) {
                    Map<String, DocNode.Entry> rest = new LinkedHashMap<>(m.entries());
                    rest.keySet().removeIf(k -> k.equals("deploy") || k.startsWith("x-"));
                    if (rest.isEmpty()) d.error(m.position(), "", "no apps: expected apps:, pm2:, an app or a list of apps");
                    else out.put("", new DocNode.MapNode(m.position(), rest));
                    return out;
                }
                for (DocNode.Entry e : m.entries().values()) {
                    String key = e.key();
                    if (key.equals(appsKey) || key.equals("deploy") || key.startsWith("x-")) continue;
                    String msg = key.equals("pm2") || key.equals("apps") ? "give apps in apps: or in pm2:, not both"
                            : "unknown top-level key '" + key + "'" + didYouMean(key);
                    d.error(e.keyPosition(), Diagnostics.child("", key), msg);
                }
                DocNode apps = m.get(appsKey);
                String pointer = "/" + appsKey;
                switch (apps) {
                    case DocNode.ListNode l -> addApps(out, pointer, l);
                    case DocNode.MapNode one -> out.put(pointer, one);
                    case DocNode.ScalarNode s -> d.error(s.position(), pointer, "must be a list of apps or one app, found " + DocNode.typeName(s));
                }
            }
        }
        return out;
    }

    private static void addApps(Map<String, DocNode> out, String pointer, DocNode.ListNode l) {
        for (int i = 0; i < l.items().size(); i++) out.put(Diagnostics.child(pointer, Integer.toString(i)), l.items().get(i));
    }

    private static String didYouMean(String key) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : TOP_LEVEL_KEYS) {
            int dist = Pm2Vocabulary.editDistance(key.toLowerCase(Locale.ROOT), k);
            if (dist < bestDistance) {
                best = k;
                bestDistance = dist;
            }
        }
        return bestDistance <= 2 ? "; did you mean '" + best + "'?" : "";
    }

    /** Renames aliases and camelCase keys to canonical ones; reports ignored and unknown keys. */
    private static CanonicalApp normalize(int index, String pointer, DocNode.MapNode app, Pm2Vocabulary vocabulary,
                                          Diagnostics d, boolean strict) {
        Map<String, CanonicalApp.Field> fields = new LinkedHashMap<>();
        for (DocNode.Entry e : app.entries().values()) {
            String written = e.key();
            String at = Diagnostics.child(pointer, written);
            switch (vocabulary.meaning(written)) {
                case Pm2Vocabulary.Canonical c -> {
                    CanonicalApp.Field other = fields.get(c.canonical());
                    if (other != null) {
                        d.error(e.keyPosition(), at, "'" + written + "' and '" + other.writtenKey() + "' (line "
                                + other.keyPosition().line() + ") both set " + c.canonical() + "; keep one");
                    } else {
                        fields.put(c.canonical(), new CanonicalApp.Field(written, e.keyPosition(), e.value()));
                    }
                }
                case Pm2Vocabulary.Ignored ig -> d.add(strict ? Severity.ERROR : Severity.WARNING, e.keyPosition(), at,
                        "'" + written + "' is a PM2 attribute jpm does not implement; ignored"
                                + (ig.hint() == null ? "" : " (" + ig.hint() + ")"));
                case Pm2Vocabulary.Unknown u -> d.error(e.keyPosition(), at, "unknown key '" + written + "'"
                        + (u.suggestion() == null ? "" : "; did you mean '" + u.suggestion() + "'?"));
            }
        }
        return new CanonicalApp(index, pointer, app.position(), fields);
    }

    /** One (namespace, name) per app, and names that share a log file stem are refused. */
    private static void checkIdentities(List<AppBinder.Bound> bound, Diagnostics d) {
        Map<String, AppBinder.Bound> byId = new HashMap<>();
        Map<String, AppBinder.Bound> byStem = new HashMap<>();
        for (AppBinder.Bound b : bound) {
            if (b.name() == null || b.namespace() == null || AppName.problem(b.name()) != null) continue;
            AppBinder.Bound first = byId.putIfAbsent(b.namespace() + "\0" + b.name(), b);
            if (first != null) {
                d.error(b.namePosition(), b.namePointer(), "app '" + b.name() + "' in namespace '" + b.namespace()
                        + "' is defined twice: at line " + first.namePosition().line() + " and line " + b.namePosition().line());
                continue;
            }
            String stem = AppName.fileStem(b.name());
            AppBinder.Bound sameStem = byStem.putIfAbsent(b.namespace() + "\0" + stem, b);
            if (sameStem != null) {
                d.error(b.namePosition(), b.namePointer(), "apps '" + sameStem.name() + "' (line " + sameStem.namePosition().line()
                        + ") and '" + b.name() + "' (line " + b.namePosition().line() + ") would share the log file name '" + stem
                        + "' in namespace '" + b.namespace() + "'; rename one");
            }
        }
    }
}
