package io.forkline.aof.segment;

import io.forkline.snapshot.storage.Storage;
import io.forkline.snapshot.storage.StorageFile;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An in-memory {@link Storage} for tests: records every operation in order ("write x 12", "sync x",
 * "rename a b", "syncdir d"), can fail writes or syncs on demand (a full disk), can hold syncs until
 * released, and can write only part of a buffer before failing.
 */
public final class RecordingStorage implements Storage {

    private final List<String> operations = new ArrayList<>();
    private final Map<Path, byte[]> files = new TreeMap<>();
    private volatile IOException failWrites;
    private volatile int partialBytes;
    private volatile IOException failSyncs;
    private volatile IOException failCreates;
    private volatile CountDownLatch syncGate;
    private volatile CountDownLatch syncStarted = new CountDownLatch(1);

    public synchronized List<String> operations() {
        return List.copyOf(operations);
    }

    public synchronized void clearOperations() {
        operations.clear();
    }

    /** Operations on names containing {@code part}, in order. */
    public synchronized List<String> operationsOn(String part) {
        return operations.stream().filter(op -> op.contains(part)).toList();
    }

    /** Writes fail with "No space left on device" until {@link #heal()}; the first fails after {@code landed} bytes reached the file. */
    public void diskFull(int landed) {
        partialBytes = landed;
        failWrites = new IOException("No space left on device");
    }

    public void failSyncs(String reason) {
        failSyncs = new IOException(reason);
    }

    public void failCreates(String reason) {
        failCreates = new IOException(reason);
    }

    public void heal() {
        failWrites = null;
        failSyncs = null;
        failCreates = null;
    }

    /** Syncs wait until {@link #releaseSyncs()}; {@link #awaitSyncStarted()} returns once one waits. */
    public void holdSyncs() {
        syncStarted = new CountDownLatch(1);
        syncGate = new CountDownLatch(1);
    }

    public void releaseSyncs() {
        CountDownLatch gate = syncGate;
        syncGate = null;
        if (gate != null) {
            gate.countDown();
        }
    }

    public void awaitSyncStarted() throws InterruptedException {
        if (!syncStarted.await(30, TimeUnit.SECONDS)) {
            throw new AssertionError("no sync started");
        }
    }

    public synchronized byte[] bytes(Path file) {
        byte[] content = files.get(file);
        if (content == null) {
            throw new AssertionError("no file " + file + " among " + files.keySet());
        }
        return content.clone();
    }

    public String text(Path file) {
        return new String(bytes(file), StandardCharsets.ISO_8859_1);
    }

    public synchronized boolean has(Path file) {
        return files.containsKey(file);
    }

    public synchronized List<String> names(Path directory) {
        return files.keySet().stream().filter(p -> directory.equals(p.getParent())).map(p -> p.getFileName().toString()).toList();
    }

    /** Puts a file in place, as if an earlier run had left it. */
    public synchronized void put(Path file, byte[] content) {
        files.put(file, content.clone());
    }

    private synchronized void record(String operation) {
        operations.add(operation);
    }

    private static String name(Path path) {
        return path.getFileName().toString();
    }

    @Override
    public synchronized StorageFile create(Path file) throws IOException {
        if (failCreates != null) {
            throw failCreates;
        }
        record("create " + name(file));
        files.put(file, new byte[0]);
        return new MemoryFile(file);
    }

    @Override
    public synchronized StorageFile openAppend(Path file) {
        record("open " + name(file));
        files.putIfAbsent(file, new byte[0]);
        return new MemoryFile(file);
    }

    @Override
    public synchronized InputStream openRead(Path file) throws IOException {
        byte[] content = files.get(file);
        if (content == null) {
            throw new NoSuchFileException(file.toString());
        }
        return new ByteArrayInputStream(content.clone());
    }

    @Override
    public synchronized boolean exists(Path path) {
        return files.containsKey(path) || files.keySet().stream().anyMatch(p -> path.equals(p.getParent()));
    }

    @Override
    public synchronized long size(Path file) throws IOException {
        byte[] content = files.get(file);
        if (content == null) {
            throw new NoSuchFileException(file.toString());
        }
        return content.length;
    }

    @Override
    public synchronized List<Path> list(Path directory) {
        return files.keySet().stream().filter(p -> directory.equals(p.getParent())).sorted().toList();
    }

    @Override
    public void createDirectories(Path directory) {
    }

    @Override
    public synchronized void rename(Path from, Path to) throws IOException {
        byte[] content = files.remove(from);
        if (content == null) {
            throw new NoSuchFileException(from.toString());
        }
        record("rename " + name(from) + " " + name(to));
        files.put(to, content);
    }

    @Override
    public synchronized void delete(Path path) {
        record("delete " + name(path));
        files.remove(path);
    }

    @Override
    public synchronized void truncate(Path file, long length) throws IOException {
        record("truncate " + name(file) + " " + length);
        byte[] content = files.get(file);
        if (content == null) {
            throw new NoSuchFileException(file.toString());
        }
        files.put(file, Arrays.copyOf(content, (int) length));
    }

    @Override
    public void syncDirectory(Path directory) throws IOException {
        if (failSyncs != null) {
            throw failSyncs;
        }
        record("syncdir " + name(directory));
    }

    private final class MemoryFile implements StorageFile {
        private final Path path;

        MemoryFile(Path path) {
            this.path = path;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            synchronized (RecordingStorage.this) {
                IOException failure = failWrites;
                int landed = failure == null ? length : Math.min(partialBytes, length);
                partialBytes = 0;
                byte[] content = files.get(path);
                byte[] grown = Arrays.copyOf(content, content.length + landed);
                System.arraycopy(bytes, offset, grown, content.length, landed);
                files.put(path, grown);
                if (failure != null) {
                    record("failed write " + name(path) + " " + landed + "/" + length);
                    throw failure;
                }
                record("write " + name(path) + " " + length);
            }
        }

        @Override
        public void sync() throws IOException {
            syncStarted.countDown();
            CountDownLatch gate = syncGate;
            if (gate != null) {
                try {
                    if (!gate.await(30, TimeUnit.SECONDS)) {
                        throw new IOException("sync held for 30 s");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted");
                }
            }
            IOException failure = failSyncs;
            if (failure != null) {
                record("failed sync " + name(path));
                throw failure;
            }
            record("sync " + name(path));
        }

        @Override
        public long size() {
            synchronized (RecordingStorage.this) {
                return files.get(path).length;
            }
        }

        @Override
        public void close() {
            record("close " + name(path));
        }
    }
}
