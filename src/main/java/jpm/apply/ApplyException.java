package jpm.apply;

/** Apply could not converge: the message names the apps and why. */
public final class ApplyException extends RuntimeException {
    public ApplyException(String message) {
        super(message);
    }
}
