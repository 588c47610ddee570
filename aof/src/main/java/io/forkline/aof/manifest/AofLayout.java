package io.forkline.aof.manifest;

import java.nio.file.Path;

/**
 * Where the append-only files live and what they are called, from the configuration Redis uses:
 * {@code dir}, {@code appenddirname} and {@code appendfilename}. With the defaults:
 * <pre>
 * dir/appendonly.aof                                   a Redis 6 single file (upgraded on load)
 * dir/appendonlydir/appendonly.aof.manifest            the manifest
 * dir/appendonlydir/temp-appendonly.aof.manifest       the manifest being replaced
 * dir/appendonlydir/appendonly.aof.2.base.rdb          a base with an RDB preamble (.base.aof: RESP)
 * dir/appendonlydir/appendonly.aof.3.incr.aof          an incr segment
 * </pre>
 */
public record AofLayout(Path dir, String dirName, String fileName) {

    public AofLayout {
        plainName(dirName, "appenddirname");
        plainName(fileName, "appendfilename");
    }

    /** The default names, {@code appendonlydir} and {@code appendonly.aof}, in {@code dir}. */
    public static AofLayout defaults(Path dir) {
        return new AofLayout(dir, "appendonlydir", "appendonly.aof");
    }

    /** The directory holding the manifest and its files. */
    public Path directory() {
        return dir.resolve(dirName);
    }

    public String manifestName() {
        return fileName + ".manifest";
    }

    public Path manifest() {
        return directory().resolve(manifestName());
    }

    public Path tempManifest() {
        return directory().resolve("temp-" + manifestName());
    }

    /** A file the manifest names. */
    public Path file(String name) {
        return directory().resolve(name);
    }

    /** Where Redis 6 and earlier kept the whole log: {@code appendfilename} in {@code dir}. */
    public Path legacyFile() {
        return dir.resolve(fileName);
    }

    /** The name of base number {@code seq}: {@code appendonly.aof.<seq>.base.rdb} or {@code .base.aof}. */
    public String baseName(long seq, boolean rdbPreamble) {
        return fileName + "." + seq + ".base" + (rdbPreamble ? ".rdb" : ".aof");
    }

    /** The name of incr number {@code seq}: {@code appendonly.aof.<seq>.incr.aof}. */
    public String incrName(long seq) {
        return fileName + "." + seq + ".incr.aof";
    }

    private static void plainName(String name, String option) {
        if (name.isEmpty() || name.indexOf('/') >= 0 || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException(option + " must be a plain file name, got '" + name + "'");
        }
    }
}
