package jpm.rpc;

/** Stable error codes carried by {@link Response.Failure}. */
public final class ErrorCode {
    public static final String BAD_REQUEST = "bad_request";
    public static final String BAD_FRAME = "bad_frame";
    public static final String FRAME_TOO_LARGE = "frame_too_large";
    public static final String PROTOCOL_MISMATCH = "protocol_mismatch";
    public static final String PERMISSION_DENIED = "permission_denied";
    public static final String NOT_FOUND = "not_found";
    public static final String ALREADY_EXISTS = "already_exists";
    public static final String INVALID_SPEC = "invalid_spec";
    public static final String INTERNAL = "internal";
    public static final String SHUTTING_DOWN = "shutting_down";
    public static final String BUSY = "busy";
    /** A subscriber missed more events than its queue holds; its stream ended. */
    public static final String TOO_SLOW = "too_slow";
    /** The daemon's desired state changed between a plan and its execution. */
    public static final String CONFLICT = "conflict";
    /** A reload stopped: a replacement did not become ready; the old processes still serve. */
    public static final String NOT_READY = "not_ready";
    /** {@code send}: an instance of the target cannot take the message now (not running, no channel, full); nothing was sent. */
    public static final String CANNOT_RECEIVE = "cannot_receive";
    /** The change was made, but state.json could not be written (disk full, ...). */
    public static final String STATE_NOT_SAVED = "state_not_saved";
    /** Client side only: the connection broke in the middle of an exchange. */
    public static final String CONNECTION_LOST = "connection_lost";

    private ErrorCode() {}
}
