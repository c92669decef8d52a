package jpm.rpc;

/** The daemon answered with a {@link Response.Failure} where the client needed success. */
public final class RpcException extends RuntimeException {
    private final String code;

    public RpcException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
