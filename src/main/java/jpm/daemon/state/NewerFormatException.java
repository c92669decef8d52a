package jpm.daemon.state;

import java.io.IOException;

/**
 * A state or dump file written by a newer jpm, in a format this build does not know. It is
 * refused, never set aside or overwritten: the jpm that wrote it can still read it.
 */
public final class NewerFormatException extends IOException {
    public NewerFormatException(String message) {
        super(message);
    }
}
