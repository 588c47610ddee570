package io.forkline.aof.manifest;

/** A manifest that cannot be trusted: names the file, the line and what was wrong. */
public final class AofManifestException extends Exception {

    private static final long serialVersionUID = 1L;

    public AofManifestException(String file, int line, String problem) {
        super("Invalid AOF manifest file format in " + file + " at line " + line + ": " + problem);
    }

    public AofManifestException(String file, String problem) {
        super("Invalid AOF manifest file " + file + ": " + problem);
    }
}
