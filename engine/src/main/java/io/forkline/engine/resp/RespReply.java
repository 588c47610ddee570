package io.forkline.engine.resp;

import io.forkline.engine.command.Reply;
import io.forkline.engine.struct.IntegerText;
import io.forkline.pages.Memory;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A {@link Reply} that encodes RESP into a growable byte buffer, reused from command to command: the
 * writer fills it, and the network side sends {@code [0, length())}.
 *
 * <p>Deferred lengths: {@link #deferLength()} remembers a position; {@code setDeferred*} writes the
 * header there and closes the gap by moving what followed. Marks must nest (the inner one is
 * filled first), as in Redis's deferred reply nodes.
 */
public final class RespReply implements Reply {

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] OK = bytes("+OK\r\n");
    private static final byte[] NULL_BULK_2 = bytes("$-1\r\n");
    private static final byte[] NULL_ARRAY_2 = bytes("*-1\r\n");
    private static final byte[] NULL_3 = bytes("_\r\n");
    private static final byte[] ZERO = bytes(":0\r\n");
    private static final byte[] ONE = bytes(":1\r\n");
    private static final byte[] TRUE_3 = bytes("#t\r\n");
    private static final byte[] FALSE_3 = bytes("#f\r\n");

    /** {@code "$n\r\n"} and {@code ":n\r\n"} for the small n most replies carry, encoded once. */
    private static final int CACHED_NUMBERS = 1024;
    private static final byte[][] BULK_HEADERS = prefixed('$');
    private static final byte[][] INTEGERS = prefixed(':');

    private byte[] buffer;
    private int length;
    private int protocol = 2;

    public RespReply() {
        this(512);
    }

    public RespReply(int initialCapacity) {
        buffer = new byte[initialCapacity];
    }

    public void protocol(int version) {
        if (version != 2 && version != 3) {
            throw new IllegalArgumentException("RESP version must be 2 or 3, got " + version);
        }
        protocol = version;
    }

    @Override
    public int protocol() {
        return protocol;
    }

    public void clear() {
        length = 0;
    }

    public int length() {
        return length;
    }

    /** The encoded bytes are {@code [0, length())} of this array. */
    public byte[] buffer() {
        return buffer;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buffer, length);
    }

    /** The encoded reply as text, for tests and logs. */
    @Override
    public String toString() {
        return new String(buffer, 0, length, StandardCharsets.UTF_8);
    }

    @Override
    public void raw(byte[] encoded) {
        put(encoded, 0, encoded.length);
    }

    @Override
    public void ok() {
        raw(OK);
    }

    @Override
    public void simple(String status) {
        putByte('+');
        putAscii(status);
        raw(CRLF);
    }

    @Override
    public void error(String message) {
        putByte('-');
        putAscii(message.replace('\r', ' ').replace('\n', ' '));
        raw(CRLF);
    }

    @Override
    public void integer(long value) {
        if (value >= 0 && value < CACHED_NUMBERS) {
            raw(INTEGERS[(int) value]);
        } else {
            header(':', value);
        }
    }

    @Override
    public void bulk(byte[] value) {
        bulk(value, 0, value.length);
    }

    @Override
    public void bulk(byte[] value, int offset, int count) {
        bulkHeader(count);
        put(value, offset, count);
        raw(CRLF);
    }

    @Override
    public void bulk(Memory memory, long address, int count) {
        bulkHeader(count);
        ensure(count);
        memory.getBytes(address, buffer, length, count);
        length += count;
        raw(CRLF);
    }

    @Override
    public void bulkLong(long value) {
        header('$', IntegerText.decimalLength(value));
        number(value);
        raw(CRLF);
    }

    @Override
    public void bulk(String value) {
        bulk(value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void doubleText(byte[] text) {
        if (protocol == 3) {
            putByte(',');
            raw(text);
            raw(CRLF);
        } else {
            bulk(text);
        }
    }

    @Override
    public void bool(boolean value) {
        if (protocol == 3) {
            raw(value ? TRUE_3 : FALSE_3);
        } else {
            raw(value ? ONE : ZERO);
        }
    }

    @Override
    public void nullBulk() {
        raw(protocol == 3 ? NULL_3 : NULL_BULK_2);
    }

    @Override
    public void nullArray() {
        raw(protocol == 3 ? NULL_3 : NULL_ARRAY_2);
    }

    @Override
    public void array(long count) {
        header('*', count);
    }

    @Override
    public void map(long pairs) {
        if (protocol == 3) {
            header('%', pairs);
        } else {
            header('*', pairs * 2);
        }
    }

    @Override
    public void set(long count) {
        header(protocol == 3 ? '~' : '*', count);
    }

    @Override
    public void verbatim(String format, byte[] text) {
        if (protocol == 3) {
            header('=', text.length + 4L);
            putAscii(format);
            putByte(':');
            raw(text);
            raw(CRLF);
        } else {
            bulk(text);
        }
    }

    @Override
    public int deferLength() {
        return length;
    }

    @Override
    public void discardFrom(int mark) {
        if (mark < 0 || mark > length) {
            throw new IllegalArgumentException("mark " + mark + " outside the reply's " + length + " bytes");
        }
        length = mark;
    }

    @Override
    public void setDeferredArray(int mark, long count) {
        insertHeader(mark, '*', count);
    }

    @Override
    public void setDeferredMap(int mark, long pairs) {
        if (protocol == 3) {
            insertHeader(mark, '%', pairs);
        } else {
            insertHeader(mark, '*', pairs * 2);
        }
    }

    @Override
    public void setDeferredSet(int mark, long count) {
        insertHeader(mark, protocol == 3 ? '~' : '*', count);
    }

    // ---------------------------------------------------------------------------------------------

    private void insertHeader(int mark, char type, long count) {
        if (mark < 0 || mark > length) {
            throw new IllegalArgumentException("deferred mark " + mark + " outside the reply of " + length + " bytes");
        }
        int headerLength = 1 + IntegerText.decimalLength(count) + 2;
        ensure(headerLength);
        System.arraycopy(buffer, mark, buffer, mark + headerLength, length - mark);
        buffer[mark] = (byte) type;
        IntegerText.formatLong(count, buffer, mark + 1);
        buffer[mark + headerLength - 2] = '\r';
        buffer[mark + headerLength - 1] = '\n';
        length += headerLength;
    }

    private void bulkHeader(int count) {
        if (count >= 0 && count < CACHED_NUMBERS) {
            raw(BULK_HEADERS[count]);
        } else {
            header('$', count);
        }
    }

    private static byte[][] prefixed(char type) {
        byte[][] encoded = new byte[CACHED_NUMBERS][];
        for (int n = 0; n < CACHED_NUMBERS; n++) {
            encoded[n] = bytes(type + Integer.toString(n) + "\r\n");
        }
        return encoded;
    }

    private void header(char type, long count) {
        putByte(type);
        number(count);
        raw(CRLF);
    }

    private void number(long value) {
        ensure(20);
        length += IntegerText.formatLong(value, buffer, length);
    }

    private void putAscii(String text) {
        ensure(text.length());
        for (int i = 0; i < text.length(); i++) {
            buffer[length++] = (byte) text.charAt(i);
        }
    }

    private void putByte(int b) {
        ensure(1);
        buffer[length++] = (byte) b;
    }

    private void put(byte[] source, int offset, int count) {
        ensure(count);
        System.arraycopy(source, offset, buffer, length, count);
        length += count;
    }

    private void ensure(int more) {
        if (buffer.length - length < more) {
            buffer = Arrays.copyOf(buffer, (int) Math.min(Integer.MAX_VALUE - 8,
                    Math.max((long) length + more, buffer.length * 2L)));
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
