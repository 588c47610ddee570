package io.forkline.snapshot;

import io.forkline.pages.MemoryView;
import io.forkline.snapshot.rdb.EngineDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SnapshotStrategyTest {

    private final EngineDriver driver = new EngineDriver();

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void strategiesAreFoundByTheirConfigurationNames() {
        assertThat(SnapshotStrategy.named("fork-cow")).isSameAs(ForkCowStrategy.INSTANCE);
        assertThat(SnapshotStrategy.named("stop-the-world")).isSameAs(StopTheWorldStrategy.INSTANCE);
        assertThat(ForkCowStrategy.INSTANCE.name()).isEqualTo("fork-cow");
        assertThat(StopTheWorldStrategy.INSTANCE.name()).isEqualTo("stop-the-world");
        assertThat(ForkCowStrategy.INSTANCE.background()).isTrue();
        assertThat(StopTheWorldStrategy.INSTANCE.background()).isFalse();
        assertThatThrownBy(() -> SnapshotStrategy.named("forkless"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown snapshot strategy 'forkless': expected fork-cow or stop-the-world");
        assertThatThrownBy(() -> SnapshotStrategy.named(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void forkCowReadsAViewCapturedAtForkAndClosingItReturnsTheFrames() {
        for (int i = 0; i < 100; i++) {
            driver.call(i % 4, "SET", "k" + i, "v");
        }
        Snapshot snapshot = ForkCowStrategy.INSTANCE.begin(driver.engine);
        assertThat(snapshot.image().memory()).isInstanceOf(MemoryView.class).isSameAs(driver.engine.memory().openView());
        assertThat(snapshot.image().root()).isEqualTo(driver.engine.keyspace().root());
        assertThat(snapshot.image().databases()).isEqualTo(16);
        assertThat(snapshot.image().usedMemory()).isEqualTo(driver.engine.allocator().usedBytes());
        assertThat(snapshot.keysTotal()).isEqualTo(100);
        assertThat(snapshot.forkNanos()).isGreaterThanOrEqualTo(driver.engine.memory().stats().latestForkNanos());
        assertThat(driver.engine.memory().stats().viewOpen()).isTrue();
        assertThatThrownBy(() -> ForkCowStrategy.INSTANCE.begin(driver.engine))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("still open");

        driver.call(0, "SET", "k0", "changed");
        assertThat(driver.engine.memory().stats().framesCopied()).isPositive();
        snapshot.close();
        snapshot.close();
        assertThat(((MemoryView) snapshot.image().memory()).isClosed()).isTrue();
        assertThat(driver.engine.memory().stats().viewOpen()).isFalse();
        assertThat(driver.engine.memory().stats().cowBytes()).isZero();
        ForkCowStrategy.INSTANCE.begin(driver.engine).close();
    }

    @Test
    void stopTheWorldReadsTheLiveMemory() {
        driver.call(0, "SET", "k", "v");
        try (Snapshot snapshot = StopTheWorldStrategy.INSTANCE.begin(driver.engine)) {
            assertThat(snapshot.image().memory()).isSameAs(driver.engine.memory());
            assertThat(snapshot.keysTotal()).isEqualTo(1);
            assertThat(snapshot.forkNanos()).isZero();
        }
        assertThat(driver.engine.memory().stats().forks()).isZero();
    }
}
