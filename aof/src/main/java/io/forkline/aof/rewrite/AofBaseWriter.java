package io.forkline.aof.rewrite;

import io.forkline.snapshot.io.ByteSink;
import io.forkline.snapshot.rdb.KeyspaceImage;
import io.forkline.snapshot.rdb.RdbWriteOptions;
import io.forkline.snapshot.rdb.RdbWriter;
import io.forkline.snapshot.rdb.SaveProgress;

import java.io.IOException;
import java.util.function.LongSupplier;

/**
 * Writes the base of a rewritten append-only log from a frozen keyspace: an RDB preamble
 * (aof-use-rdb-preamble yes, a {@code .base.rdb}) or RESP commands that rebuild every key (no, a
 * {@code .base.aof}). Runs on a snapshot thread over a fork's view, or on the writer over live memory.
 */
public interface AofBaseWriter {

    /** Whether the base is an RDB file (named {@code .base.rdb}) rather than RESP ({@code .base.aof}). */
    boolean rdbPreamble();

    /**
     * Writes the whole base for {@code image}.
     *
     * @throws io.forkline.snapshot.rdb.SaveCancelledException if {@code progress} was cancelled meanwhile
     */
    void write(KeyspaceImage image, ByteSink sink, SaveProgress progress) throws IOException;

    /** An RDB file with the {@code aof-base} AUX field set, as Redis's rdbSaveRio with RDBFLAGS_AOF_PREAMBLE. */
    static AofBaseWriter rdbPreamble(RdbWriteOptions options) {
        RdbWriter writer = new RdbWriter(options.withAofBase(true));
        return new AofBaseWriter() {
            @Override
            public boolean rdbPreamble() {
                return true;
            }

            @Override
            public void write(KeyspaceImage image, ByteSink sink, SaveProgress progress) throws IOException {
                writer.write(image, sink, progress);
            }
        };
    }

    /**
     * RESP commands, as Redis's rewriteAppendOnlyFileRio: SELECT per database, SET, RPUSH, SADD, ZADD and
     * HMSET with at most 64 items each, PEXPIREAT; with {@code timestamps} a {@code #TS} line first.
     */
    static AofBaseWriter resp(boolean timestamps, LongSupplier epochMillis) {
        return new RespBaseWriter(timestamps, epochMillis);
    }
}
