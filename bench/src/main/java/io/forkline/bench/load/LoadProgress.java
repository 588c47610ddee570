package io.forkline.bench.load;

/** Told about twice a second how a load run goes. */
@FunctionalInterface
public interface LoadProgress {

    /**
     * @param phase         {@code warm-up}, {@code measure} or {@code drain}
     * @param elapsedSeconds since sending began
     * @param totalSeconds  warm-up plus measured window
     * @param opsPerSecond  replies per second since the last call
     */
    void update(String phase, double elapsedSeconds, double totalSeconds, double opsPerSecond);

    LoadProgress NONE = (phase, elapsed, total, rate) -> { };
}
