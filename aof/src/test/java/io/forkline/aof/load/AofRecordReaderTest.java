package io.forkline.aof.load;

import io.forkline.engine.command.Arguments;
import io.forkline.snapshot.io.BufferSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AofRecordReaderTest {

    private static AofRecordReader reader(byte[] bytes) {
        return new AofRecordReader(new BufferSource(bytes), bytes.length);
    }

    private static AofRecordReader reader(String text) {
        return reader(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Every command in the input, as argument lists. */
    private static List<List<String>> readAll(AofRecordReader reader) throws IOException {
        List<List<String>> commands = new ArrayList<>();
        Arguments args = new Arguments();
        while (reader.next(args)) {
            List<String> command = new ArrayList<>();
            for (int i = 0; i < args.count(); i++) {
                command.add(new String(args.bytes(i), StandardCharsets.ISO_8859_1));
            }
            commands.add(command);
        }
        return commands;
    }

    @Test
    void readsCommandsBinaryAndEmptyArgumentsAndSkipsAnnotations() throws IOException {
        byte[] binary = {0, '\r', '\n', (byte) 0xff};
        Resp resp = new Resp().raw("#TS:1700000000\r\n").add("SET", "k", "v").raw("*3\r\n$3\r\nSET\r\n$1\r\nb\r\n$4\r\n").raw(binary)
                .raw("\r\n").add("SET", "", "empty").raw("#TS:1700000001\r\n");
        AofRecordReader reader = reader(resp.bytes());
        List<List<String>> commands = readAll(reader);
        assertThat(commands).hasSize(3);
        assertThat(commands.get(0)).containsExactly("SET", "k", "v");
        assertThat(commands.get(1).get(2).getBytes(StandardCharsets.ISO_8859_1)).isEqualTo(binary);
        assertThat(commands.get(2)).containsExactly("SET", "", "empty");
        assertThat(reader.annotations()).isEqualTo(2);
        assertThat(reader.position()).isEqualTo(resp.size());
    }

    @Test
    void recordStartAndPositionFrameEachRecord() throws IOException {
        String first = Resp.command("SET", "a", "1");
        String second = Resp.command("DEL", "a");
        AofRecordReader reader = reader("#x\n" + first + second);
        Arguments args = new Arguments();
        assertThat(reader.next(args)).isTrue();
        assertThat(reader.recordStart()).isEqualTo(3);
        assertThat(reader.position()).isEqualTo(3 + first.length());
        assertThat(reader.next(args)).isTrue();
        assertThat(reader.recordStart()).isEqualTo(3 + first.length());
        assertThat(reader.next(args)).isFalse();
    }

    @Test
    void anAnnotationTheInputEndsInsideIsSkipped() throws IOException {
        assertThat(readAll(reader(Resp.command("PING") + "#TS:17"))).hasSize(1);
    }

    /** Each framing error, the offset of the wrong byte and what the message says was expected. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "X|0|'*' starting a command|'X'",
        "$3\\r\\nfoo\\r\\n|0|'*' starting a command|'$'",
        "\\r\\n|0|'*' starting a command|'\\r'",
        "*\\r\\n|1|an argument count (decimal digits)|'\\r'",
        "*0\\r\\n|1|an argument count of at least 1|0",
        "*-1\\r\\n|1|an argument count (decimal digits)|'-'",
        "* 1\\r\\n|1|an argument count (decimal digits)|' '",
        "*2x\\r\\n|2|a digit or \"\\r\\n\" ending an argument count|'x'",
        "*2\\n|2|a digit or \"\\r\\n\" ending an argument count|'\\n'",
        "*2\\rx|3|'\\n' after '\\r' ending an argument count|'x'",
        "*99999999999\\r\\n|1|an argument count of at most 2147483647|a longer number",
        "*1\\r\\n:3\\r\\n|4|'$' starting argument 1 of 1|':'",
        "*2\\r\\n$1\\r\\na\\r\\n*1\\r\\n|11|'$' starting argument 2 of 2|'*'",
        "*1\\r\\n$a\\r\\n|5|an argument length (decimal digits)|'a'",
        "*1\\r\\n$-1\\r\\n|5|an argument length (decimal digits)|'-'",
        "*1\\r\\n$3 \\r\\nabc\\r\\n|6|a digit or \"\\r\\n\" ending an argument length|' '",
        "*1\\r\\n$99999999999\\r\\n|5|an argument length of at most 2147483631|a longer number",
        "*1\\r\\n$3\\r\\nabcXY|11|\"\\r\\n\" after the 3 bytes of argument 1|'X'",
        "*1\\r\\n$3\\r\\nabcd\\r\\n|11|\"\\r\\n\" after the 3 bytes of argument 1|'d'",
        "*1\\r\\n$3\\r\\nabc\\rY|12|\"\\r\\n\" after the 3 bytes of argument 1|'Y'",
        "`*1\\r\\n$2\\r\\nab\\r\\n\u0001`|12|'*' starting a command|byte 0x01",
    })
    void framingErrorsNameTheOffsetAndWhatWasExpected(String input, long offset, String expected, String actual) {
        String text = input.replace("\\r", "\r").replace("\\n", "\n");
        assertThatThrownBy(() -> readAll(reader(text)))
                .isInstanceOfSatisfying(AofFormatException.class, e -> {
                    assertThat(e.offset()).isEqualTo(offset);
                    assertThat(e.expected()).startsWith(expected.replace("\\r", "\\r").replace("\\n", "\\n"));
                    assertThat(e.actual()).isEqualTo(actual);
                    assertThat(e.getMessage()).startsWith("at offset " + offset + ": expected ");
                });
    }

    @Test
    void everyProperPrefixOfARecordIsTruncationAtThatRecord() throws IOException {
        String before = Resp.command("SET", "a", "1");
        String record = Resp.command("RPUSH", "list", "x", "yz");
        String text = before + record;
        for (int cut = before.length() + 1; cut < text.length(); cut++) {
            AofRecordReader reader = reader(text.substring(0, cut));
            Arguments args = new Arguments();
            assertThat(reader.next(args)).isTrue();
            int at = cut;
            assertThatThrownBy(() -> reader.next(args))
                    .as("cut at %d", cut)
                    .isInstanceOfSatisfying(AofTruncatedException.class, e -> {
                        assertThat(e.recordStart()).isEqualTo(before.length());
                        assertThat(e.offset()).isEqualTo(at);
                    });
        }
        AofRecordReader whole = reader(text);
        assertThat(readAll(whole)).hasSize(2);
    }

    @Test
    void aLengthPastTheEndIsTruncationWithoutReadingIt() {
        String text = Resp.command("SET", "k", "v") + "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$2000000000\r\nab";
        assertThatThrownBy(() -> readAll(reader(text)))
                .isInstanceOfSatisfying(AofTruncatedException.class, e -> {
                    assertThat(e.recordStart()).isEqualTo(Resp.command("SET", "k", "v").length());
                    assertThat(e.offset()).isEqualTo(text.length());
                    assertThat(e.expected()).contains("2000000000 bytes of argument 3 of 3");
                });
    }
}
