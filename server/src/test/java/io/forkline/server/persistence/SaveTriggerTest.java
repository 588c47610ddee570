package io.forkline.server.persistence;

import io.forkline.server.config.SavePoint;
import io.forkline.server.config.SaveSchedule;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Redis 7.0's serverCron rule for save points, point by point. */
class SaveTriggerTest {

    private static final SaveSchedule DEFAULT = SaveSchedule.of(new SavePoint(3600, 1), new SavePoint(300, 100), new SavePoint(60, 10000));
    private static final long LAST_SAVE = 1_000_000;

    @Test
    void aPointIsDueOnceItsChangesAreReachedAndItsSecondsStrictlyPassed() {
        assertThat(SaveTrigger.due(DEFAULT, 1, LAST_SAVE + 3600, LAST_SAVE, true, 0)).isNull();
        assertThat(SaveTrigger.due(DEFAULT, 1, LAST_SAVE + 3601, LAST_SAVE, true, 0)).isEqualTo(new SavePoint(3600, 1));
        assertThat(SaveTrigger.due(DEFAULT, 0, LAST_SAVE + 100_000, LAST_SAVE, true, 0)).isNull();
        assertThat(SaveTrigger.due(DEFAULT, 99, LAST_SAVE + 301, LAST_SAVE, true, 0)).isNull();
        assertThat(SaveTrigger.due(DEFAULT, 100, LAST_SAVE + 301, LAST_SAVE, true, 0)).isEqualTo(new SavePoint(300, 100));
        assertThat(SaveTrigger.due(DEFAULT, 10_000, LAST_SAVE + 61, LAST_SAVE, true, 0)).isEqualTo(new SavePoint(60, 10000));
    }

    @Test
    void theFirstPointReachedInConfigurationOrderWins() {
        assertThat(SaveTrigger.due(DEFAULT, 20_000, LAST_SAVE + 4000, LAST_SAVE, true, 0)).isEqualTo(new SavePoint(3600, 1));
    }

    @Test
    void noPointsNeverSave() {
        assertThat(SaveTrigger.due(SaveSchedule.disabled(), Long.MAX_VALUE, Long.MAX_VALUE, 0, true, 0)).isNull();
    }

    @Test
    void afterAFailureTheCronWaitsMoreThanFiveSecondsSinceTheTry() {
        long tried = LAST_SAVE + 5000;
        assertThat(SaveTrigger.due(DEFAULT, 1, tried + 5, LAST_SAVE, false, tried)).isNull();
        assertThat(SaveTrigger.due(DEFAULT, 1, tried + 6, LAST_SAVE, false, tried)).isEqualTo(new SavePoint(3600, 1));
        assertThat(SaveTrigger.mayTry(tried + 1, true, tried)).isTrue();
        assertThat(SaveTrigger.mayTry(tried + 5, false, tried)).isFalse();
        assertThat(SaveTrigger.mayTry(tried + 6, false, tried)).isTrue();
    }
}
