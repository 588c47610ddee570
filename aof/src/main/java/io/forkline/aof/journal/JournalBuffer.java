package io.forkline.aof.journal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** The bytes of the log not yet written: RESP commands, SELECTs and timestamp annotations. Journaling thread only. */
final class JournalBuffer {

    private static final byte[] SELECT = "*2\r\n$6\r\nSELECT\r\n$".getBytes(StandardCharsets.US_ASCII);
    private byte[] bytes = new byte[16 * 1024];
    private int length;

    int length() {
        return length;
    }

    byte[] array() {
        return bytes;
    }

    void clear() {
        length = 0;
    }

    void add(byte[] source, int offset, int count) {
        ensure(count);
        System.arraycopy(source, offset, bytes, length, count);
        length += count;
    }

    /** {@code *2 $6 SELECT $n <db>}, as Redis's feedAppendOnlyFile writes it. */
    void select(int db) {
        String digits = Integer.toString(db);
        ensure(SELECT.length + 32);
        System.arraycopy(SELECT, 0, bytes, length, SELECT.length);
        length += SELECT.length;
        ascii(Integer.toString(digits.length()));
        crlf();
        ascii(digits);
        crlf();
    }

    /** {@code #TS:<unix seconds>}: an annotation line the loaders skip. */
    void timestamp(long seconds) {
        ensure(32);
        ascii("#TS:" + seconds);
        crlf();
    }

    /** Drops the first {@code count} bytes (they reached the file before a write failed). */
    void dropFirst(int count) {
        System.arraycopy(bytes, count, bytes, 0, length - count);
        length -= count;
    }

    /** Gives memory back after a large batch. */
    void shrink() {
        if (length == 0 && bytes.length > 1024 * 1024) {
            bytes = new byte[16 * 1024];
        }
    }

    private void ascii(String text) {
        for (int i = 0; i < text.length(); i++) {
            bytes[length++] = (byte) text.charAt(i);
        }
    }

    private void crlf() {
        bytes[length++] = '\r';
        bytes[length++] = '\n';
    }

    private void ensure(int more) {
        if (bytes.length - length < more) {
            long wanted = Math.max((long) bytes.length * 2, (long) length + more);
            if (wanted > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("the AOF buffer would exceed 2 GiB");
            }
            bytes = Arrays.copyOf(bytes, (int) wanted);
        }
    }
}
