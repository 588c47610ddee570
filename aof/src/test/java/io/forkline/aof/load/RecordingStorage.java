package io.forkline.aof.load;

import io.forkline.snapshot.storage.FileStorage;
import io.forkline.snapshot.storage.ForwardingStorage;
import io.forkline.snapshot.storage.ForwardingStorageFile;
import io.forkline.snapshot.storage.StorageFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The real file system, with a log of every call that changes it (names relative to a root), for ordering checks. */
public final class RecordingStorage extends ForwardingStorage {

    private final Path root;
    public final List<String> log = new ArrayList<>();

    public RecordingStorage(Path root) {
        super(FileStorage.INSTANCE);
        this.root = root;
    }

    private String name(Path path) {
        return root.relativize(path).toString();
    }

    @Override
    public StorageFile create(Path file) throws IOException {
        log.add("create " + name(file));
        return super.create(file);
    }

    @Override
    public StorageFile openAppend(Path file) throws IOException {
        log.add("append " + name(file));
        return super.openAppend(file);
    }

    @Override
    protected StorageFile wrap(Path file, StorageFile inner) {
        return new ForwardingStorageFile(inner) {
            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                log.add("write " + name(file) + " " + length);
                delegate.write(bytes, offset, length);
            }

            @Override
            public void sync() throws IOException {
                log.add("sync " + name(file));
                delegate.sync();
            }

            @Override
            public void close() throws IOException {
                log.add("close " + name(file));
                delegate.close();
            }
        };
    }

    @Override
    public void createDirectories(Path directory) throws IOException {
        log.add("mkdir " + name(directory));
        delegate.createDirectories(directory);
    }

    @Override
    public void rename(Path from, Path to) throws IOException {
        log.add("rename " + name(from) + " " + name(to));
        delegate.rename(from, to);
    }

    @Override
    public void delete(Path path) throws IOException {
        log.add("delete " + name(path));
        delegate.delete(path);
    }

    @Override
    public void truncate(Path file, long length) throws IOException {
        log.add("truncate " + name(file) + " " + length);
        delegate.truncate(file, length);
    }

    @Override
    public void syncDirectory(Path directory) throws IOException {
        log.add("syncdir " + (directory.equals(root) ? "." : name(directory)));
        delegate.syncDirectory(directory);
    }
}
