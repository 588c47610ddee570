package io.forkline.engine.command;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A command's arguments as slices of one reusable byte buffer: what the protocol decoder fills and a
 * handler reads, without a Java object per argument. Argument 0 is the command name.
 *
 * <p>Not thread-safe: an instance belongs to one ring slot (or one test) and is refilled for each
 * command.
 */
public final class Arguments {

    private byte[] buffer;
    private int[] offsets;
    private int[] lengths;
    private int count;
    private int used;

    public Arguments() {
        this(256, 8);
    }

    public Arguments(int initialBytes, int initialCount) {
        buffer = new byte[initialBytes];
        offsets = new int[initialCount];
        lengths = new int[initialCount];
    }

    /** Arguments from strings, for tests and internal commands. */
    public static Arguments of(String... arguments) {
        Arguments args = new Arguments();
        for (String argument : arguments) {
            args.add(argument.getBytes(StandardCharsets.UTF_8));
        }
        return args;
    }

    public static Arguments ofBytes(byte[]... arguments) {
        Arguments args = new Arguments();
        for (byte[] argument : arguments) {
            args.add(argument);
        }
        return args;
    }

    /** A copy that owns its bytes, sized to them: to keep a command once its ring slot is reused. */
    public Arguments copy() {
        int bytes = count == 0 ? 16 : Math.max(16, offset(count - 1) + length(count - 1));
        Arguments copy = new Arguments(bytes, Math.max(1, count));
        for (int i = 0; i < count; i++) {
            copy.add(buffer, offset(i), length(i));
        }
        return copy;
    }

    /** Empties it for the next command; keeps the buffers. */
    public void clear() {
        count = 0;
        used = 0;
    }

    public void add(byte[] source) {
        add(source, 0, source.length);
    }

    public void add(byte[] source, int offset, int length) {
        int at = reserve(length);
        System.arraycopy(source, offset, buffer, at, length);
    }

    /**
     * Makes room for one more argument of {@code length} bytes and returns where in {@link #buffer()}
     * its bytes go: a decoder copies them there itself.
     */
    public int reserve(int length) {
        if (count == offsets.length) {
            offsets = Arrays.copyOf(offsets, count * 2);
            lengths = Arrays.copyOf(lengths, count * 2);
        }
        if (buffer.length - used < length) {
            buffer = Arrays.copyOf(buffer, Math.max(used + length, buffer.length * 2));
        }
        offsets[count] = used;
        lengths[count] = length;
        count++;
        used += length;
        return used - length;
    }

    /** Drops every argument from {@code index} on. */
    public void truncate(int index) {
        if (index < count) {
            count = index;
            used = index == 0 ? 0 : offsets[index - 1] + lengths[index - 1];
        }
    }

    public int count() {
        return count;
    }

    /** The shared buffer; argument {@code i} is {@code [offset(i), offset(i) + length(i))}. */
    public byte[] buffer() {
        return buffer;
    }

    public int offset(int i) {
        return offsets[check(i)];
    }

    public int length(int i) {
        return lengths[check(i)];
    }

    public byte[] bytes(int i) {
        return Arrays.copyOfRange(buffer, offsets[check(i)], offsets[i] + lengths[i]);
    }

    public String string(int i) {
        return new String(buffer, offsets[check(i)], lengths[i], StandardCharsets.UTF_8);
    }

    /** True if argument {@code i} equals {@code lowerAscii} ignoring ASCII case, as Redis's strcasecmp. */
    public boolean is(int i, String lowerAscii) {
        int length = lengths[check(i)];
        if (length != lowerAscii.length()) {
            return false;
        }
        int at = offsets[i];
        for (int k = 0; k < length; k++) {
            int c = buffer[at + k];
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != lowerAscii.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    public boolean equals(int i, byte[] other) {
        return Arrays.equals(buffer, offsets[check(i)], offsets[i] + lengths[i], other, 0, other.length);
    }

    private int check(int i) {
        if (i < 0 || i >= count) {
            throw new IndexOutOfBoundsException("argument " + i + " of " + count);
        }
        return i;
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < count; i++) {
            out.append(i == 0 ? "" : " ").append(string(i));
        }
        return out.append(']').toString();
    }
}
