package io.forkline.snapshot.tool;

import io.forkline.snapshot.io.StreamSource;
import io.forkline.snapshot.io.TruncatedInputException;
import io.forkline.snapshot.rdb.Printable;
import io.forkline.snapshot.rdb.RdbFormatException;
import io.forkline.snapshot.rdb.RdbReader;
import io.forkline.snapshot.rdb.RdbType;
import io.forkline.snapshot.rdb.RdbValue;
import io.forkline.snapshot.rdb.RdbVisitor;
import io.forkline.snapshot.storage.FileStorage;
import io.forkline.snapshot.storage.Storage;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code forkline rdb check FILE}, like redis-check-rdb: reads the whole file (every value decoded,
 * every blob checked deeply, the checksum verified), prints its version, AUX fields, databases, keys
 * by type, by RDB encoding and by database, expires and already-expired keys; on an error, the offset,
 * what was expected there and the key being read. Exit status 0 when the file is valid, 1 when not.
 */
public final class RdbCheckTool {

    private RdbCheckTool() {
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: RdbCheckTool FILE");
            System.exit(2);
        }
        System.exit(check(FileStorage.INSTANCE, Path.of(args[0]), System.out, System.currentTimeMillis()));
    }

    /** Checks {@code file}, reporting to {@code out}; keys expiring before {@code nowMillis} count as already expired. */
    public static int check(Storage storage, Path file, PrintStream out, long nowMillis) {
        out.println("[offset 0] Checking RDB file " + file);
        Census census = new Census(out, nowMillis);
        try (StreamSource source = new StreamSource(storage.openRead(file))) {
            census.source = source;
            new RdbReader(source, storage.size(file)).read(census);
            long length = source.position();
            out.println("[offset " + length + "] " + (census.checked ? "Checksum OK" : "No checksum to check (saved with rdbchecksum no,"
                    + " or a version before 5)"));
            out.println("[offset " + length + "] RDB looks OK");
            if (!source.atEnd()) {
                out.println("[info] bytes follow the checksum (an AOF's RESP tail after an RDB preamble?)");
            }
            census.summary();
            return 0;
        } catch (RdbFormatException | TruncatedInputException corrupt) {
            out.println("--- RDB ERROR DETECTED ---");
            long offset = corrupt instanceof RdbFormatException format ? format.offset() : ((TruncatedInputException) corrupt).offset();
            out.println("[offset " + offset + "] " + (corrupt instanceof TruncatedInputException truncated
                    ? "Unexpected EOF reading RDB file: expected " + truncated.wanted() + " more byte" + (truncated.wanted() == 1 ? "" : "s")
                    : corrupt.getMessage()));
            if (census.currentKey != null) {
                out.println("[additional info] Reading key " + Printable.quote(census.currentKey) + " (database " + census.currentDb
                        + ", type " + census.currentType.code() + " " + census.currentType + ", from offset " + census.currentOffset + ")");
            }
            census.summary();
            return 1;
        } catch (IOException unreadable) {
            out.println("--- RDB ERROR DETECTED ---");
            out.println("Cannot read " + file + ": " + unreadable);
            return 1;
        }
    }

    /** Counts what the file holds and prints the records as they come. */
    private static final class Census implements RdbVisitor {

        private final PrintStream out;
        private final long nowMillis;
        private StreamSource source;
        private final Map<String, Long> byType = new TreeMap<>();
        private final Map<String, Long> byEncoding = new TreeMap<>();
        private final Map<Integer, long[]> byDb = new TreeMap<>();
        private long keys;
        private long expires;
        private long alreadyExpired;
        private long emptyKeys;
        private long functions;
        private boolean checked;
        private byte[] currentKey;
        private int currentDb;
        private RdbType currentType;
        private long currentOffset;

        Census(PrintStream out, long nowMillis) {
            this.out = out;
            this.nowMillis = nowMillis;
        }

        private String at() {
            return "[offset " + source.position() + "] ";
        }

        @Override
        public void header(int version) {
            out.println(at() + "RDB version " + version);
        }

        @Override
        public void aux(byte[] key, byte[] value) {
            out.println(at() + "AUX FIELD " + Printable.quote(key) + " = " + Printable.quote(value));
        }

        @Override
        public void selectDb(int db) {
            out.println(at() + "Selecting DB ID " + db);
        }

        @Override
        public void resizeDb(long keyCount, long expireCount) {
            out.println(at() + "RESIZEDB hint: " + keyCount + " keys, " + expireCount + " expires");
        }

        @Override
        public void function(byte[] code) {
            functions++;
            int end = 0;
            while (end < code.length && code[end] != '\n') {
                end++;
            }
            out.println(at() + "FUNCTION library " + Printable.quote(java.util.Arrays.copyOf(code, end)));
        }

        @Override
        public void beginEntry(long offset, int db, RdbType type, byte[] key) {
            currentKey = key;
            currentDb = db;
            currentType = type;
            currentOffset = offset;
        }

        @Override
        public void entry(int db, byte[] key, RdbValue value, long expireAtMillis) {
            keys++;
            byType.merge(value.typeName(), 1L, Long::sum);
            byEncoding.merge(currentType.toString(), 1L, Long::sum);
            long[] counts = byDb.computeIfAbsent(db, d -> new long[2]);
            counts[0]++;
            if (expireAtMillis != -1) {
                expires++;
                counts[1]++;
                if (expireAtMillis < nowMillis) {
                    alreadyExpired++;
                }
            }
            currentKey = null;
        }

        @Override
        public void emptyEntry(int db, byte[] key, RdbType type) {
            emptyKeys++;
            byEncoding.merge(type.toString(), 1L, Long::sum);
            out.println(at() + "Empty key " + Printable.quote(key) + " (" + type + "), which a load skips");
            currentKey = null;
        }

        @Override
        public void end(long storedCrc, boolean crcChecked) {
            this.checked = crcChecked;
        }

        void summary() {
            out.println("[info] " + keys + " keys read");
            out.println("[info] " + expires + " expires");
            out.println("[info] " + alreadyExpired + " already expired");
            if (emptyKeys > 0) {
                out.println("[info] " + emptyKeys + " empty keys");
            }
            if (functions > 0) {
                out.println("[info] " + functions + " function libraries");
            }
            if (!byType.isEmpty()) {
                out.println("[info] keys by type: " + join(byType));
                out.println("[info] keys by RDB encoding: " + join(byEncoding));
            }
            byDb.forEach((db, counts) -> out.println("[info] db " + db + ": " + counts[0] + " keys, " + counts[1] + " expires"));
        }

        private static String join(Map<String, Long> counts) {
            StringBuilder text = new StringBuilder();
            counts.forEach((name, count) -> text.append(text.isEmpty() ? "" : ", ").append(name).append(' ').append(count));
            return text.toString();
        }
    }
}
