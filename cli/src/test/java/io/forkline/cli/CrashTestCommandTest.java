package io.forkline.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class CrashTestCommandTest {

    @Test
    void durationsTakeUnits() {
        CrashTestCommand.DurationConverter converter = new CrashTestCommand.DurationConverter();
        assertThat(converter.convert("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(converter.convert("2s")).isEqualTo(Duration.ofSeconds(2));
        assertThat(converter.convert("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(converter.convert("3m")).isEqualTo(Duration.ofMinutes(3));
        assertThat(converter.convert("4")).isEqualTo(Duration.ofSeconds(4));
    }

    @Test
    void redisCanOnlyBeKilled(@TempDir Path out) {
        int status = Forkline.commandLine().execute("crash-test", "--target-redis", "--fault", "power-loss", "--out", out.toString());
        assertThat(status).isEqualTo(2);
    }

    @Test
    void aPassingCampaignExitsZeroAndWritesItsReport(@TempDir Path out) {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/redis-server")), "Debian's redis-server is not installed");
        int status = Forkline.commandLine().execute("crash-test", "--target-redis", "--persistence", "aof", "--fsync", "always",
                "--rounds", "1", "--duration", "300ms", "--preload-keys", "1000", "--out", out.toString());
        assertThat(status).isZero();
        assertThat(out.resolve("crash-test.json")).content().contains("\"name\": \"redis:kill/aof/always\"");
    }
}
