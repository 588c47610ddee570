package io.forkline.aof.load;

import io.forkline.engine.command.Arguments;
import io.forkline.snapshot.io.BufferSource;
import io.forkline.snapshot.io.StreamSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

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

    /**
     * Records of every size, including arguments longer than the reader's 64 KiB window and records across
     * its edges, read from a buffered stream after a prefix another reader took (as after an RDB preamble):
     * each comes out whole, framed at its offsets.
     */
    @Test
    void recordsAcrossTheReadersWindowComeOutWholeAtTheirOffsets() throws IOException {
        for (long seed = 1; seed <= 6; seed++) {
            Random random = new Random(seed);
            Resp resp = new Resp().raw("PREFIX");
            List<List<String>> expected = new ArrayList<>();
            List<Long> starts = new ArrayList<>();
            while (resp.size() < 400_000) {
                int argc = 1 + random.nextInt(4);
                String[] args = new String[argc];
                for (int i = 0; i < argc; i++) {
                    int length = switch (random.nextInt(10)) {
                        case 0 -> 60_000 + random.nextInt(80_000);
                        case 1 -> 1_000 + random.nextInt(9_000);
                        default -> random.nextInt(40);
                    };
                    args[i] = "x".repeat(length) + i;
                }
                starts.add((long) resp.size());
                expected.add(List.of(args));
                resp.add(args);
            }
            byte[] bytes = resp.bytes();
            StreamSource source = new StreamSource(new ByteArrayInputStream(bytes), 1 + random.nextInt(70_000));
            source.readFully(new byte[6], 0, 6);
            AofRecordReader reader = new AofRecordReader(source, bytes.length);
            Arguments args = new Arguments();
            for (int i = 0; i < expected.size(); i++) {
                assertThat(reader.next(args)).as("seed %d, record %d", seed, i).isTrue();
                assertThat(reader.recordStart()).as("seed %d, record %d", seed, i).isEqualTo(starts.get(i));
                List<String> command = new ArrayList<>();
                for (int a = 0; a < args.count(); a++) {
                    command.add(new String(args.bytes(a), StandardCharsets.ISO_8859_1));
                }
                assertThat(command).as("seed %d, record %d", seed, i).isEqualTo(expected.get(i));
            }
            assertThat(reader.next(args)).isFalse();
            assertThat(reader.position()).isEqualTo(bytes.length);
        }
    }

    /** A file shorter than the size it was opened with (cut while being read) ends where its bytes do: a torn record there. */
    @Test
    void aSourceShorterThanTheGivenEndIsTornWhereItEnds() throws IOException {
        String first = Resp.command("SET", "a", "x".repeat(100_000));
        String second = Resp.command("SET", "b", "1");
        byte[] bytes = (first + second).getBytes(StandardCharsets.ISO_8859_1);
        int cut = first.length() + 10;
        StreamSource source = new StreamSource(new ByteArrayInputStream(bytes, 0, cut), 4096);
        AofRecordReader reader = new AofRecordReader(source, bytes.length);
        Arguments args = new Arguments();
        assertThat(reader.next(args)).isTrue();
        assertThatThrownBy(() -> reader.next(args))
                .isInstanceOfSatisfying(AofTruncatedException.class, e -> {
                    assertThat(e.recordStart()).isEqualTo(first.length());
                    assertThat(e.offset()).isEqualTo(cut);
                });
    }
}
