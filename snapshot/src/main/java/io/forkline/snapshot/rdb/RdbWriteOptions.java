package io.forkline.snapshot.rdb;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How {@link RdbWriter} writes a file: Redis's {@code rdbcompression} and {@code rdbchecksum}, the
 * format version, AUX fields beyond the standard ones, and whether the file is an AOF base (Redis's
 * {@code aof-base} AUX field).
 *
 * <p>{@code extraAux} keeps its iteration order. An entry named as a standard field ({@code redis-ver},
 * {@code redis-bits}, {@code ctime}, {@code used-mem}, {@code aof-base}) replaces that field's value
 * where Redis writes it; any other entry is written after {@code used-mem} and before {@code aof-base},
 * where Redis 7.0 puts {@code repl-stream-db}, {@code repl-id} and {@code repl-offset}.
 *
 * @param compression LZF for strings and blobs over 20 bytes that compress by at least 4 bytes
 * @param checksum    CRC64 trailer; without it, 8 zero bytes (which Redis reads as "not checked")
 * @param version     the RDB version; only {@value #VERSION} (Redis 7.0) is written
 * @param extraAux    AUX fields to add or override, in order
 * @param aofBase     whether the file is the base of a multi-part AOF (an RDB preamble)
 */
public record RdbWriteOptions(boolean compression, boolean checksum, int version, Map<String, String> extraAux,
                              boolean aofBase) {

    /** The RDB version Redis 7.0 writes and this writer produces. */
    public static final int VERSION = 10;

    public RdbWriteOptions {
        if (version != VERSION) {
            throw new IllegalArgumentException("RDB version " + version + " cannot be written: only version " + VERSION
                    + " (Redis 7.0) is supported");
        }
        Objects.requireNonNull(extraAux, "extraAux");
        extraAux = Collections.unmodifiableMap(new LinkedHashMap<>(extraAux));
    }

    /** Redis's defaults: compression and checksum on, version 10, no extra AUX fields, not an AOF base. */
    public static RdbWriteOptions defaults() {
        return new RdbWriteOptions(true, true, VERSION, Map.of(), false);
    }

    public RdbWriteOptions withCompression(boolean on) {
        return new RdbWriteOptions(on, checksum, version, extraAux, aofBase);
    }

    public RdbWriteOptions withChecksum(boolean on) {
        return new RdbWriteOptions(compression, on, version, extraAux, aofBase);
    }

    public RdbWriteOptions withAofBase(boolean on) {
        return new RdbWriteOptions(compression, checksum, version, extraAux, on);
    }

    /** These options with {@code key} set to {@code value} in {@link #extraAux}, after the fields already there. */
    public RdbWriteOptions withAux(String key, String value) {
        Map<String, String> aux = new LinkedHashMap<>(extraAux);
        aux.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return new RdbWriteOptions(compression, checksum, version, aux, aofBase);
    }
}
