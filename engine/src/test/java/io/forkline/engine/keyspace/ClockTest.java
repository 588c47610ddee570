package io.forkline.engine.keyspace;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClockTest {

    @Test
    void theWallClockMovesOnByTheWholeMillisecondsElapsedSinceItsReading() {
        Clock wall = Clock.system();
        assertThat(wall.millisAfter(1_000, 0)).isEqualTo(1_000);
        assertThat(wall.millisAfter(1_000, 999_999)).isEqualTo(1_000);
        assertThat(wall.millisAfter(1_000, 2_500_000)).isEqualTo(1_002);
        assertThat(wall.millisAfter(1_000, 5_000_000_000L)).isEqualTo(6_000);
    }

    @Test
    void aClockMovedByHandReadsItselfWhateverTimeElapsed() {
        Clock.Manual manual = new Clock.Manual(50_000);
        long read = manual.millis();
        manual.advance(7);
        assertThat(manual.millisAfter(read, 0)).isEqualTo(50_007);
        assertThat(manual.millisAfter(read, 3_000_000_000L)).isEqualTo(50_007);
    }
}
