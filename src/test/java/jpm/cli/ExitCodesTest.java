package jpm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import jpm.rpc.ErrorCode;
import org.junit.jupiter.api.Test;

class ExitCodesTest {
    @Test
    void everyFailureCodeMapsToOneExitCode() {
        assertThat(ExitCodes.ofFailure(ErrorCode.INVALID_SPEC)).isEqualTo(ExitCodes.USAGE);
        assertThat(ExitCodes.ofFailure(ErrorCode.BAD_REQUEST)).isEqualTo(ExitCodes.USAGE);
        assertThat(ExitCodes.ofFailure(ErrorCode.PROTOCOL_MISMATCH)).isEqualTo(ExitCodes.DAEMON_UNREACHABLE);
        assertThat(ExitCodes.ofFailure(ErrorCode.CONNECTION_LOST)).isEqualTo(ExitCodes.DAEMON_UNREACHABLE);
        for (String c : new String[] {ErrorCode.NOT_FOUND, ErrorCode.ALREADY_EXISTS, ErrorCode.CONFLICT, ErrorCode.PERMISSION_DENIED,
                ErrorCode.BUSY, ErrorCode.INTERNAL, ErrorCode.SHUTTING_DOWN}) {
            assertThat(ExitCodes.ofFailure(c)).as(c).isEqualTo(ExitCodes.FAILURE);
        }
    }
}
