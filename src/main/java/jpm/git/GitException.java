package jpm.git;

/** git could not be run, or did not finish: the message says which and what to do. */
public final class GitException extends Exception {
    public GitException(String message) {
        super(message);
    }
}
