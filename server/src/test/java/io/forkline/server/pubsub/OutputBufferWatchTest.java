package io.forkline.server.pubsub;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Redis's checkClientOutputBufferLimits, second by second. */
class OutputBufferWatchTest {

    private static final OutputBufferLimit LIMIT = new OutputBufferLimit(1000, 100, 60);

    @Test
    void theHardLimitIsExceededAtOnce() {
        OutputBufferWatch watch = new OutputBufferWatch();
        assertThat(watch.exceeded(LIMIT, 999, 1_000)).isFalse();
        assertThat(watch.exceeded(LIMIT, 1000, 1_000)).isTrue();
        assertThat(new OutputBufferWatch().exceeded(LIMIT, 5000, 1_000)).isTrue();
    }

    @Test
    void theSoftLimitMustHoldForMoreThanItsSeconds() {
        OutputBufferWatch watch = new OutputBufferWatch();
        assertThat(watch.exceeded(LIMIT, 100, 1_000)).isFalse();   // first seen: the clock starts
        assertThat(watch.exceeded(LIMIT, 500, 1_030)).isFalse();
        assertThat(watch.exceeded(LIMIT, 500, 1_060)).isFalse();   // exactly 60 s: not yet
        assertThat(watch.exceeded(LIMIT, 500, 1_061)).isTrue();
    }

    @Test
    void droppingBelowTheSoftLimitRestartsTheClock() {
        OutputBufferWatch watch = new OutputBufferWatch();
        watch.exceeded(LIMIT, 200, 1_000);
        assertThat(watch.exceeded(LIMIT, 50, 1_050)).isFalse();
        assertThat(watch.exceeded(LIMIT, 200, 1_070)).isFalse();   // seen again: the clock starts again
        assertThat(watch.exceeded(LIMIT, 200, 1_130)).isFalse();
        assertThat(watch.exceeded(LIMIT, 200, 1_131)).isTrue();
    }

    @Test
    void anEmptyBufferIsNotCheckedAndKeepsTheClock() {
        OutputBufferWatch watch = new OutputBufferWatch();
        watch.exceeded(LIMIT, 200, 1_000);
        assertThat(watch.exceeded(LIMIT, 0, 1_050)).isFalse();
        assertThat(watch.exceeded(LIMIT, 200, 1_061)).isTrue();   // as in Redis, which skips clients with nothing queued
    }

    @Test
    void zeroMeansNoLimit() {
        OutputBufferWatch watch = new OutputBufferWatch();
        assertThat(watch.exceeded(OutputBufferLimit.NONE, Long.MAX_VALUE, 1)).isFalse();
        assertThat(watch.exceeded(OutputBufferLimit.NONE, Long.MAX_VALUE, 1_000_000)).isFalse();
        OutputBufferLimit hardOnly = new OutputBufferLimit(10, 0, 0);
        assertThat(watch.exceeded(hardOnly, 9, 1)).isFalse();
        assertThat(watch.exceeded(hardOnly, 10, 1)).isTrue();
        assertThatThrownBy(() -> new OutputBufferLimit(-1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
