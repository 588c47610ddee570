package io.forkline.snapshot.rdb;

import io.forkline.engine.struct.CorruptEncodingException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes one object's payload, whatever its RDB type, into an {@link RdbValue}: the plain encodings
 * element by element, the blobs (ziplist, zipmap, intset, listpack) after checking them deeply. Refuses
 * what Redis refuses on load: duplicate members or fields, NaN scores, quicklist nodes of an unknown
 * container or of no bytes; a stream as {@link StreamDecoder} reads it. Module values are not decoded (the
 * caller names the key).
 */
final class RdbValueDecoder {

    static final int QUICKLIST_PLAIN = 1;
    static final int QUICKLIST_PACKED = 2;

    private RdbValueDecoder() {
    }

    /** Whether forkline can hold values of this type: all but module values. */
    static boolean isSupported(RdbType type) {
        return type != RdbType.MODULE_PRE_GA && type != RdbType.MODULE_2;
    }

    static RdbValue read(RdbType type, RdbInput in) throws IOException {
        long offset = in.position();
        return switch (type) {
            case STRING -> new RdbValue.Str(in.readString("a string value"));
            case LIST -> new RdbValue.ListOf(readStrings(in, "list elements"));
            case SET -> new RdbValue.SetOf(distinct(offset, readStrings(in, "set members"), 1, "Duplicate set members detected"));
            case ZSET, ZSET_2 -> readSortedSet(type, in);
            case HASH -> new RdbValue.HashOf(distinct(offset, readPairs(in), 2, "Duplicate hash fields detected"));
            case LIST_QUICKLIST, LIST_QUICKLIST_2 -> new RdbValue.ListOf(readQuicklist(type, in));
            case HASH_ZIPMAP -> new RdbValue.HashOf(distinct(offset, blob(in, type, "zipmap"), 2, "Hash zipmap with dup elements"));
            case LIST_ZIPLIST -> new RdbValue.ListOf(blob(in, type, "ziplist"));
            case SET_INTSET -> new RdbValue.SetOf(blob(in, type, "intset"));
            case SET_LISTPACK -> new RdbValue.SetOf(distinct(offset, blob(in, type, "listpack"), 1, "Duplicate set members detected"));
            case ZSET_ZIPLIST -> packedSortedSet(offset, blob(in, type, "ziplist"));
            case ZSET_LISTPACK -> packedSortedSet(offset, blob(in, type, "listpack"));
            case HASH_ZIPLIST -> new RdbValue.HashOf(distinct(offset, pairs(offset, blob(in, type, "ziplist"), "hash"), 2,
                    "Duplicate hash fields detected"));
            case HASH_LISTPACK -> new RdbValue.HashOf(distinct(offset, pairs(offset, blob(in, type, "listpack"), "hash"), 2,
                    "Duplicate hash fields detected"));
            case STREAM_LISTPACKS, STREAM_LISTPACKS_2, STREAM_LISTPACKS_3 -> StreamDecoder.read(type, in);
            case MODULE_PRE_GA, MODULE_2 -> throw new RdbFormatException(
                    offset, "a type forkline can load", "a module value (RDB type " + type.code() + ", " + type + ")");
        };
    }

    // ---------------------------------------------------------------------------------------------
    // Plain encodings

    private static List<byte[]> readStrings(RdbInput in, String what) throws IOException {
        int count = in.readCount(what, 1);
        List<byte[]> strings = new ArrayList<>(Math.min(count, 1024));
        for (int i = 0; i < count; i++) {
            strings.add(in.readString("one of the " + what));
        }
        return strings;
    }

    private static List<byte[]> readPairs(RdbInput in) throws IOException {
        int count = in.readCount("hash fields", 2);
        List<byte[]> pairs = new ArrayList<>(Math.min(2 * count, 1024));
        for (int i = 0; i < count; i++) {
            pairs.add(in.readString("a hash field"));
            pairs.add(in.readString("a hash value"));
        }
        return pairs;
    }

    private static RdbValue readSortedSet(RdbType type, RdbInput in) throws IOException {
        long offset = in.position();
        boolean binary = type == RdbType.ZSET_2;
        int count = in.readCount("sorted set members", binary ? 9 : 2);
        List<byte[]> members = new ArrayList<>(Math.min(count, 1024));
        double[] scores = new double[Math.min(count, 1024)];
        for (int i = 0; i < count; i++) {
            members.add(in.readString("a sorted set member"));
            long scoreOffset = in.position();
            double score = binary ? in.readBinaryDouble() : in.readStringDouble("a score");
            if (Double.isNaN(score)) {
                throw new RdbFormatException(scoreOffset, "Zset with NAN score detected");
            }
            if (i == scores.length) {
                scores = java.util.Arrays.copyOf(scores, Math.min(count, 2 * scores.length));
            }
            scores[i] = score;
        }
        distinct(offset, members, 1, "Duplicate zset fields detected");
        return new RdbValue.SortedSetOf(members, scores);
    }

    // ---------------------------------------------------------------------------------------------
    // Quicklists: nodes of ziplists (v1) or of a container and a blob (v2)

    private static List<byte[]> readQuicklist(RdbType type, RdbInput in) throws IOException {
        boolean v2 = type == RdbType.LIST_QUICKLIST_2;
        int nodes = in.readCount("quicklist nodes", v2 ? 2 : 1);
        List<byte[]> elements = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            int container = QUICKLIST_PACKED;
            if (v2) {
                long offset = in.position();
                long value = in.readLength("a quicklist node container");
                if (value != QUICKLIST_PLAIN && value != QUICKLIST_PACKED) {
                    throw new RdbFormatException(offset, "a quicklist node container, 1 (plain) or 2 (packed)", Long.toString(value));
                }
                container = (int) value;
            }
            long offset = in.position();
            byte[] data = in.readString("a quicklist node");
            if (data.length == 0) {
                throw new RdbFormatException(offset, "a quicklist node of at least one byte", "an empty one");
            }
            if (container == QUICKLIST_PLAIN) {
                elements.add(data);
            } else {
                elements.addAll(decode(offset, data, v2 ? "listpack" : "ziplist", type));
            }
        }
        return elements;
    }

    // ---------------------------------------------------------------------------------------------
    // Blobs

    private static List<byte[]> blob(RdbInput in, RdbType type, String kind) throws IOException {
        long offset = in.position();
        byte[] data = in.readString("a " + kind + " blob");
        return decode(offset, data, kind, type);
    }

    private static List<byte[]> decode(long offset, byte[] data, String kind, RdbType type) throws RdbFormatException {
        try {
            return switch (kind) {
                case "ziplist" -> ZiplistDecoder.decode(data);
                case "zipmap" -> ZipmapDecoder.decode(data);
                case "intset" -> IntsetDecoder.decode(data);
                default -> ListpackDecoder.decode(data);
            };
        } catch (CorruptEncodingException corrupt) {
            throw new RdbFormatException(offset, "a valid " + kind + " of " + data.length + " bytes (" + type + ")",
                    corrupt.getMessage(), corrupt);
        }
    }

    /** Member, score, member, score ... from a ziplist or listpack; scores as integers or text. */
    private static RdbValue packedSortedSet(long offset, List<byte[]> flat) throws RdbFormatException {
        pairs(offset, flat, "sorted set");
        int count = flat.size() / 2;
        List<byte[]> members = new ArrayList<>(count);
        double[] scores = new double[count];
        for (int i = 0; i < count; i++) {
            members.add(flat.get(2 * i));
            byte[] text = flat.get(2 * i + 1);
            try {
                scores[i] = Scores.parse(text);
            } catch (NumberFormatException notANumber) {
                throw new RdbFormatException(offset, "a score for member " + Printable.quote(flat.get(2 * i)), Printable.quote(text));
            }
            if (Double.isNaN(scores[i])) {
                throw new RdbFormatException(offset, "Zset with NAN score detected");
            }
        }
        distinct(offset, members, 1, "Duplicate zset fields detected");
        return new RdbValue.SortedSetOf(members, scores);
    }

    private static List<byte[]> pairs(long offset, List<byte[]> flat, String what) throws RdbFormatException {
        if (flat.size() % 2 != 0) {
            throw new RdbFormatException(offset, "an even number of elements in a " + what + " blob",
                    Integer.toString(flat.size()));
        }
        return flat;
    }

    /** The finder of {@link #distinct}, one per reading thread so that its table is reused. */
    private static final ThreadLocal<DuplicateFinder> DUPLICATES = ThreadLocal.withInitial(DuplicateFinder::new);

    /** Fails when two of {@code strings} at indexes 0, stride, 2 * stride ... are equal, naming the first repeat. */
    private static List<byte[]> distinct(long offset, List<byte[]> strings, int stride, String duplicate) throws RdbFormatException {
        int repeat = DUPLICATES.get().first(strings, stride);
        if (repeat >= 0) {
            throw new RdbFormatException(offset, duplicate + ": " + Printable.quote(strings.get(repeat)));
        }
        return strings;
    }
}
