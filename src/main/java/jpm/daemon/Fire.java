package jpm.daemon;

/** Delivers an event to an instance's state machine ({@link Transitions#fire}); what components that notice something are given. */
@FunctionalInterface
interface Fire {
    void fire(Instance inst, Lifecycle.Event event);
}
