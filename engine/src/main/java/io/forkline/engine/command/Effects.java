package io.forkline.engine.command;

import io.forkline.engine.struct.IntegerText;
import io.forkline.pages.Memory;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * What the commands of a batch did, as commands that replay deterministically (Redis's propagation
 * to the AOF and replicas): each effect is a RESP array of bulk strings tagged with its database.
 * The journal appends them, inserting {@code SELECT} where the database changes.
 *
 * <p>Effects are recorded only while something consumes them ({@link #recording(boolean)}), as Redis
 * propagates only while the AOF is on or replicas are attached: with nothing to feed, {@code begin},
 * {@code argument} and {@code add} record nothing and {@link #count()} stays 0.
 *
 * <p>Written by the writer thread, read by the journal stage after the ring's hand-over; cleared and
 * reused per ring slot.
 */
public final class Effects {

    private final byte[] number = new byte[20];
    private byte[] buffer = new byte[256];
    private int length;
    private int[] starts = new int[4];
    private int[] dbs = new int[4];
    private int count;
    private int openArguments = -1;
    private boolean recording = true;

    public void clear() {
        length = 0;
        count = 0;
        openArguments = -1;
    }

    /**
     * Whether effects from now on are recorded (the default) or dropped: the writer says so at each event,
     * and turns it on mid-event when a consumer starts at that point. Not changed by {@link #clear}.
     */
    public void recording(boolean on) {
        if (!on && openArguments > 0) {
            throw new IllegalStateException("an effect still lacks " + openArguments + " arguments");
        }
        recording = on;
    }

    public boolean recording() {
        return recording;
    }

    public int count() {
        return count;
    }

    public int db(int i) {
        return dbs[i];
    }

    /** Effect {@code i} is {@code buffer()[start(i), end(i))}. */
    public int start(int i) {
        return starts[i];
    }

    public int end(int i) {
        return i + 1 < count ? starts[i + 1] : length;
    }

    public byte[] buffer() {
        return buffer;
    }

    /** All effects, RESP-encoded back to back, without SELECTs. */
    public int length() {
        return length;
    }

    /** Drops every effect from index {@code keep} on (a transaction that wrote nothing loses its MULTI). */
    public void truncate(int keep) {
        if (keep < count) {
            length = starts[keep];
            count = keep;
            openArguments = -1;
        }
    }

    /** The command exactly as the client sent it. */
    public void add(int db, Arguments args) {
        if (!recording) {
            return;
        }
        begin(db, args.count());
        for (int i = 0; i < args.count(); i++) {
            argument(args.buffer(), args.offset(i), args.length(i));
        }
    }

    /** A command of string arguments, e.g. {@code add(db, "DEL", key)} built by a handler. */
    public void add(int db, byte[]... arguments) {
        begin(db, arguments.length);
        for (byte[] argument : arguments) {
            argument(argument, 0, argument.length);
        }
    }

    /** Starts an effect of {@code arguments} arguments; add each with an {@code argument} call. */
    public void begin(int db, int arguments) {
        if (!recording) {
            return;
        }
        if (openArguments > 0) {
            throw new IllegalStateException("the previous effect still lacks " + openArguments + " arguments");
        }
        if (count == starts.length) {
            starts = Arrays.copyOf(starts, count * 2);
            dbs = Arrays.copyOf(dbs, count * 2);
        }
        starts[count] = length;
        dbs[count] = db;
        count++;
        header('*', arguments);
        openArguments = arguments;
    }

    public void argument(byte[] bytes, int offset, int count) {
        if (!recording) {
            return;
        }
        take();
        header('$', count);
        put(bytes, offset, count);
        crlf();
    }

    public void argument(byte[] bytes) {
        argument(bytes, 0, bytes.length);
    }

    public void argument(String text) {
        if (!recording) {
            return;
        }
        argument(text.getBytes(StandardCharsets.UTF_8));
    }

    public void argument(long value) {
        if (!recording) {
            return;
        }
        argument(number, 0, IntegerText.formatLong(value, number, 0));
    }

    public void argument(Memory memory, long address, int count) {
        if (!recording) {
            return;
        }
        take();
        header('$', count);
        ensure(count);
        memory.getBytes(address, buffer, length, count);
        length += count;
        crlf();
    }

    /** Appends every effect of {@code other}, each in its database (a script's, gathered apart until it ends). */
    public void addAll(Effects other) {
        if (!recording) {
            return;
        }
        if (openArguments > 0) {
            throw new IllegalStateException("the previous effect still lacks " + openArguments + " arguments");
        }
        for (int i = 0; i < other.count(); i++) {
            if (count == starts.length) {
                starts = Arrays.copyOf(starts, count * 2);
                dbs = Arrays.copyOf(dbs, count * 2);
            }
            starts[count] = length;
            dbs[count] = other.db(i);
            count++;
            put(other.buffer(), other.start(i), other.end(i) - other.start(i));
        }
    }

    /** The effects as text, for tests and logs. */
    @Override
    public String toString() {
        return new String(buffer, 0, length, StandardCharsets.UTF_8);
    }

    private void take() {
        if (openArguments <= 0) {
            throw new IllegalStateException("no effect is open for another argument");
        }
        openArguments--;
    }

    private void header(char type, long value) {
        ensure(24);
        buffer[length++] = (byte) type;
        length += IntegerText.formatLong(value, buffer, length);
        crlf();
    }

    private void crlf() {
        ensure(2);
        buffer[length++] = '\r';
        buffer[length++] = '\n';
    }

    private void put(byte[] source, int offset, int count) {
        ensure(count);
        System.arraycopy(source, offset, buffer, length, count);
        length += count;
    }

    private void ensure(int more) {
        if (buffer.length - length < more) {
            buffer = Arrays.copyOf(buffer, Math.max(length + more, buffer.length * 2));
        }
    }
}
