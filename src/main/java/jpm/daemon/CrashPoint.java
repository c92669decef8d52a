package jpm.daemon;

/**
 * Test-only crash points. {@code JPM_CRASHPOINT=<name>} (or {@code <name>:<n>} for the n-th time
 * the step is reached) makes the daemon halt at that step exactly as {@code kill -9} would: no
 * shutdown hook, no flush, no cleanup. Tests use it to prove that state.json is readable after a
 * crash at any of these steps and that a re-apply converges without duplicates. Unset (always,
 * outside tests) it costs one string comparison.
 */
final class CrashPoint {
    static final String ENV = "JPM_CRASHPOINT";
    /** A child was spawned; the state that records its pid is not written yet. */
    static final String AFTER_SPAWN = "after-spawn";
    /** Half of state.json's temp file is written (and synced); the rename has not happened. */
    static final String MID_STATE_WRITE = "mid-state-write";
    /** Half of dump.json's temp file is written. */
    static final String MID_DUMP_WRITE = "mid-dump-write";
    /** Half of a revision file's temp file is written (JPM_HOME/revisions). */
    static final String MID_REVISION_WRITE = "mid-revision-write";
    /** The first change of an apply batch of two or more is made; the others are not. */
    static final String MID_APPLY = "mid-apply";
    /** The exit status of a halt, distinct from anything the daemon returns on purpose. */
    static final int HALT_STATUS = 86;

    private static final String ARMED = System.getenv(ENV);
    private static final String NAME;
    private static final int NTH;
    private static int reached;

    static {
        String name = null;
        int nth = 1;
        if (ARMED != null && !ARMED.isBlank()) {
            int colon = ARMED.indexOf(':');
            name = colon < 0 ? ARMED.strip() : ARMED.substring(0, colon).strip();
            if (colon >= 0) {
                try {
                    nth = Math.max(1, Integer.parseInt(ARMED.substring(colon + 1).strip()));
                } catch (NumberFormatException e) {
                    nth = 1;
                }
            }
        }
        NAME = name;
        NTH = nth;
    }

    private CrashPoint() {}

    /** Halts the process here if this step is armed and reached for the n-th time. */
    static synchronized void reach(String step) {
        if (NAME == null || !NAME.equals(step)) return;
        if (++reached < NTH) return;
        System.out.println("crash point " + step + " reached: halting (" + ENV + ")");
        System.out.flush();
        Runtime.getRuntime().halt(HALT_STATUS);
    }
}
