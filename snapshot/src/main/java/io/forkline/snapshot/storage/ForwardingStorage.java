package io.forkline.snapshot.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * A {@link Storage} that passes every call to another: the base of decorators (counting, failing on
 * demand, cancelling), which override only what they change. Files are wrapped by {@link #wrap}.
 */
public abstract class ForwardingStorage implements Storage {

    protected final Storage delegate;

    protected ForwardingStorage(Storage delegate) {
        this.delegate = delegate;
    }

    /** The file handed out by {@link #create} and {@link #openAppend}; the delegate's own by default. */
    protected StorageFile wrap(Path path, StorageFile file) {
        return file;
    }

    @Override
    public StorageFile create(Path file) throws IOException {
        return wrap(file, delegate.create(file));
    }

    @Override
    public StorageFile openAppend(Path file) throws IOException {
        return wrap(file, delegate.openAppend(file));
    }

    @Override
    public InputStream openRead(Path file) throws IOException {
        return delegate.openRead(file);
    }

    @Override
    public boolean exists(Path path) {
        return delegate.exists(path);
    }

    @Override
    public long size(Path file) throws IOException {
        return delegate.size(file);
    }

    @Override
    public List<Path> list(Path directory) throws IOException {
        return delegate.list(directory);
    }

    @Override
    public void createDirectories(Path directory) throws IOException {
        delegate.createDirectories(directory);
    }

    @Override
    public void rename(Path from, Path to) throws IOException {
        delegate.rename(from, to);
    }

    @Override
    public void delete(Path path) throws IOException {
        delegate.delete(path);
    }

    @Override
    public void truncate(Path file, long length) throws IOException {
        delegate.truncate(file, length);
    }

    @Override
    public void syncDirectory(Path directory) throws IOException {
        delegate.syncDirectory(directory);
    }
}
