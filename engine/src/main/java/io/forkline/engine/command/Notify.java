package io.forkline.engine.command;

/**
 * Keyspace notification classes (Redis's {@code NOTIFY_*} flags) and the {@code notify-keyspace-events}
 * text that selects them: {@code K} and {@code E} choose the channels ({@code __keyspace@<db>__:<key>},
 * {@code __keyevent@<db>__:<event>}), the other letters the classes of events; {@code A} is every class
 * but {@code m} and {@code n}.
 */
public final class Notify {

    public static final int KEYSPACE = 1;
    public static final int KEYEVENT = 1 << 1;
    public static final int GENERIC = 1 << 2;
    public static final int STRING = 1 << 3;
    public static final int LIST = 1 << 4;
    public static final int SET = 1 << 5;
    public static final int HASH = 1 << 6;
    public static final int ZSET = 1 << 7;
    public static final int EXPIRED = 1 << 8;
    public static final int EVICTED = 1 << 9;
    public static final int STREAM = 1 << 10;
    public static final int KEY_MISS = 1 << 11;
    public static final int MODULE = 1 << 13;
    public static final int NEW = 1 << 14;
    public static final int ALL = GENERIC | STRING | LIST | SET | HASH | ZSET | EXPIRED | EVICTED | STREAM | MODULE;

    private static final String CLASS_LETTERS = "g$lshzxetdn";
    private static final int[] CLASS_FLAGS = {GENERIC, STRING, LIST, SET, HASH, ZSET, EXPIRED, EVICTED, STREAM, MODULE, NEW};

    private Notify() {
    }

    /** The flags a {@code notify-keyspace-events} value selects, or -1 if a character maps to no class. */
    public static int parse(String classes) {
        int flags = 0;
        for (int i = 0; i < classes.length(); i++) {
            char c = classes.charAt(i);
            int flag = switch (c) {
                case 'A' -> ALL;
                case 'K' -> KEYSPACE;
                case 'E' -> KEYEVENT;
                case 'm' -> KEY_MISS;
                default -> {
                    int at = CLASS_LETTERS.indexOf(c);
                    yield at < 0 ? -1 : CLASS_FLAGS[at];
                }
            };
            if (flag < 0) {
                return -1;
            }
            flags |= flag;
        }
        return flags;
    }

    /** The text CONFIG GET shows for {@code flags}, exactly as Redis 7.0 ({@code AKE}, {@code g$lKE}, ...). */
    public static String format(int flags) {
        StringBuilder text = new StringBuilder();
        if ((flags & ALL) == ALL) {
            text.append('A');   // as Redis 7.0: 'n' is not shown beside 'A' (though it stays in effect)
        } else {
            for (int i = 0; i < CLASS_FLAGS.length; i++) {
                if ((flags & CLASS_FLAGS[i]) != 0) {
                    text.append(CLASS_LETTERS.charAt(i));
                }
            }
        }
        if ((flags & KEYSPACE) != 0) {
            text.append('K');
        }
        if ((flags & KEYEVENT) != 0) {
            text.append('E');
        }
        if ((flags & KEY_MISS) != 0) {
            text.append('m');
        }
        return text.toString();
    }
}
