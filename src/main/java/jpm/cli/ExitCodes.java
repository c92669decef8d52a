package jpm.cli;

/** Every exit code of the CLI is decided here (docs/cli.md). */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int FAILURE = 1;
    /** Bad usage or an invalid app definition. */
    public static final int USAGE = 2;
    public static final int DAEMON_UNREACHABLE = 3;

    private ExitCodes() {}
}
