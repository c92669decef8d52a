package jpm.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import org.junit.jupiter.api.Test;

class FramesTest {
    @Test
    void writesLengthPrefixedUtf8AndReadsItBack() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Frames.write(Channels.newChannel(out), "{\"é\":1}");
        Frames.write(Channels.newChannel(out), "[]");
        byte[] bytes = out.toByteArray();
        assertThat(ByteBuffer.wrap(bytes).getInt()).isEqualTo(8); // é is two bytes
        ReadableByteChannel in = channel(bytes);
        assertThat(Frames.read(in, Frames.Progress.NONE)).isEqualTo("{\"é\":1}");
        assertThat(Frames.read(in, Frames.Progress.NONE)).isEqualTo("[]");
        assertThat(Frames.read(in, Frames.Progress.NONE)).isNull();
    }

    @Test
    void oversizedAndNegativeLengthsAreRefusedBeforeAllocating() {
        for (int len : new int[] {Frames.MAX_FRAME + 1, Integer.MAX_VALUE, -1, Integer.MIN_VALUE}) {
            byte[] header = ByteBuffer.allocate(4).putInt(len).array();
            assertThatThrownBy(() -> Frames.read(channel(header), Frames.Progress.NONE))
                    .isInstanceOf(WireException.class)
                    .satisfies(e -> assertThat(((WireException) e).code()).isEqualTo(ErrorCode.FRAME_TOO_LARGE));
        }
    }

    @Test
    void aFrameOfExactlyTheLimitIsAccepted() throws Exception {
        byte[] frame = ByteBuffer.allocate(4 + Frames.MAX_FRAME).putInt(Frames.MAX_FRAME).array();
        java.util.Arrays.fill(frame, 4, frame.length, (byte) 'a');
        assertThat(Frames.read(channel(frame), Frames.Progress.NONE)).hasSize(Frames.MAX_FRAME);
    }

    @Test
    void truncatedFramesAreEofNotHangs() {
        byte[] shortHeader = {0, 0};
        assertThatThrownBy(() -> Frames.read(channel(shortHeader), Frames.Progress.NONE)).isInstanceOf(EOFException.class);
        byte[] shortBody = ByteBuffer.allocate(6).putInt(10).put((byte) 'a').put((byte) 'b').array();
        assertThatThrownBy(() -> Frames.read(channel(shortBody), Frames.Progress.NONE)).isInstanceOf(EOFException.class);
    }

    @Test
    void invalidUtf8IsRefused() {
        byte[] bad = ByteBuffer.allocate(6).putInt(2).put((byte) 0xC3).put((byte) 0x28).array();
        assertThatThrownBy(() -> Frames.read(channel(bad), Frames.Progress.NONE)).isInstanceOf(WireException.class)
                .hasMessageContaining("UTF-8");
    }

    @Test
    void reportsWhenAFrameStarts() throws Exception {
        int[] started = {0};
        Frames.read(channel(ByteBuffer.allocate(6).putInt(2).put((byte) '[').put((byte) ']').array()), () -> started[0]++);
        assertThat(started[0]).isEqualTo(1);
        Frames.read(channel(new byte[0]), () -> started[0]++);
        assertThat(started[0]).as("no frame started on a clean end of stream").isEqualTo(1);
    }

    @Test
    void onlyAnApplyBatchGetsTheLargeLimitDecidedFromItsFirstBytes() {
        String[][] rows = {
                {"{\"type\":\"execute\",\"expected_generation\":1", "large"},
                {" { \"type\" : \"execute\"", "large"},
                {"{\n\t\"type\":\r\n\"execute\"}", "large"},
                {"{\"type\":\"ping\"}", "small"},
                {"{\"type\":\"executed\"", "small"}, // the whole quoted word
                {"{\"type\":\"exec", "small"}, // cut short
                {"{\"expected_generation\":1,\"type\":\"execute\"", "small"}, // the codec writes the type first
                {"[\"type\",\"execute\"]", "small"},
                {"{\"type\":\"start\",\"spec\":{", "small"},
                {"", "small"},
                {"garbage", "small"},
        };
        for (String[] row : rows) {
            byte[] b = row[0].getBytes(java.nio.charset.StandardCharsets.UTF_8);
            assertThat(Frames.requestLimit(b, b.length)).as(row[0])
                    .isEqualTo(row[1].equals("large") ? Frames.MAX_FRAME : Frames.MAX_REQUEST_FRAME);
        }
    }

    private static ReadableByteChannel channel(byte[] bytes) {
        return Channels.newChannel(new ByteArrayInputStream(bytes));
    }
}
