package io.forkline.snapshot.storage;

import java.io.IOException;

/** A {@link StorageFile} that passes every call to another; decorators override what they change. */
public class ForwardingStorageFile implements StorageFile {

    protected final StorageFile delegate;

    public ForwardingStorageFile(StorageFile delegate) {
        this.delegate = delegate;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        delegate.write(bytes, offset, length);
    }

    @Override
    public void sync() throws IOException {
        delegate.sync();
    }

    @Override
    public long size() throws IOException {
        return delegate.size();
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }
}
