package io.forkline.server.persistence;

import io.forkline.snapshot.storage.FileStorage;
import io.forkline.snapshot.storage.ForwardingStorage;
import io.forkline.snapshot.storage.StorageFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The file system with faults a test switches: creating a file fails as a full or read-only disk would,
 * or waits until the test lets it go (a save held mid-way, so that writes happen while it runs).
 */
final class TestStorage extends ForwardingStorage {

    private final AtomicInteger creates = new AtomicInteger();
    private volatile boolean failing;
    private volatile CountDownLatch gate;
    private volatile CountDownLatch reached = new CountDownLatch(1);

    TestStorage() {
        super(FileStorage.INSTANCE);
    }

    /** From now on, creating a file fails with "No space left on device" (false: works again). */
    void failing(boolean fail) {
        this.failing = fail;
    }

    /** The next creations wait until {@link #release()}. */
    void hold() {
        reached = new CountDownLatch(1);
        gate = new CountDownLatch(1);
    }

    /** Waits until a creation is being held. */
    void awaitHeld() throws InterruptedException {
        if (!reached.await(30, TimeUnit.SECONDS)) {
            throw new AssertionError("no save reached the held storage");
        }
    }

    void release() {
        CountDownLatch open = gate;
        gate = null;
        if (open != null) {
            open.countDown();
        }
    }

    /** Files created so far. */
    int creates() {
        return creates.get();
    }

    @Override
    public StorageFile create(Path file) throws IOException {
        CountDownLatch wait = gate;
        if (wait != null) {
            reached.countDown();
            try {
                if (!wait.await(60, TimeUnit.SECONDS)) {
                    throw new IOException("held too long");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while held", e);
            }
        }
        if (failing) {
            throw new IOException(file + ": No space left on device");
        }
        creates.incrementAndGet();
        return delegate.create(file);
    }
}
