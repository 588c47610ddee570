package io.forkline.snapshot.rdb;

import java.io.IOException;

/**
 * What {@link RdbReader} reports as it reads a file, in file order. Every method but {@link #entry}
 * does nothing by default. A method may throw {@link RdbContentException} to refuse what it is given
 * (a database it does not have, a duplicate key): the reader then stops with an
 * {@link RdbFormatException} at the offset of that record.
 */
public interface RdbVisitor {

    /** The header "REDIS" and its version, 1 to {@value RdbReader#MAX_VERSION}. */
    default void header(int version) throws IOException {
    }

    /** An AUX field ("redis-ver", "ctime", "aof-base", ... or any other; unknown ones are to be ignored). */
    default void aux(byte[] key, byte[] value) throws IOException {
    }

    /** SELECTDB: the keys that follow belong to database {@code db}. */
    default void selectDb(int db) throws IOException {
    }

    /** RESIZEDB: a hint of the current database's size. */
    default void resizeDb(long keys, long expires) throws IOException {
    }

    /** FUNCTION2: one Redis Function library's source, shebang line included ("#!lua name=mylib\n..."). */
    default void function(byte[] code) throws IOException {
    }

    /** A key starts at {@code offset} with this type; its value is read next. */
    default void beginEntry(long offset, int db, RdbType type, byte[] key) throws IOException {
    }

    /**
     * One key and its value, never {@linkplain RdbValue#isEmpty empty}; {@code expireAtMillis} is its expire in Unix
     * milliseconds, or -1 for none (an expire in the past is reported too: dropping it is the visitor's decision).
     */
    void entry(int db, byte[] key, RdbValue value, long expireAtMillis) throws IOException;

    /** A key whose value has no elements, which Redis skips when loading ("skipping empty key"). */
    default void emptyEntry(int db, byte[] key, RdbType type) throws IOException {
    }

    /**
     * The read stops here on bytes it cannot read; its exception follows. A visitor that holds back some of what it
     * was given (a batch not stored yet) settles it now, and may throw its own refusal of it instead: that comes
     * earlier in the file.
     */
    default void readFailed() throws IOException {
    }

    /**
     * The end of the file. {@code checked}: the stored CRC64 was non-zero and matched the bytes (a zero
     * means "saved with rdbchecksum no", and versions before 5 have none).
     */
    default void end(long storedCrc, boolean checked) throws IOException {
    }
}
