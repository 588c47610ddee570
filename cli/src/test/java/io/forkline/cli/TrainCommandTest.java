package io.forkline.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** The launcher's AOT-cache recording run goes through an RDB load and an AOF replay, and says what it loaded. */
class TrainCommandTest {

    @Test
    void theTrainingRunLoadsWhatItWroteFromTheRdbAndFromTheAof() {
        StringWriter out = new StringWriter();
        CommandLine commandLine = Forkline.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        int status = commandLine.execute("train", "--keys", "2000");
        assertThat(status).isZero();
        // 2000 strings, then per group of a thousand: a counter, a list, a hash, a set and a sorted set
        assertThat(out.toString()).contains("forkline train: 7000 keys loaded from the RDB, 7000 from the AOF");
    }
}
