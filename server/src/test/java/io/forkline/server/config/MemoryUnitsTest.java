package io.forkline.server.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class MemoryUnitsTest {

    @ParameterizedTest
    @CsvSource({
            "0, 0", "100, 100", "100b, 100", "100B, 100",
            "1k, 1000", "1kb, 1024", "1KB, 1024", "1Kb, 1024",
            "64m, 64000000", "64mb, 67108864", "64MB, 67108864",
            "1g, 1000000000", "1gb, 1073741824", "2Gb, 2147483648",
            "007kb, 7168", "9223372036854775807, 9223372036854775807", "8589934591gb, 9223372035781033984"})
    void readsRedisUnits(String text, long bytes) {
        assertThat(MemoryUnits.parse(text)).hasValue(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "kb", "-1", "-1mb", "+1", " 1", "1 ", "1.5mb", "1kib", "1t", "1tb", "abc",
            "9223372036854775808", "8589934592gb", "99999999999999999999999"})
    void refusesWhatIsNotASizeOrDoesNotFit(String text) {
        assertThat(MemoryUnits.parse(text)).isEmpty();
    }

    @Test
    void formatsWithTheLargestExactUnitAsConfigRewriteDoes() {
        assertThat(MemoryUnits.format(0)).isEqualTo("0");
        assertThat(MemoryUnits.format(64)).isEqualTo("64");
        assertThat(MemoryUnits.format(1000)).isEqualTo("1000");
        assertThat(MemoryUnits.format(1024)).isEqualTo("1kb");
        assertThat(MemoryUnits.format(1536 * 1024)).isEqualTo("1536kb");
        assertThat(MemoryUnits.format(64L << 20)).isEqualTo("64mb");
        assertThat(MemoryUnits.format(3L << 30)).isEqualTo("3gb");
        assertThat(MemoryUnits.format(Long.MAX_VALUE)).isEqualTo("9223372036854775807");
    }

    @Test
    void formattedSizesReadBack() {
        for (long bytes : new long[] {0, 1, 1023, 1024, 4096, 1 << 20, 3L << 30, (1L << 40) + 1, Long.MAX_VALUE}) {
            assertThat(MemoryUnits.parse(MemoryUnits.format(bytes))).hasValue(bytes);
        }
    }
}
