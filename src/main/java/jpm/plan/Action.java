package jpm.plan;

import java.util.List;
import jpm.ecosystem.AppSpec;

/** One step of a plan, with its cause. */
public sealed interface Action {
    /** namespace/name of the app acted on. */
    String app();

    /** The app is in the file but not in the daemon. */
    record Start(AppSpec spec) implements Action {
        public String app() {
            return spec.id();
        }
    }

    /** What the process is changed: its instances restart with the new spec (and take its new size). */
    record Restart(AppSpec spec, List<FieldChange> changes) implements Action {
        public String app() {
            return spec.id();
        }
    }

    /** Only the size changed: start or stop the difference, keep the others. */
    record Scale(AppSpec spec, int from, int to) implements Action {
        public String app() {
            return spec.id();
        }
    }

    /** Only live fields (or the owner) changed: applied without a restart. */
    record Update(AppSpec spec, List<FieldChange> changes) implements Action {
        public String app() {
            return spec.id();
        }
    }

    /** Unchanged, but some instances were stopped by hand or errored: start them again. */
    record Resume(AppSpec spec, int idle) implements Action {
        public String app() {
            return spec.id();
        }
    }

    /** Owned by this file, no longer in it, and --prune given. */
    record Delete(String namespace, String name) implements Action {
        public String app() {
            return namespace + "/" + name;
        }
    }
}
