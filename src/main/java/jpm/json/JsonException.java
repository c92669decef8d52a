package jpm.json;

/** Text that is not valid JSON; the message says what and at which offset. */
public final class JsonException extends RuntimeException {
    public JsonException(String message) {
        super(message);
    }
}
