package jpm.json;

/** Text that is not valid JSON, or valid JSON over a bound; the message says what and at which offset. */
public class JsonException extends RuntimeException {
    public JsonException(String message) {
        super(message);
    }

    /** Valid so far, but its values would take more memory than the caller allows. */
    public static final class TooHeavy extends JsonException {
        public TooHeavy(String message) {
            super(message);
        }
    }
}
