package io.forkline.cli;

import io.forkline.snapshot.io.Crc64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class RdbCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        CommandLine commandLine = new CommandLine(new RdbCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)));
        commandLine.setErr(new java.io.PrintWriter(err, true, StandardCharsets.UTF_8));
        return commandLine.execute(args);
    }

    /** REDIS0010, db 0 holding k = v (expiring at 4102444800000), EOF and CRC64. */
    private static byte[] file() {
        byte[] body = {'R', 'E', 'D', 'I', 'S', '0', '0', '1', '0', (byte) 0xfe, 0, (byte) 0xfc, 0, (byte) 0xd8, (byte) 0xc3, 0x2c,
            (byte) 0xbb, 0x03, 0, 0, 0, 1, 'k', 1, 'v', (byte) 0xff};
        long crc = Crc64.update(0, body, 0, body.length);
        byte[] file = Arrays.copyOf(body, body.length + 8);
        for (int i = 0; i < 8; i++) {
            file[body.length + i] = (byte) (crc >>> (8 * i));
        }
        return file;
    }

    @Test
    void checkReportsAValidFileAndAnInvalidOne(@TempDir Path dir) throws IOException {
        Path valid = dir.resolve("dump.rdb");
        Files.write(valid, file());
        assertThat(run("check", valid.toString())).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("RDB version 10", "Checksum OK", "[info] 1 keys read", "[info] 1 expires");
        out.reset();
        Path cut = dir.resolve("cut.rdb");
        Files.write(cut, Arrays.copyOf(file(), 20));
        assertThat(run("check", cut.toString())).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--- RDB ERROR DETECTED ---", "[offset 20] Unexpected EOF");
    }

    @Test
    void dumpPrintsJsonOrResp(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("dump.rdb");
        Files.write(file, file());
        assertThat(run("dump", file.toString())).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .isEqualTo("{\"db\":0,\"key\":\"k\",\"type\":\"string\",\"expire_at_ms\":4102444800000,\"value\":\"v\"}\n");
        out.reset();
        assertThat(run("dump", file.toString(), "--format", "resp")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n"
                + "*3\r\n$9\r\nPEXPIREAT\r\n$1\r\nk\r\n$13\r\n4102444800000\r\n");
        assertThat(run("dump", file.toString(), "--format", "xml")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown format 'xml': json or resp");
    }

    @Test
    void forklineRegistersTheRdbCommand() {
        assertThat(Forkline.commandLine().getSubcommands().get("rdb").getSubcommands()).containsKeys("check", "dump");
    }
}
