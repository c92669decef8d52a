package jpm.rpc;

/** A frame or message that does not follow the protocol; answered with a Failure, never fatal. */
public final class WireException extends RuntimeException {
    private final String code;

    public WireException(String message) {
        this(ErrorCode.BAD_FRAME, message);
    }

    public WireException(String code, String message) {
        super(message);
        this.code = code;
    }

    /** The {@link ErrorCode} to answer with. */
    public String code() {
        return code;
    }
}
