package jpm.rpc;

import java.util.List;
import jpm.ecosystem.AppSpec;

/**
 * The revision part of an apply's {@link Request.Execute}: what the daemon records when it has
 * executed the batch. The daemon adds the number, the hash, the time and the user.
 *
 * @param file the ecosystem file (absolute path; the batch's owner)
 * @param apps every app of the file as loaded (with env values: the store is private to the
 *     user), not only the ones the batch changes, so that a rollback can restore all of them
 * @param source why the apply ran: apply, rollback or sync, and the git commit when known
 * @param summary the plan's closing line ({@code jpm.plan.PlanText#summary})
 */
public record RevisionDraft(String file, List<AppSpec> apps, RevisionSource source, String summary) {
    public RevisionDraft {
        if (file == null || file.isBlank()) throw new IllegalArgumentException("file is required");
        if (source == null) throw new IllegalArgumentException("source is required");
        apps = apps == null ? List.of() : List.copyOf(apps);
    }
}
