package jpm.ecosystem;

/** A user mistake in an app definition; the message is shown as is, without a stack trace. */
public class SpecException extends RuntimeException {
    public SpecException(String message) {
        super(message);
    }
}
