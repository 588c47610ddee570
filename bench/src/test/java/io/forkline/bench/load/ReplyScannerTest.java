package io.forkline.bench.load;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplyScannerTest {

    private static final String REPLIES = "+OK\r\n$5\r\nhello\r\n$-1\r\n:42\r\n-ERR wrong\r\n*3\r\n$1\r\na\r\n*2\r\n:1\r\n$-1\r\n+x\r\n"
            + "*0\r\n*-1\r\n_\r\n%1\r\n+k\r\n:2\r\n$0\r\n\r\n";
    private static final List<String> EXPECTED = List.of("+", "$", "$ nil", ":", "- ERR wrong", "*", "*", "* nil", "_ nil", "%", "$");

    /** Each reply is found once, whole, whatever the pieces the bytes arrive in. */
    @Test
    void findsEveryReplyWhateverTheSplit() {
        byte[] bytes = REPLIES.getBytes(StandardCharsets.US_ASCII);
        for (int piece = 1; piece <= bytes.length; piece++) {
            assertThat(scanInPieces(bytes, piece)).as("pieces of %d bytes", piece).isEqualTo(EXPECTED);
        }
    }

    private static List<String> scanInPieces(byte[] bytes, int piece) {
        ReplyScanner scanner = new ReplyScanner();
        List<String> seen = new ArrayList<>();
        ByteBuffer buffer = ByteBuffer.allocate(bytes.length);
        for (int at = 0; at < bytes.length; at += piece) {
            buffer.put(bytes, at, Math.min(piece, bytes.length - at));
            buffer.flip();
            scanner.scan(buffer, (type, nil, error) -> seen.add((char) type + (nil ? " nil" : "") + (error != null ? " " + error : "")));
            buffer.compact();
        }
        assertThat(scanner.midReply()).isFalse();
        assertThat(buffer.position()).as("nothing left over").isZero();
        return seen;
    }

    @Test
    void aLargeBulkSpansManyReads() {
        String value = "v".repeat(100_000);
        byte[] bytes = ("$" + value.length() + "\r\n" + value + "\r\n+OK\r\n").getBytes(StandardCharsets.US_ASCII);
        assertThat(scanInPieces(bytes, 4096)).containsExactly("$", "+");
    }

    @Test
    void refusesWhatIsNotResp() {
        ReplyScanner scanner = new ReplyScanner();
        ByteBuffer junk = ByteBuffer.wrap("HTTP/1.1 400\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> scanner.scan(junk, (type, nil, error) -> { })).hasMessageContaining("unexpected reply type byte 'H'");
        ByteBuffer badLength = ByteBuffer.wrap("$1x\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> new ReplyScanner().scan(badLength, (type, nil, error) -> { })).hasMessageContaining("bad length '1x'");
    }
}
