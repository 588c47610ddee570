package io.forkline.aof.load;

import io.forkline.snapshot.io.StreamSource;
import io.forkline.snapshot.storage.Storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * One append-only file open for reading through {@link Storage}, with what its first bytes say: a
 * file that starts with {@code REDIS} holds an RDB preamble, whatever its name (Redis's rule).
 */
public final class AofInput implements AutoCloseable {

    private static final byte[] RDB_MAGIC = "REDIS".getBytes(StandardCharsets.US_ASCII);

    private final StreamSource source;
    private final boolean rdbPreamble;
    private final long size;

    private AofInput(StreamSource source, boolean rdbPreamble, long size) {
        this.source = source;
        this.rdbPreamble = rdbPreamble;
        this.size = size;
    }

    public static AofInput open(Storage storage, Path file) throws IOException {
        long size = storage.size(file);
        InputStream raw = storage.openRead(file);
        try {
            PushbackInputStream in = new PushbackInputStream(raw, RDB_MAGIC.length);
            byte[] magic = in.readNBytes(RDB_MAGIC.length);
            in.unread(magic);
            return new AofInput(new StreamSource(in), Arrays.equals(magic, RDB_MAGIC), size);
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /** The file's bytes from its start; its position is the file offset. */
    public StreamSource source() {
        return source;
    }

    /** Whether the file starts with the RDB magic {@code REDIS}. */
    public boolean rdbPreamble() {
        return rdbPreamble;
    }

    /** The file's size when it was opened. */
    public long size() {
        return size;
    }

    @Override
    public void close() throws IOException {
        source.close();
    }
}
