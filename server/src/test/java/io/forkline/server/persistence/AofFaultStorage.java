package io.forkline.server.persistence;

import io.forkline.snapshot.storage.FileStorage;
import io.forkline.snapshot.storage.Storage;
import io.forkline.snapshot.storage.StorageFile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The file system with the faults the append-only file's tests switch, each for files whose name
 * contains a given part: writes fail as on a full disk, syncs fail, creations wait until released (a
 * rewrite held mid-way). It also records, per file, how many bytes each sync covered, so that a test can
 * tell whether what a client was told is written had been synced.
 */
final class AofFaultStorage implements Storage {

    private final Storage disk = FileStorage.INSTANCE;
    private volatile String failWritesOf;
    private volatile String failSyncsOf;
    private volatile String holdCreatesOf;
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private volatile CountDownLatch reached = new CountDownLatch(1);
    private final Map<String, AtomicLong> synced = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> syncs = new ConcurrentHashMap<>();

    /** Writes into files whose name contains {@code part} fail with "No space left on device"; null: they work again. */
    void failWritesOf(String part) {
        failWritesOf = part;
    }

    /** Syncs of files whose name contains {@code part} fail with "Input/output error"; null: they work again. */
    void failSyncsOf(String part) {
        failSyncsOf = part;
    }

    /** Creating a file whose name contains {@code part} waits until {@link #release()}. */
    void holdCreatesOf(String part) {
        reached = new CountDownLatch(1);
        gate = new CountDownLatch(1);
        holdCreatesOf = part;
    }

    void awaitHeld() throws InterruptedException {
        if (!reached.await(30, TimeUnit.SECONDS)) {
            throw new AssertionError("nothing reached the held creation");
        }
    }

    void release() {
        holdCreatesOf = null;
        gate.countDown();
    }

    /** The length {@code name} had when it was last synced (0 if never). */
    long syncedLength(String name) {
        AtomicLong length = synced.get(name);
        return length == null ? 0 : length.get();
    }

    long syncs(String name) {
        AtomicLong count = syncs.get(name);
        return count == null ? 0 : count.get();
    }

    private static boolean matches(String part, Path file) {
        return part != null && file.getFileName().toString().contains(part);
    }

    @Override
    public StorageFile create(Path file) throws IOException {
        if (matches(holdCreatesOf, file)) {
            reached.countDown();
            try {
                if (!gate.await(60, TimeUnit.SECONDS)) {
                    throw new IOException("held too long");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while held", e);
            }
        }
        return new FaultyFile(file, disk.create(file));
    }

    @Override
    public StorageFile openAppend(Path file) throws IOException {
        return new FaultyFile(file, disk.openAppend(file));
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

    private final class FaultyFile implements StorageFile {
        private final Path path;
        private final StorageFile file;

        FaultyFile(Path path, StorageFile file) {
            this.path = path;
            this.file = file;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            if (matches(failWritesOf, path)) {
                throw new IOException("No space left on device");
            }
            file.write(bytes, offset, length);
        }

        @Override
        public void sync() throws IOException {
            if (matches(failSyncsOf, path)) {
                throw new IOException("Input/output error");
            }
            long length = file.size();
            file.sync();
            String name = path.getFileName().toString();
            synced.computeIfAbsent(name, n -> new AtomicLong()).accumulateAndGet(length, Math::max);
            syncs.computeIfAbsent(name, n -> new AtomicLong()).incrementAndGet();
        }

        @Override
        public long size() throws IOException {
            return file.size();
        }

        @Override
        public void close() throws IOException {
            file.close();
        }
    }
}
