package io.forkline.snapshot.rdb;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How far a save has come, for INFO's {@code current_save_keys_processed}, {@code current_save_keys_total}
 * and {@code current_fork_perc}; and a request to stop it.
 *
 * <p>Assumptions and guarantees: one thread saves (it calls {@link #start} and {@link #advance}); any
 * thread may read the counters or {@link #cancel} at any time. A reader sees each counter as the saver
 * last published it; the three counters are not read as one consistent triple.
 */
public final class SaveProgress {

    private final AtomicLong keysProcessed = new AtomicLong();
    private final AtomicLong keysTotal = new AtomicLong();
    private final AtomicLong bytesWritten = new AtomicLong();
    private volatile boolean cancelled;

    public long keysProcessed() {
        return keysProcessed.get();
    }

    public long keysTotal() {
        return keysTotal.get();
    }

    public long bytesWritten() {
        return bytesWritten.get();
    }

    /** Asks the save to stop: it fails with {@link SaveCancelledException} at its next check. */
    public void cancel() {
        cancelled = true;
    }

    public boolean cancelled() {
        return cancelled;
    }

    /** Saver only: a save of {@code keys} keys begins. */
    public void start(long keys) {
        keysProcessed.setRelease(0);
        bytesWritten.setRelease(0);
        keysTotal.setRelease(keys);
    }

    /** Saver only: {@code keys} keys and {@code bytes} bytes are written so far. */
    public void advance(long keys, long bytes) {
        keysProcessed.setRelease(keys);
        bytesWritten.setRelease(bytes);
    }
}
