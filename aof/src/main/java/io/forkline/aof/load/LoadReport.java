package io.forkline.aof.load;

import io.forkline.aof.manifest.AofFileType;
import io.forkline.aof.manifest.AofManifest;

import java.util.List;

/**
 * What {@link AofLoader#load} found and did, for the caller that goes on to append to the log and
 * for INFO: the manifest as it now is on disk, each file loaded, and the sizes the AOF writer starts
 * from ({@code aof_base_size}, {@code aof_current_size}, the last incr's size).
 *
 * @param status         what there was to load
 * @param manifest       the manifest on disk after the load (after an upgrade, the new one); empty when none
 * @param upgraded       whether a Redis 6 single file was moved into the directory and a manifest written
 * @param files          the base then each incr, in load order
 * @param commands       records replayed, MULTI, EXEC and SELECT included
 * @param keys           keys in the keyspace after the load, every database
 * @param truncatedBytes bytes cut from the end of the last file (a torn tail or an open MULTI)
 * @param baseKind       how the base is encoded
 * @param baseSize       the base's size in bytes (Redis's aof_rewrite_base_size after a restart)
 * @param currentSize    the size of the base and every incr after any truncation (aof_current_size)
 * @param lastIncrSize   the size of the last incr after any truncation (aof_last_incr_size), 0 without one
 * @param warnings       what Redis would log as warnings: a truncation, an upgrade
 */
public record LoadReport(Status status, AofManifest manifest, boolean upgraded, List<LoadedFile> files, long commands,
                         long keys, long truncatedBytes, BaseKind baseKind, long baseSize, long currentSize,
                         long lastIncrSize, List<String> warnings) {

    public LoadReport {
        files = List.copyOf(files);
        warnings = List.copyOf(warnings);
    }

    /** As Redis's loadAppendOnlyFiles answers. */
    public enum Status {
        /** No manifest (or one that lists no base and no incr) and no single file: start empty, as AOF_NOT_EXIST. */
        NOT_FOUND,
        /** Every listed file is empty (AOF_EMPTY). */
        EMPTY,
        /** Everything loaded (AOF_OK). */
        LOADED,
        /** Loaded after cutting a torn tail or an unfinished MULTI from the last file (AOF_TRUNCATED). */
        TRUNCATED
    }

    /** The encoding of the base file. */
    public enum BaseKind {
        /** No base in the manifest. */
        NONE,
        /** An empty base file. */
        EMPTY,
        /** An RDB preamble (a {@code .base.rdb}, or a Redis 6 single file that starts with one), maybe followed by RESP. */
        RDB,
        /** RESP commands (a {@code .base.aof} written with aof-use-rdb-preamble no). */
        RESP
    }

    /** How one file was encoded. */
    public enum Format {
        EMPTY,
        RESP,
        /** An RDB and nothing after it. */
        RDB,
        /** An RDB followed by RESP commands (a Redis 6 single file with a preamble). */
        RDB_WITH_RESP_TAIL
    }

    /**
     * One file loaded.
     *
     * @param name           its name in the manifest
     * @param type           base or incr
     * @param format         how it was encoded
     * @param size           its size after the load (after any truncation)
     * @param rdbKeys        keys read from its RDB preamble
     * @param commands       records replayed from it
     * @param truncatedBytes bytes cut from its end
     */
    public record LoadedFile(String name, AofFileType type, Format format, long size, long rdbKeys, long commands,
                             long truncatedBytes) {
    }
}
