package io.forkline.server.resp;

import static io.forkline.server.resp.RequestFeeder.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.forkline.engine.command.Arguments;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Which commands a stream holds: inline quoting as Redis's sdssplitargs reads it, skipped empty requests,
 * and the bytes Redis does not check. Every expectation was checked against redis-server 7.0.15.
 */
class RespRequestParserFramingTest {

    @Test
    void doubleAndSingleQuotesGroupBlanks() throws Exception {
        assertCommands("set \"a b\" 'c d'\r\n", List.of("set", "a b", "c d"));
    }

    @Test
    void hexEscapesInDoubleQuotes() throws Exception {
        assertCommands("\"\\x41\"\r\n", List.of("A"));
        assertCommands("ECHO \"\\x4a\\x4A\" \"\\x00\\xff\"\r\n", List.of("ECHO", "JJ", "\0\u00ff"));
        assertCommands("ECHO \"\\x4\" \"\\xZZ\"\r\n", List.of("ECHO", "x4", "xZZ"));
    }

    @Test
    void backslashEscapesInDoubleQuotes() throws Exception {
        assertCommands("ECHO \"\\n\\r\\t\\b\\a\" \"\\q\\\"\\\\\"\r\n", List.of("ECHO", "\n\r\t\b\u0007", "q\"\\"));
    }

    @Test
    void singleQuotesKnowOnlyTheEscapedQuote() throws Exception {
        assertCommands("ECHO 'x\\'y' 'a\\b' 'a\\n'\r\n", List.of("ECHO", "x'y", "a\\b", "a\\n"));
    }

    @Test
    void quotesMayStartInsideAnArgumentAndCloseBeforeABlank() throws Exception {
        assertCommands("ECHO a\"b c\" x'y z'\r\n", List.of("ECHO", "ab c", "xy z"));
        assertCommands("ECHO \"a\"\u000b\"b\"\f'c'\r\n", List.of("ECHO", "a", "b", "c"));
    }

    @Test
    void emptyQuotedArgumentsAreKept() throws Exception {
        assertCommands("RPUSH k \"\" '' x\r\n", List.of("RPUSH", "k", "", "", "x"));
    }

    @Test
    void verticalTabAndFormFeedAreBlanksBetweenArgumentsButNotInsideThem() throws Exception {
        assertCommands("\u000b\fECHO a\u000bb \fc\r\n", List.of("ECHO", "a\u000bb", "c"));
    }

    @Test
    void aCarriageReturnInsideTheLineSeparatesArguments() throws Exception {
        assertCommands("ECHO a\rb\r\r\n", List.of("ECHO", "a", "b"));
        assertCommands("\rPING\n", List.of("PING"));
    }

    @Test
    void aLineFeedAloneEndsAnInlineLine() throws Exception {
        assertCommands("PING\nECHO x\n", List.of("PING"), List.of("ECHO", "x"));
    }

    @Test
    void bytesAboveAsciiAreOrdinaryArgumentBytes() throws Exception {
        assertCommands("ECHO \u00e9t\u00e9 \"\u00ff\"\n", List.of("ECHO", "\u00e9t\u00e9", "\u00ff"));
    }

    @Test
    void emptyLinesAndBlankLinesAreSkipped() throws Exception {
        assertCommands("\r\n\n  \t\r\nPING\r\n", List.of("PING"));
    }

    @Test
    void countsOfZeroOrLessAreSkipped() throws Exception {
        assertCommands("*0\r\n*-1\r\n*-10\r\n*1\r\n$4\r\nPING\r\n*0\r\n", List.of("PING"));
    }

    @Test
    void multibulkArgumentsAreBinarySafe() throws Exception {
        assertCommands("*3\r\n$3\r\nSET\r\n$0\r\n\r\n$6\r\n\r\n\0*$\"\r\n", List.of("SET", "", "\r\n\0*$\""));
    }

    @Test
    void theTwoBytesAfterABulkAreSkippedUnchecked() throws Exception {
        assertCommands("*1\r\n$4\r\nPINGXY*1\r\n$4\r\nPING\r\n", List.of("PING"), List.of("PING"));
    }

    @Test
    void theByteAfterACountLinesCarriageReturnIsSkippedUnchecked() throws Exception {
        assertCommands("*1\rX$4\rYPING\r\n", List.of("PING"));
    }

    @Test
    void inlineAndMultibulkRequestsMixInOnePipeline() throws Exception {
        assertCommands("PING\r\n*2\r\n$4\r\nECHO\r\n$2\r\nhi\r\nECHO 'there'\n",
                List.of("PING"), List.of("ECHO", "hi"), List.of("ECHO", "there"));
    }

    @Test
    void oneCallParsesOneCommandAndLeavesTheRestInTheBuffer() throws Exception {
        RespRequestParser parser = new RespRequestParser(Limits.DEFAULTS);
        Arguments arguments = new Arguments();
        ByteBuf in = Unpooled.wrappedBuffer(bytes("PING\r\n*1\r\n$4\r\nPING\r\n"));
        assertThat(parser.parse(in, arguments)).isTrue();
        assertThat(in.readerIndex()).isEqualTo(6);
        assertThat(parser.pendingBytes()).isZero();
        assertThat(parser.parse(in, arguments)).isTrue();
        assertThat(in.isReadable()).isFalse();
        assertThat(parser.parse(in, arguments)).isFalse();
    }

    @Test
    void pendingBytesCountTheCommandInProgressOnly() throws Exception {
        RespRequestParser parser = new RespRequestParser(Limits.DEFAULTS);
        Arguments arguments = new Arguments();
        assertThat(parser.parse(Unpooled.wrappedBuffer(bytes("*0\r\n\n*2\r\n$3\r\nGET\r\n$5\r\nab")), arguments)).isFalse();
        assertThat(parser.pendingBytes()).isEqualTo("*2\r\n$3\r\nGET\r\n$5\r\nab".length());
        ByteBuf tail = Unpooled.wrappedBuffer(bytes("cde\r\nPI"));
        assertThat(parser.parse(tail, arguments)).isTrue();
        assertThat(parser.pendingBytes()).isZero();
        assertThat(parser.parse(tail, arguments)).isFalse();
        assertThat(parser.pendingBytes()).isEqualTo(2);
        assertThat(parser.parse(Unpooled.wrappedBuffer(bytes("NG")), arguments)).isFalse();
        assertThat(parser.pendingBytes()).isEqualTo(4);
    }

    @SafeVarargs
    private static void assertCommands(String stream, List<String>... expected) throws Exception {
        byte[] bytes = bytes(stream);
        List<List<String>> commands = new ArrayList<>();
        for (List<String> command : expected) {
            commands.add(command);
        }
        assertThat(RequestFeeder.feedWhole(bytes)).isEqualTo(commands);
        assertThat(RequestFeeder.feedByteByByte(bytes)).isEqualTo(commands);
        assertThat(RequestFeeder.feedRandomly(bytes, new Random(stream.hashCode()), 5)).isEqualTo(commands);
    }
}
