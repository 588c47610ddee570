package io.forkline.bench.load;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Pre-encoded RESP frames, one per operation, whose key digits (and hash field, and value) are
 * written in place for each request: encoding a request copies bytes and allocates nothing.
 * Values are taken at a random offset from a pool of random letters, so that no two values are
 * alike and none compresses (RDB writes strings through LZF). One instance per connection.
 */
public final class CommandFrames {

    /** Digits of a key number: {@code key:000000000042}. */
    public static final int KEY_DIGITS = 12;
    private static final int POOL_SLACK = 4096;

    private final Map<Operation, Frame> frames = new EnumMap<>(Operation.class);
    private final byte[] valuePool;
    private final int valueSize;
    private final int maxFrame;

    private record Frame(byte[] bytes, int keyAt, int fieldAt, int valueAt) {
    }

    public CommandFrames(int valueSize, long seed) {
        if (valueSize < 1) {
            throw new IllegalArgumentException("value size must be at least 1 byte, got " + valueSize);
        }
        this.valueSize = valueSize;
        this.valuePool = new byte[valueSize + POOL_SLACK];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < valuePool.length; i++) {
            valuePool[i] = (byte) ('a' + random.nextInt(26));
        }
        int max = 0;
        for (Operation op : Operation.values()) {
            Frame frame = build(op);
            frames.put(op, frame);
            max = Math.max(max, frame.bytes().length);
        }
        this.maxFrame = max;
    }

    /** The largest frame any operation encodes to. */
    public int maxFrame() {
        return maxFrame;
    }

    public int valueSize() {
        return valueSize;
    }

    /** Writes {@code op} on key number {@code key} into {@code out}; the caller checked it has {@link #maxFrame} room. */
    public void encode(Operation op, long key, int field, int valueOffset, ByteBuffer out) {
        Frame frame = frames.get(op);
        byte[] bytes = frame.bytes();
        writeDigits(bytes, frame.keyAt(), key);
        if (frame.fieldAt() >= 0) {
            bytes[frame.fieldAt()] = (byte) ('0' + field);
        }
        if (frame.valueAt() < 0) {
            out.put(bytes);
            return;
        }
        out.put(bytes, 0, frame.valueAt());
        out.put(valuePool, Math.floorMod(valueOffset, POOL_SLACK), valueSize);
        out.put(bytes, frame.valueAt() + valueSize, bytes.length - frame.valueAt() - valueSize);
    }

    /** The bytes of one request, for tests and the control client. */
    public byte[] encoded(Operation op, long key, int field, int valueOffset) {
        ByteBuffer out = ByteBuffer.allocate(maxFrame);
        encode(op, key, field, valueOffset, out);
        byte[] bytes = new byte[out.position()];
        out.flip().get(bytes);
        return bytes;
    }

    /** The key's text as the frames write it, e.g. {@code key:000000000042}. */
    public static String keyName(String prefix, long key) {
        byte[] digits = new byte[KEY_DIGITS];
        writeDigits(digits, 0, key);
        return prefix + new String(digits, StandardCharsets.US_ASCII);
    }

    private Frame build(Operation op) {
        String key = op.keyPrefix() + "0".repeat(KEY_DIGITS);
        String[] args = switch (op) {
            case SET -> new String[] {"SET", key, null};
            case GET -> new String[] {"GET", key};
            case DEL -> new String[] {"DEL", key};
            case INCR -> new String[] {"INCR", key};
            case HSET -> new String[] {"HSET", key, "f0", null};
            case HGET -> new String[] {"HGET", key, "f0"};
        };
        StringBuilder text = new StringBuilder("*").append(args.length).append("\r\n");
        int keyAt = -1;
        int fieldAt = -1;
        int valueAt = -1;
        for (int i = 0; i < args.length; i++) {
            int length = args[i] == null ? valueSize : args[i].length();
            text.append('$').append(length).append("\r\n");
            if (i == 1) {
                keyAt = text.length() + op.keyPrefix().length();
            } else if (i == 2 && args[i] != null) {
                fieldAt = text.length() + 1;
            }
            if (args[i] == null) {
                valueAt = text.length();
                text.append("v".repeat(valueSize));
            } else {
                text.append(args[i]);
            }
            text.append("\r\n");
        }
        return new Frame(text.toString().getBytes(StandardCharsets.US_ASCII), keyAt, fieldAt, valueAt);
    }

    private static void writeDigits(byte[] into, int at, long value) {
        long rest = value;
        for (int i = at + KEY_DIGITS - 1; i >= at; i--) {
            into[i] = (byte) ('0' + (int) (rest % 10));
            rest /= 10;
        }
    }
}
