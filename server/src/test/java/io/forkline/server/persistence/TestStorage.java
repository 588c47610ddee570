package io.forkline.server.persistence;

import io.forkline.snapshot.storage.FileStorage;
import io.forkline.snapshot.storage.Storage;
import io.forkline.snapshot.storage.StorageFile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The file system with faults a test switches: creating a file fails as a full or read-only disk would,
 * or waits until the test lets it go (a save held mid-way, so that writes happen while it runs).
 */
final class TestStorage implements Storage {

    private final Storage disk = FileStorage.INSTANCE;
    private final AtomicInteger creates = new AtomicInteger();
    private volatile boolean failing;
    private volatile CountDownLatch gate;
    private volatile CountDownLatch reached = new CountDownLatch(1);

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
        return disk.create(file);
    }

    @Override
    public StorageFile openAppend(Path file) throws IOException {
        return disk.openAppend(file);
    }

    @Override
    public InputStream openRead(Path file) throws IOException {
        return disk.openRead(file);
    }

    @Override
    public boolean exists(Path path) {
        return disk.exists(path);
    }

    @Override
    public long size(Path file) throws IOException {
        return disk.size(file);
    }

    @Override
    public List<Path> list(Path directory) throws IOException {
        return disk.list(directory);
    }

    @Override
    public void createDirectories(Path directory) throws IOException {
        disk.createDirectories(directory);
    }

    @Override
    public void rename(Path from, Path to) throws IOException {
        disk.rename(from, to);
    }

    @Override
    public void delete(Path path) throws IOException {
        disk.delete(path);
    }

    @Override
    public void truncate(Path file, long length) throws IOException {
        disk.truncate(file, length);
    }

    @Override
    public void syncDirectory(Path directory) throws IOException {
        disk.syncDirectory(directory);
    }
}
