package io.forkline.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class AofCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private int check(String stdin, String... args) {
        out.reset();
        AofCommand.Check check = new AofCommand.Check(new PrintStream(out, true, StandardCharsets.UTF_8),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        return new CommandLine(check).execute(args);
    }

    @Test
    void checksAndFixesAfterAsking(@TempDir Path dir) throws IOException {
        String good = "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n";
        Path file = dir.resolve("appendonly.aof");
        Files.writeString(file, good + "*2\r\n$3\r\nDEL");
        assertThat(check("", file.toString())).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("ok_up_to=" + good.length()).contains("--fix");
        assertThat(check("y\n", "--fix", file.toString())).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Continue? [y/N]");
        assertThat(Files.readString(file)).isEqualTo(good);
        assertThat(check("", file.toString())).isZero();
        assertThat(check("", dir.resolve("nowhere").toString())).isEqualTo(1);
    }

    @Test
    void isASubcommandOfForkline() {
        CommandLine forkline = Forkline.commandLine();
        assertThat(forkline.getSubcommands().get("aof").getSubcommands()).containsKey("check");
    }
}
