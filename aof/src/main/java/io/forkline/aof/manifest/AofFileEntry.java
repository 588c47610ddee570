package io.forkline.aof.manifest;

/** One line of the manifest: {@code file <name> seq <seq> type <b|h|i>}. */
public record AofFileEntry(String name, long seq, AofFileType type) {

    public AofFileEntry {
        if (name.isEmpty() || name.indexOf('/') >= 0) {
            throw new IllegalArgumentException("an AOF file name must be a plain name: '" + name + "'");
        }
        if (seq <= 0) {
            throw new IllegalArgumentException("an AOF file's seq must be positive: " + seq);
        }
    }

    public AofFileEntry asHistory() {
        return new AofFileEntry(name, seq, AofFileType.HISTORY);
    }
}
