package io.forkline.snapshot.rdb;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/** Records what a reader reports, one line per event, values described by {@link #describe}. */
final class RecordingVisitor implements RdbVisitor {

    final List<String> events = new ArrayList<>();
    final List<RdbValue> values = new ArrayList<>();
    final List<RdbType> types = new ArrayList<>();

    @Override
    public void header(int version) {
        events.add("header " + version);
    }

    @Override
    public void aux(byte[] key, byte[] value) {
        events.add("aux " + text(key) + "=" + text(value));
    }

    @Override
    public void selectDb(int db) {
        events.add("select " + db);
    }

    @Override
    public void resizeDb(long keys, long expires) {
        events.add("resize " + keys + " " + expires);
    }

    @Override
    public void function(byte[] code) {
        events.add("function " + text(code));
    }

    @Override
    public void beginEntry(long offset, int db, RdbType type, byte[] key) {
        types.add(type);
    }

    @Override
    public void entry(int db, byte[] key, RdbValue value, long expireAtMillis) {
        values.add(value);
        events.add("entry " + db + " " + text(key) + " " + describe(value) + (expireAtMillis == -1 ? "" : " expire " + expireAtMillis));
    }

    @Override
    public void emptyEntry(int db, byte[] key, RdbType type) {
        events.add("empty " + db + " " + text(key) + " " + type);
    }

    @Override
    public void end(long storedCrc, boolean checked) {
        events.add("end " + (checked ? "checked" : "unchecked"));
    }

    /** The entry events only. */
    List<String> entries() {
        return events.stream().filter(e -> e.startsWith("entry ")).toList();
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /**
     * "string:v", "list[a, b]", "set[a, b]", "hash{f=v, g=w}", "zset[a=1.5, b=inf]", all in file order;
     * "stream[1-1 f=v g=w, 2-0 f=x] last 2-0 groups 1", live entries in ID order.
     */
    static String describe(RdbValue value) {
        return switch (value) {
            case RdbValue.Str s -> "string:" + text(s.bytes());
            case RdbValue.ListOf l -> "list" + join(l.elements());
            case RdbValue.SetOf s -> "set" + join(s.members());
            case RdbValue.HashOf h -> {
                StringJoiner j = new StringJoiner(", ", "hash{", "}");
                for (int i = 0; i < h.fieldsAndValues().size(); i += 2) {
                    j.add(text(h.fieldsAndValues().get(i)) + "=" + text(h.fieldsAndValues().get(i + 1)));
                }
                yield j.toString();
            }
            case RdbValue.SortedSetOf z -> {
                StringJoiner j = new StringJoiner(", ", "zset[", "]");
                for (int i = 0; i < z.scores().length; i++) {
                    double score = z.scores()[i];
                    String text = score == (long) score ? Long.toString((long) score) : Double.toString(score);
                    j.add(text(z.members().get(i)) + "=" + (Double.isInfinite(score) ? (score > 0 ? "inf" : "-inf") : text));
                }
                yield j.toString();
            }
            case RdbValue.StreamOf stream -> {
                StringJoiner j = new StringJoiner(", ", "stream[", "]");
                for (RdbValue.StreamOf.Entry entry : stream.entries()) {
                    StringJoiner fields = new StringJoiner(" ", entry.id() + " ", "");
                    for (int i = 0; i < entry.fieldsAndValues().size(); i += 2) {
                        fields.add(text(entry.fieldsAndValues().get(i)) + "=" + text(entry.fieldsAndValues().get(i + 1)));
                    }
                    j.add(fields.toString());
                }
                yield j + " last " + stream.lastId() + " groups " + stream.groups().size();
            }
        };
    }

    private static String join(List<byte[]> strings) {
        StringJoiner j = new StringJoiner(", ", "[", "]");
        strings.forEach(s -> j.add(text(s)));
        return j.toString();
    }
}
