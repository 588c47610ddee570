package io.forkline.snapshot.rdb;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

class SaveProgressTest {

    @Test
    void anotherThreadSeesTheCountsGrowToTheTotal() {
        try (EngineDriver driver = new EngineDriver()) {
            for (int i = 0; i < 20_000; i++) {
                driver.call(i % 2, "SET", "key:" + i, "value:" + i);
            }
            SaveProgress progress = new SaveProgress();
            AtomicBoolean saving = new AtomicBoolean(true);
            CompletableFuture<long[]> reader = CompletableFuture.supplyAsync(() -> {
                long keys = 0;
                long bytes = 0;
                long reads = 0;
                while (saving.get()) {
                    long nowKeys = progress.keysProcessed();
                    long nowBytes = progress.bytesWritten();
                    assertThat(nowKeys).isGreaterThanOrEqualTo(keys).isLessThanOrEqualTo(20_000);
                    assertThat(nowBytes).isGreaterThanOrEqualTo(bytes);
                    keys = nowKeys;
                    bytes = nowBytes;
                    reads++;
                    Thread.onSpinWait();
                }
                return new long[] {keys, reads};
            });
            byte[] file = Snapshots.write(Snapshots.live(driver.engine), RdbWriteOptions.defaults(), progress);
            saving.set(false);
            reader.join();
            assertThat(progress.keysTotal()).isEqualTo(20_000);
            assertThat(progress.keysProcessed()).isEqualTo(20_000);
            assertThat(progress.bytesWritten()).isEqualTo(file.length);
        }
    }

    @Test
    void startingAgainResetsTheCounts() {
        SaveProgress progress = new SaveProgress();
        progress.start(10);
        progress.advance(10, 500);
        progress.start(3);
        assertThat(progress.keysTotal()).isEqualTo(3);
        assertThat(progress.keysProcessed()).isZero();
        assertThat(progress.bytesWritten()).isZero();
        assertThat(progress.cancelled()).isFalse();
        progress.cancel();
        assertThat(progress.cancelled()).isTrue();
    }
}
