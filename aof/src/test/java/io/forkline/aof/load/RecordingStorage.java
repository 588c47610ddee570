package io.forkline.aof.load;

import io.forkline.snapshot.storage.FileStorage;
import io.forkline.snapshot.storage.Storage;
import io.forkline.snapshot.storage.StorageFile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The real file system, with a log of every call that changes it (names relative to a root), for ordering checks. */
public final class RecordingStorage implements Storage {

    private final Path root;
    public final List<String> log = new ArrayList<>();

    public RecordingStorage(Path root) {
        this.root = root;
    }

    private String name(Path path) {
        return root.relativize(path).toString();
    }

    @Override
    public StorageFile create(Path file) throws IOException {
        log.add("create " + name(file));
        return recorded(file, FileStorage.INSTANCE.create(file));
    }

    @Override
    public StorageFile openAppend(Path file) throws IOException {
        log.add("append " + name(file));
        return recorded(file, FileStorage.INSTANCE.openAppend(file));
    }

    private StorageFile recorded(Path file, StorageFile inner) {
        return new StorageFile() {
            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                log.add("write " + name(file) + " " + length);
                inner.write(bytes, offset, length);
            }

            @Override
            public void sync() throws IOException {
                log.add("sync " + name(file));
                inner.sync();
            }

            @Override
            public long size() throws IOException {
                return inner.size();
            }

            @Override
            public void close() throws IOException {
                log.add("close " + name(file));
                inner.close();
            }
        };
    }

    @Override
    public InputStream openRead(Path file) throws IOException {
        return FileStorage.INSTANCE.openRead(file);
    }

    @Override
    public boolean exists(Path path) {
        return FileStorage.INSTANCE.exists(path);
    }

    @Override
    public long size(Path file) throws IOException {
        return FileStorage.INSTANCE.size(file);
    }

    @Override
    public List<Path> list(Path directory) throws IOException {
        return FileStorage.INSTANCE.list(directory);
    }

    @Override
    public void createDirectories(Path directory) throws IOException {
        log.add("mkdir " + name(directory));
        FileStorage.INSTANCE.createDirectories(directory);
    }

    @Override
    public void rename(Path from, Path to) throws IOException {
        log.add("rename " + name(from) + " " + name(to));
        FileStorage.INSTANCE.rename(from, to);
    }

    @Override
    public void delete(Path path) throws IOException {
        log.add("delete " + name(path));
        FileStorage.INSTANCE.delete(path);
    }

    @Override
    public void truncate(Path file, long length) throws IOException {
        log.add("truncate " + name(file) + " " + length);
        FileStorage.INSTANCE.truncate(file, length);
    }

    @Override
    public void syncDirectory(Path directory) throws IOException {
        log.add("syncdir " + (directory.equals(root) ? "." : name(directory)));
        FileStorage.INSTANCE.syncDirectory(directory);
    }
}
