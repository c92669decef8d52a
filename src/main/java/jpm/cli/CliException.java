package jpm.cli;

/** A failure to report as one line on stderr with a chosen exit code, never a stack trace. */
final class CliException extends RuntimeException {
    final int exitCode;

    CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }
}
