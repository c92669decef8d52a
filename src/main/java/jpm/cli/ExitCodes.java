package jpm.cli;

/** Every exit code of the CLI is decided here (docs/cli.md). */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int FAILURE = 1;
    /** Bad usage or an invalid app definition. */
    public static final int USAGE = 2;
    public static final int DAEMON_UNREACHABLE = 3;

    private ExitCodes() {}

    /** The exit code for a daemon's failure code ({@link jpm.rpc.ErrorCode}): the one mapping all commands use. */
    public static int ofFailure(String errorCode) {
        return switch (errorCode) {
            case jpm.rpc.ErrorCode.INVALID_SPEC, jpm.rpc.ErrorCode.BAD_REQUEST -> USAGE;
            case jpm.rpc.ErrorCode.PROTOCOL_MISMATCH, jpm.rpc.ErrorCode.CONNECTION_LOST -> DAEMON_UNREACHABLE;
            default -> FAILURE;
        };
    }
}
