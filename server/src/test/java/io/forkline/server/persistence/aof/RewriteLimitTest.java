package io.forkline.server.persistence.aof;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RewriteLimitTest {

    final RewriteLimit limit = new RewriteLimit();

    @Test
    void fewerThanThreeFailuresNeverHoldARewriteBack() {
        assertThat(limit.limited(1000, 0)).isFalse();
        assertThat(limit.limited(1000, 2)).isFalse();
    }

    @Test
    void repeatedFailuresWaitOneMinuteThenTwoThenFourUpToAnHour() {
        long now = 10_000;
        assertThat(limit.limited(now, 3)).isTrue();              // the limit starts: 1 minute
        assertThat(limit.limited(now + 59, 3)).isTrue();
        assertThat(limit.limited(now + 60, 3)).isFalse();        // the minute is over: one try
        now += 60;
        assertThat(limit.limited(now, 4)).isTrue();              // failed again: 2 minutes
        assertThat(limit.limited(now + 119, 4)).isTrue();
        assertThat(limit.limited(now + 120, 4)).isFalse();
        now += 120;
        assertThat(limit.limited(now, 5)).isTrue();              // 4 minutes
        assertThat(limit.limited(now + 239, 5)).isTrue();
        assertThat(limit.limited(now + 240, 5)).isFalse();
        for (int i = 0; i < 10; i++) {
            now += 3600;
            limit.limited(now, 6);
            limit.limited(now + 3600, 6);
        }
        assertThat(limit.limited(now + 7200, 6)).isTrue();
        assertThat(limit.limited(now + 7200 + 3599, 6)).isTrue();   // never more than an hour
        assertThat(limit.limited(now + 7200 + 3600, 6)).isFalse();
    }

    @Test
    void aSuccessResetsTheDelays() {
        assertThat(limit.limited(0, 3)).isTrue();
        assertThat(limit.limited(60, 3)).isFalse();
        assertThat(limit.limited(60, 0)).isFalse();   // a rewrite succeeded
        assertThat(limit.limited(61, 3)).isTrue();
        assertThat(limit.limited(61 + 60, 3)).isFalse();   // back to one minute
    }
}
