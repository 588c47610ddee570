package io.forkline.snapshot.rdb;

import io.forkline.snapshot.io.StreamSource;
import io.forkline.snapshot.io.TruncatedInputException;
import io.forkline.snapshot.storage.Storage;

import java.io.IOException;
import java.nio.file.Path;

/** RDB files on a {@link Storage}: loading (and, from branch rdb-write, saving). */
public final class RdbFiles {

    private RdbFiles() {
    }

    /**
     * Reads the whole of {@code file} into {@code visitor} ({@link RdbReader#read}).
     *
     * @throws RdbLoadException when the bytes cannot be trusted (a format error, a wrong checksum, an early
     *                          end, content the visitor refuses): names the file, the offset and what was expected
     * @throws IOException      when the file cannot be read at all (missing, unreadable)
     */
    public static void load(Storage storage, Path file, RdbVisitor visitor) throws IOException {
        long size = storage.size(file);
        try (StreamSource source = new StreamSource(storage.openRead(file))) {
            new RdbReader(source, size).read(visitor);
        } catch (RdbFormatException corrupt) {
            throw new RdbLoadException(file, corrupt.offset(), corrupt.detail(), corrupt);
        } catch (TruncatedInputException truncated) {
            throw new RdbLoadException(file, truncated.offset(), "expected " + truncated.wanted() + " more byte"
                    + (truncated.wanted() == 1 ? "" : "s") + ", got the end of the file (" + size + " bytes)", truncated);
        }
    }
}
