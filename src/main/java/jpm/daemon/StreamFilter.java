package jpm.daemon;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import jpm.daemon.events.DaemonEvent;
import jpm.daemon.events.Subject;

/**
 * Which events one subscriber gets: its kinds, and the apps or instances its target names. The
 * target reads as every other command's ({@link Targets}), decided once at subscription against
 * the apps there are then, so an app created later under the same name is followed too. A
 * target that names nothing yet follows any app or namespace of that name (and that id) and says
 * so in {@link #note}. Pure.
 *
 * @param scope how the target is matched
 * @param value the name, namespace or id the scope compares (or "namespace/name"), null for all
 * @param types the kinds wanted; empty = all
 * @param note for the subscriber, or null
 */
record StreamFilter(Scope scope, String value, Set<String> types, String note) {
    enum Scope { ALL, APP, NAME, ID, NAMESPACE, ANY }

    /** What the subscriber may name: the kinds of {@link DaemonEvent}, as their {@code type} says them. */
    static final List<String> KINDS = java.util.Arrays.stream(DaemonEvent.class.getPermittedSubclasses())
            .map(c -> jpm.rpc.WireCodec.snake(c.getSimpleName())).toList();

    /** An app the daemon has, as the target is matched against it. */
    record Known(String namespace, String name, Collection<Long> ids) {}

    /**
     * @throws IllegalArgumentException naming an unknown kind, with the known ones
     */
    static StreamFilter of(String target, List<String> types, Collection<Known> apps) {
        for (String t : types) {
            if (!KINDS.contains(t)) throw new IllegalArgumentException("unknown event type '" + t + "'; known types: " + String.join(", ", KINDS));
        }
        Set<String> kinds = Set.copyOf(types);
        if (target == null || target.equals("all")) return new StreamFilter(Scope.ALL, null, kinds, null);
        if (target.indexOf('/') > 0) {
            boolean known = apps.stream().anyMatch(a -> target.equals(a.namespace() + "/" + a.name()));
            return new StreamFilter(Scope.APP, target, kinds, known ? null : nothingYet(target));
        }
        if (apps.stream().anyMatch(a -> a.name().equals(target))) return new StreamFilter(Scope.NAME, target, kinds, null);
        if (isId(target) && apps.stream().anyMatch(a -> a.ids().contains(Long.parseLong(target)))) {
            return new StreamFilter(Scope.ID, target, kinds, null);
        }
        if (apps.stream().anyMatch(a -> a.namespace().equals(target))) return new StreamFilter(Scope.NAMESPACE, target, kinds, null);
        return new StreamFilter(Scope.ANY, target, kinds, nothingYet(target));
    }

    private static String nothingYet(String target) {
        return "no app, namespace or instance is '" + target + "' yet; its events show when one is";
    }

    private static boolean isId(String s) {
        return !s.isEmpty() && s.length() < 19 && s.chars().allMatch(Character::isDigit);
    }

    boolean test(DaemonEvent e) {
        if (!types.isEmpty() && !types.contains(e.type())) return false;
        Subject s = e.subject();
        return switch (scope) {
            case ALL -> true;
            case APP -> value.equals(s.namespace() + "/" + s.name());
            case NAME -> value.equals(s.name());
            case ID -> s.id() != null && value.equals(s.id().toString());
            case NAMESPACE -> value.equals(s.namespace());
            case ANY -> value.equals(s.name()) || value.equals(s.namespace()) || s.id() != null && value.equals(s.id().toString());
        };
    }
}
