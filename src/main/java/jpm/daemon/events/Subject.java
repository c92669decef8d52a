package jpm.daemon.events;

/**
 * What an event is about: an app (id, instance and pid null) or one of its instances.
 *
 * @param pid the instance's main process when the event happened, or null when none ran
 */
public record Subject(String namespace, String name, Long id, Integer instance, Long pid) {
    public static Subject app(String namespace, String name) {
        return new Subject(namespace, name, null, null, null);
    }
}
