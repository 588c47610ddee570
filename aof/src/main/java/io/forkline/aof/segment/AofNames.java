package io.forkline.aof.segment;

/**
 * How Redis 7 names the files of an append-only log, from {@code appendfilename} (aof.c's naming rules):
 * {@code appendonly.aof.1.base.rdb}, {@code appendonly.aof.1.incr.aof}, {@code appendonly.aof.manifest},
 * and the temporary names used while a file is being made.
 */
public record AofNames(String fileName) {

    public AofNames {
        if (fileName.isEmpty() || fileName.indexOf('/') >= 0) {
            throw new IllegalArgumentException("appendfilename must be a plain file name: '" + fileName + "'");
        }
    }

    /** A base: {@code <fileName>.<seq>.base.rdb} with an RDB preamble, else {@code .base.aof}. */
    public String base(long seq, boolean rdbPreamble) {
        return fileName + "." + seq + ".base." + (rdbPreamble ? "rdb" : "aof");
    }

    public String incr(long seq) {
        return fileName + "." + seq + ".incr.aof";
    }

    public String manifest() {
        return fileName + ".manifest";
    }

    public String tempManifest() {
        return "temp-" + fileName + ".manifest";
    }

    /** Where commands go while the AOF is being switched on at run time, until its first base exists. */
    public String tempIncr() {
        return "temp-" + fileName + ".incr";
    }

    /** A rewrite's base while it is written (in {@code dir}, as Redis's child writes {@code temp-rewriteaof-bg-<pid>.aof}). */
    public static String rewriteTemp(long id) {
        return "temp-rewriteaof-bg-" + id + ".aof";
    }
}
