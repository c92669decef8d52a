package jpm.cli;

import java.util.List;
import java.util.stream.Collectors;
import jpm.rpc.Revision;

/**
 * Which revisions {@code jpm rollback} and {@code jpm diff --rev} mean: pure, so every case and
 * its message is a row of a table test. A mistake is a {@link CliException} that lists the
 * revisions there are.
 */
final class RevisionPick {
    /** {@code --rev N} (from the current revision to N) or {@code --rev N..M} (from N to M). */
    record Range(Integer from, int to) {}

    private RevisionPick() {}

    /** The revision a rollback applies: {@code to}, or the one before the current (the last). */
    static Revision rollbackTarget(List<Revision> revisions, Integer to, String file) {
        if (revisions.isEmpty()) throw neverApplied(file);
        Revision current = revisions.getLast();
        if (to == null) {
            if (revisions.size() < 2) {
                throw new CliException(ExitCodes.USAGE, file + " has only revision " + current.number()
                        + ": there is no earlier one to roll back to (see jpm history " + file + ")");
            }
            return revisions.get(revisions.size() - 2);
        }
        return find(revisions, to, file);
    }

    /** Revision {@code n} of the file, or a mistake that lists the ones kept. */
    static Revision find(List<Revision> revisions, int n, String file) {
        if (revisions.isEmpty()) throw neverApplied(file);
        for (Revision r : revisions) {
            if (r.number() == n) return r;
        }
        throw noSuch(revisions, n, file);
    }

    private static CliException noSuch(List<Revision> revisions, int n, String file) {
        String kept = revisions.stream().map(r -> String.valueOf(r.number())).collect(Collectors.joining(", "));
        boolean dropped = n >= 1 && n < revisions.getFirst().number();
        return new CliException(ExitCodes.USAGE, "no revision " + n + " of " + file + (dropped
                ? " any more (only the last " + revisions.size() + " are kept)" : "") + "; there are: " + kept);
    }

    static CliException neverApplied(String file) {
        return new CliException(ExitCodes.USAGE, file + " has no revisions: it was never applied with a change"
                + " (revisions are recorded by jpm apply), or its path differs from the one applied (see jpm history)");
    }

    /** Parses {@code N} or {@code N..M}; anything else is a usage mistake. */
    static Range range(String spec) {
        String s = spec.strip();
        int dots = s.indexOf("..");
        try {
            if (dots < 0) return new Range(null, positive(s, spec));
            return new Range(positive(s.substring(0, dots), spec), positive(s.substring(dots + 2), spec));
        } catch (NumberFormatException e) {
            throw badRange(spec);
        }
    }

    private static int positive(String s, String spec) {
        int n = Integer.parseInt(s.strip());
        if (n < 1) throw badRange(spec);
        return n;
    }

    private static CliException badRange(String spec) {
        return new CliException(ExitCodes.USAGE, "--rev wants a revision number N or a range N..M (see jpm history), got '" + spec + "'");
    }
}
