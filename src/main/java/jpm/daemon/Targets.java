package jpm.daemon;

import java.util.List;

/**
 * Which instances a CLI target names, PM2's way: {@code all}; {@code namespace/name} exactly; an
 * app name (in any namespace); an instance id; else a namespace. Pure, so the precedence is tested without a daemon.
 */
public final class Targets {
    private Targets() {}

    /** What the selection needs to know of an instance. */
    public interface Selectable {
        long id();

        String appName();

        String namespace();
    }

    /** @return the matching instances, empty when nothing matches */
    public static <T extends Selectable> List<T> select(List<T> all, String target) {
        if (target.equals("all")) return all;
        int slash = target.indexOf('/');
        if (slash > 0) {
            // "namespace/name": names cannot hold '/', so this is exact and unambiguous
            String ns = target.substring(0, slash);
            String name = target.substring(slash + 1);
            return all.stream().filter(i -> i.namespace().equals(ns) && i.appName().equals(name)).toList();
        }
        List<T> byName = all.stream().filter(i -> i.appName().equals(target)).toList();
        if (!byName.isEmpty()) return byName;
        if (!target.isEmpty() && target.chars().allMatch(Character::isDigit) && target.length() < 19) {
            long id = Long.parseLong(target);
            List<T> byId = all.stream().filter(i -> i.id() == id).toList();
            if (!byId.isEmpty()) return byId;
        }
        return all.stream().filter(i -> i.namespace().equals(target)).toList();
    }
}
