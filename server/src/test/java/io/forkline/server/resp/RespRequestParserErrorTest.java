package io.forkline.server.resp;

import static io.forkline.server.resp.RequestFeeder.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.forkline.engine.command.Arguments;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every protocol error with Redis's exact reply text, and the same error whether the bytes come at once,
 * one at a time or in random chunks. Replies were checked against redis-server 7.0.15.
 */
class RespRequestParserErrorTest {

    private static final int LINE_MAXIMUM = 64 * 1024;

    @ParameterizedTest
    @ValueSource(strings = {"*abc\r\n", "*2147483648\r\n", "*3000000000\r\n", "*+1\r\n", "*01\r\n", "*-0\r\n", "*\r\n",
            "*1 \r\n", "*99999999999999999999\r\n", "*9223372036854775808\r\n", "*-\r\n"})
    void aCountThatIsNoNumberOrAboveIntMaxIsAnInvalidMultibulkLength(String request) {
        assertFails(request, "Protocol error: invalid multibulk length");
    }

    @Test
    void theCountLineNeedsOneByteAfterItsCarriageReturnBeforeItIsJudged() throws Exception {
        assertThat(RequestFeeder.feedWhole(bytes("*x\r"))).isEmpty();
        assertFails("*x\r\n", "Protocol error: invalid multibulk length");
    }

    @Test
    void countsUpToIntMaxAndDownToLongMinAreAccepted() throws Exception {
        assertThat(RequestFeeder.feedWhole(bytes("*2147483647\r\n"))).isEmpty();
        assertThat(RequestFeeder.feedWhole(bytes("*-9223372036854775808\r\n*1\r\n$4\r\nPING\r\n")))
                .containsExactly(List.of("PING"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"$-1\r\n", "$-10\r\n", "$abc\r\n", "$04\r\n", "$\r\n", "$+3\r\n", "$3 \r\n",
            "$9223372036854775808\r\n", "$1048577\r\n"})
    void aLengthThatIsNoNumberNegativeOrAboveTheMaximumIsAnInvalidBulkLength(String lengthLine) {
        assertFails("*2\r\n$3\r\nGET\r\n" + lengthLine, "Protocol error: invalid bulk length", smallLimits());
    }

    /** A whole command in one read is taken in one pass when its lines are plain; any other line is left to the byte loop. */
    @ParameterizedTest
    @ValueSource(strings = {"$04\r\nabcd\r\n", "$+4\r\nabcd\r\n", "$-4\r\nabcd\r\n", "$4 \r\nabcd\r\n",
            "$00000000004\r\nabcd\r\n", "$\r\nabcd\r\n"})
    void aWholeCommandWithAnOddLengthLineFailsAsOneCutUp(String lengthLine) {
        assertFails("*2\r\n$3\r\nGET\r\n" + lengthLine, "Protocol error: invalid bulk length");
    }

    @Test
    void aWholeCommandOverALimitFailsAsOneCutUp() {
        String big = "x".repeat((int) Limits.MINIMUM + 1);
        assertFails("*2\r\n$3\r\nGET\r\n$" + big.length() + "\r\n" + big + "\r\n", "Protocol error: invalid bulk length",
                smallLimits());
        String half = "x".repeat((int) Limits.MINIMUM / 2);
        assertFails("*3\r\n$3\r\nSET\r\n$" + half.length() + "\r\n" + half + "\r\n$" + half.length() + "\r\n" + half + "\r\n",
                QueryBufferLimitException.class, smallLimits());
    }

    @Test
    void aLengthOfExactlyTheMaximumIsAccepted() throws Exception {
        RespRequestParser parser = new RespRequestParser(smallLimits());
        assertThat(parser.parse(buffer("*1\r\n$1048576\r\n"), new Arguments())).isFalse();
    }

    @Test
    void theDefaultMaximumBulkLengthIs512MiB() {
        assertFails("*1\r\n$536870913\r\n", "Protocol error: invalid bulk length");
    }

    @Test
    void somethingOtherThanADollarWhereABulkIsExpectedNamesTheByte() {
        assertFails("*1\r\nfoo\r\n", "Protocol error: expected '$', got 'f'");
        assertFails("*3\r\n$3\r\nSET\r\n$1\r\nx\r\nfooz\r\n", "Protocol error: expected '$', got 'f'");
        assertFails("*1\r\n\u00ff\r\n", "Protocol error: expected '$', got '\u00ff'");
        assertFails("*1\r\n*1\r\n", "Protocol error: expected '$', got '*'");
    }

    @Test
    void aCarriageReturnOrLineFeedInTheExpectedDollarErrorBecomesASpace() {
        assertFails("*1\r\n\r\n", "Protocol error: expected '$', got ' '");
        assertFails("*1\r\n\n\r\n", "Protocol error: expected '$', got ' '");
    }

    @Test
    void aCountLineWithoutItsEndWithin64KiBIsTooBig() throws Exception {
        assertThat(RequestFeeder.feedWhole(bytes("*" + "1".repeat(LINE_MAXIMUM - 1)))).isEmpty();
        assertFails("*" + "1".repeat(LINE_MAXIMUM), "Protocol error: too big mbulk count string");
        assertFails("*1\r\n$" + "1".repeat(LINE_MAXIMUM), "Protocol error: too big bulk count string");
        assertThat(RequestFeeder.feedWhole(bytes("*1\r\n$" + "1".repeat(LINE_MAXIMUM - 1)))).isEmpty();
    }

    @Test
    void aCarriageReturnRightAfter64KiBStillEndsTheLine() {
        assertFails("*" + "1".repeat(LINE_MAXIMUM - 1) + "\r\n", "Protocol error: invalid multibulk length");
    }

    @Test
    void aNulByteHidesTheEndOfACountLineAsStrchrDoesInRedis() throws Exception {
        assertThat(RequestFeeder.feedWhole(bytes("*\0\r\n*1\r\n$4\r\nPING\r\n"))).isEmpty();
        assertFails("*\0\r\n" + "A".repeat(LINE_MAXIMUM), "Protocol error: too big mbulk count string");
        assertFails("*1\r\n$\u00004\r\nPING\r\n" + "x".repeat(LINE_MAXIMUM), "Protocol error: too big bulk count string");
    }

    @Test
    void anInlineLineWithoutALineFeedWithin64KiBIsTooBig() throws Exception {
        assertThat(RequestFeeder.feedWhole(bytes("A".repeat(LINE_MAXIMUM)))).isEmpty();
        assertFails("A".repeat(LINE_MAXIMUM + 1), "Protocol error: too big inline request");
        assertFails("A".repeat(LINE_MAXIMUM + 1) + "\n", "Protocol error: too big inline request");
        assertThat(RequestFeeder.feedWhole(bytes("ECHO " + "A".repeat(LINE_MAXIMUM - 5) + "\n")))
                .containsExactly(List.of("ECHO", "A".repeat(LINE_MAXIMUM - 5)));
    }

    @Test
    void aNulByteHidesTheEndOfAnInlineLine() throws Exception {
        assertThat(RequestFeeder.feedWhole(bytes("$\0PING\r\nPING\r\n"))).isEmpty();
        assertFails("\0" + "A\n".repeat(LINE_MAXIMUM / 2 + 1), "Protocol error: too big inline request");
        assertFails("PI\0NG\n" + "A".repeat(LINE_MAXIMUM), "Protocol error: too big inline request");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ECHO \"unterminated\r\n", "ECHO \"a\"b\r\n", "ECHO 'a''b'\r\n", "ECHO \"a\\\r\n",
            "set \"\"\"test-key\"\"\" test-value\r\n", "ECHO 'abc\n", "ECHO a\"b c\"d\n"})
    void unbalancedQuotesInAnInlineLine(String request) {
        assertFails(request, "Protocol error: unbalanced quotes in request");
    }

    @Test
    void aCommandOverTheQueryBufferLimitClosesTheClientWithItsOwnException() throws Exception {
        Limits limits = smallLimits();
        int exact = (int) Limits.MINIMUM - "*1\r\n$1048560\r\n\r\n".length();
        RespRequestParser parser = new RespRequestParser(limits);
        Arguments arguments = new Arguments();
        assertThat(parser.parse(buffer("*1\r\n$" + exact + "\r\n" + "x".repeat(exact) + "\r\n"), arguments)).isTrue();
        assertThat(arguments.length(0)).isEqualTo(exact);

        String over = "*1\r\n$" + (exact + 1) + "\r\n" + "x".repeat(exact + 1) + "\r\n";
        assertThatThrownBy(() -> parser.parse(buffer(over), arguments))
                .isInstanceOf(QueryBufferLimitException.class)
                .isInstanceOf(ProtocolException.class)
                .satisfies(failure -> {
                    QueryBufferLimitException limit = (QueryBufferLimitException) failure;
                    assertThat(limit.bytes()).isEqualTo(Limits.MINIMUM + 1);
                    assertThat(limit.limit()).isEqualTo(Limits.MINIMUM);
                });
    }

    @Test
    void theQueryBufferLimitCountsTheWholeCommandNotEachArgument() {
        String half = "x".repeat(600_000);
        String request = "*2\r\n$600000\r\n" + half + "\r\n$600000\r\n" + half + "\r\n";
        assertFails(request, QueryBufferLimitException.class, smallLimits());
    }

    @Test
    void aCommandThatCannotFitOneJavaArrayFailsBeforeAnythingIsAllocated() {
        Limits unlimited = new Limits(Long.MAX_VALUE, Long.MAX_VALUE);
        RespRequestParser parser = new RespRequestParser(unlimited);
        assertThatThrownBy(() -> parser.parse(buffer("*1\r\n$3000000000\r\n"), new Arguments()))
                .isInstanceOfSatisfying(QueryBufferLimitException.class, failure -> {
                    assertThat(failure.bytes()).isEqualTo(3_000_000_000L);
                    assertThat(failure.limit()).isEqualTo(RespRequestParser.MAXIMUM_ARGUMENT_BYTES);
                });
    }

    @Test
    void aFailedParserRefusesFurtherInput() {
        RespRequestParser parser = new RespRequestParser(Limits.DEFAULTS);
        Arguments arguments = new Arguments();
        assertThatThrownBy(() -> parser.parse(buffer("*x\r\n"), arguments)).isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> parser.parse(buffer("PING\r\n"), arguments)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aCommandInProgressMustBeFinishedIntoTheSameArguments() throws Exception {
        RespRequestParser parser = new RespRequestParser(Limits.DEFAULTS);
        Arguments first = new Arguments();
        assertThat(parser.parse(buffer("*2\r\n$3\r\nGET\r\n"), first)).isFalse();
        assertThatThrownBy(() -> parser.parse(buffer("$1\r\nk\r\n"), new Arguments()))
                .isInstanceOf(IllegalStateException.class);
        assertThat(parser.parse(buffer("$1\r\nk\r\n"), first)).isTrue();
        assertThat(RequestFeeder.strings(first)).containsExactly("GET", "k");
        assertThat(parser.parse(buffer("PING\r\n"), new Arguments())).isTrue();
    }

    @Test
    void limitsBelowRedisMinimumAreRefused() {
        assertThatThrownBy(() -> new Limits(Limits.MINIMUM - 1, Limits.MINIMUM)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("proto-max-bulk-len");
        assertThatThrownBy(() -> new Limits(Limits.MINIMUM, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("client-query-buffer-limit");
        assertThat(Limits.DEFAULTS).isEqualTo(new Limits(512L << 20, 1L << 30));
    }

    private static Limits smallLimits() {
        return new Limits(Limits.MINIMUM, Limits.MINIMUM);
    }

    private static void assertFails(String request, String message) {
        assertFails(request, message, Limits.DEFAULTS);
    }

    /** The same message whether the bytes come whole, one by one, or in random chunks. */
    private static void assertFails(String request, String message, Limits limits) {
        byte[] stream = bytes(request);
        Random random = new Random(request.hashCode());
        for (int[] chunks : new int[][] {{stream.length}, ones(stream.length), RequestFeeder.randomChunks(stream.length, random, 7)}) {
            assertThatThrownBy(() -> feed(stream, chunks, limits))
                    .isExactlyInstanceOf(ProtocolException.class)
                    .hasMessage(message);
        }
    }

    private static void assertFails(String request, Class<? extends ProtocolException> type, Limits limits) {
        byte[] stream = bytes(request);
        Random random = new Random(request.hashCode());
        for (int[] chunks : new int[][] {{stream.length}, RequestFeeder.randomChunks(stream.length, random, 70_000)}) {
            assertThatThrownBy(() -> feed(stream, chunks, limits)).isExactlyInstanceOf(type);
        }
    }

    private static void feed(byte[] stream, int[] chunks, Limits limits) throws ProtocolException {
        RespRequestParser parser = new RespRequestParser(limits);
        Arguments arguments = new Arguments();
        int from = 0;
        for (int chunk : chunks) {
            ByteBuf in = Unpooled.wrappedBuffer(stream, from, chunk);
            while (parser.parse(in, arguments)) {
                // commands before the error are fine
            }
            from += chunk;
        }
    }

    private static int[] ones(int count) {
        int[] ones = new int[count];
        Arrays.fill(ones, 1);
        return ones;
    }

    private static ByteBuf buffer(String latin1) {
        return Unpooled.wrappedBuffer(bytes(latin1));
    }
}
