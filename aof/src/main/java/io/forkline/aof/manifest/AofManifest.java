package io.forkline.aof.manifest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The Redis 7 AOF manifest: which base, history and incr files make up the log, in order. Immutable;
 * a change makes a new manifest, which the caller persists atomically (temp file, fsync, rename,
 * directory fsync) before it takes effect.
 *
 * <p>Text form, one line per file, base first, then history, then incr in seq order:
 * <pre>file appendonly.aof.1.base.rdb seq 1 type b
 * file appendonly.aof.1.incr.aof seq 1 type i</pre>
 * Parsing follows Redis: {@code #} lines are skipped, an empty line is an error, key/value pairs come
 * in any order (keys case-insensitive, unknown pairs ignored), names may be double-quoted with C escapes.
 */
public record AofManifest(AofFileEntry base, List<AofFileEntry> history, List<AofFileEntry> incrs) {

    public AofManifest {
        history = List.copyOf(history);
        incrs = List.copyOf(incrs);
    }

    public static AofManifest empty() {
        return new AofManifest(null, List.of(), List.of());
    }

    public boolean isEmpty() {
        return base == null && incrs.isEmpty();
    }

    /** The files to load, in order: the base (if any), then every incr. */
    public List<AofFileEntry> loadOrder() {
        List<AofFileEntry> files = new ArrayList<>(incrs.size() + 1);
        if (base != null) {
            files.add(base);
        }
        files.addAll(incrs);
        return files;
    }

    public AofFileEntry lastIncr() {
        return incrs.isEmpty() ? null : incrs.getLast();
    }

    /** The seq the next base gets: one past the current base's (bases and incrs count separately). */
    public long nextBaseSeq() {
        long seq = base == null ? 0 : base.seq();
        for (AofFileEntry old : history) {
            if (old.name().contains(".base.")) {
                seq = Math.max(seq, old.seq());
            }
        }
        return seq + 1;
    }

    public long nextIncrSeq() {
        long seq = 0;
        for (AofFileEntry incr : incrs) {
            seq = Math.max(seq, incr.seq());
        }
        for (AofFileEntry old : history) {
            if (old.name().contains(".incr.")) {
                seq = Math.max(seq, old.seq());
            }
        }
        return seq + 1;
    }

    /** This manifest with one more incr file at the end. */
    public AofManifest withIncr(AofFileEntry incr) {
        List<AofFileEntry> more = new ArrayList<>(incrs);
        more.add(incr);
        return new AofManifest(base, history, more);
    }

    /**
     * After a rewrite: {@code newBase} replaces the base, and the old base and every incr but the open
     * one ({@code keptIncr}) become history.
     */
    public AofManifest rewritten(AofFileEntry newBase, AofFileEntry keptIncr) {
        List<AofFileEntry> old = new ArrayList<>(history);
        if (base != null) {
            old.add(base.asHistory());
        }
        for (AofFileEntry incr : incrs) {
            if (!incr.equals(keptIncr)) {
                old.add(incr.asHistory());
            }
        }
        return new AofManifest(newBase, old, List.of(keptIncr));
    }

    /** This manifest without its history (once the history files are deleted). */
    public AofManifest withoutHistory() {
        return new AofManifest(base, List.of(), incrs);
    }

    /** The manifest's text, as Redis writes it. */
    public String format() {
        StringBuilder out = new StringBuilder();
        if (base != null) {
            line(out, base);
        }
        history.forEach(entry -> line(out, entry));
        incrs.forEach(entry -> line(out, entry));
        return out.toString();
    }

    private static void line(StringBuilder out, AofFileEntry entry) {
        out.append("file ").append(quoteIfNeeded(entry.name())).append(" seq ").append(entry.seq())
                .append(" type ").append(entry.type().code()).append('\n');
    }

    /** Parses a manifest's text; {@code file} names it in errors. */
    public static AofManifest parse(String text, String file) throws AofManifestException {
        AofFileEntry base = null;
        List<AofFileEntry> history = new ArrayList<>();
        List<AofFileEntry> incrs = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        int count = text.endsWith("\n") ? lines.length - 1 : lines.length;
        for (int i = 0; i < count; i++) {
            String line = lines[i];
            int number = i + 1;
            if (line.startsWith("#")) {
                continue;
            }
            if (line.length() > 1024) {
                throw new AofManifestException(file, number, "line longer than 1024 characters");
            }
            if (line.isBlank()) {
                throw new AofManifestException(file, number, "empty line");
            }
            AofFileEntry entry = entry(ManifestTokens.split(line, file, number), file, number);
            switch (entry.type()) {
                case BASE -> {
                    if (base != null) {
                        throw new AofManifestException(file, number, "Found duplicate base file information");
                    }
                    base = entry;
                }
                case HISTORY -> history.add(entry);
                case INCR -> {
                    if (!incrs.isEmpty() && entry.seq() <= incrs.getLast().seq()) {
                        throw new AofManifestException(file, number, "Found a non-monotonic sequence number");
                    }
                    incrs.add(entry);
                }
            }
        }
        AofManifest manifest = new AofManifest(base, history, incrs);
        if (manifest.isEmpty() && history.isEmpty()) {
            throw new AofManifestException(file, "it lists no file");
        }
        return manifest;
    }

    private static AofFileEntry entry(List<String> tokens, String file, int number) throws AofManifestException {
        if (tokens.size() < 6 || tokens.size() % 2 != 0) {
            throw new AofManifestException(file, number, "expected 'file <name> seq <n> type <b|h|i>'");
        }
        String name = null;
        String seq = null;
        String type = null;
        for (int t = 0; t < tokens.size(); t += 2) {
            String value = tokens.get(t + 1);
            switch (tokens.get(t).toLowerCase(Locale.ROOT)) {
                case "file" -> name = value;
                case "seq" -> seq = value;
                case "type" -> type = value;
                default -> {
                    // a newer Redis's extra pair: ignored, as Redis does
                }
            }
        }
        if (name == null || seq == null || type == null) {
            throw new AofManifestException(file, number, "missing file, seq or type");
        }
        if (name.isEmpty() || name.indexOf('/') >= 0) {
            throw new AofManifestException(file, number, "file name '" + name + "' is not a plain name");
        }
        long parsedSeq;
        try {
            parsedSeq = Long.parseLong(seq);
        } catch (NumberFormatException e) {
            throw new AofManifestException(file, number, "seq '" + seq + "' is not a number");
        }
        if (parsedSeq <= 0) {
            throw new AofManifestException(file, number, "seq must be positive, got " + seq);
        }
        AofFileType parsedType = AofFileType.ofCode(type);
        if (parsedType == null) {
            throw new AofManifestException(file, number, "unknown file type '" + type + "'");
        }
        return new AofFileEntry(name, parsedSeq, parsedType);
    }

    private static String quoteIfNeeded(String name) {
        boolean plain = name.chars().allMatch(c -> c > ' ' && c < 127 && c != '"' && c != '\'' && c != '\\');
        if (plain) {
            return name;
        }
        StringBuilder out = new StringBuilder("\"");
        for (byte b : name.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c >= ' ' && c < 127) {
                        out.append((char) c);
                    } else {
                        out.append(String.format("\\x%02x", c));
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
