package io.forkline.aof.load;

import io.forkline.engine.command.Arguments;
import io.forkline.snapshot.io.ByteSource;
import io.forkline.snapshot.io.TruncatedInputException;

import java.io.IOException;

/**
 * Reads the commands of an append-only file, one RESP record at a time, into a reusable
 * {@link Arguments}: {@code *<argc>\r\n}, then per argument {@code $<len>\r\n<bytes>\r\n}. Lines that
 * start with {@code #} between records (Redis's {@code #TS:} annotations) are skipped.
 *
 * <p>Strict where Redis's loader is lenient: counts and lengths are decimal digits ended by
 * {@code \r\n}, and the {@code \r\n} after each argument's bytes is verified (Redis's loader reads
 * and discards those two bytes; only redis-check-aof looks at them). A checked terminator is what
 * tells a damaged length in the middle of a file from a torn tail.
 *
 * <p>Two failures, kept apart because the caller treats them differently: {@link AofTruncatedException}
 * when the input ends inside a record, {@link AofFormatException} when a byte is not what the format
 * allows. Both name the offset.
 *
 * <p>The reader takes the source's bytes a window at a time and parses the window's array itself: a
 * replay at start-up runs much of a log before the JIT has compiled this code, and there a call into the
 * source for each byte of every count and length line cost more than the commands' own work. The source
 * is thus read ahead of {@link #position()}; only this reader may read it from here on.
 */
public final class AofRecordReader {

    /** The largest argument a Java array holds. */
    public static final long MAX_BULK = Integer.MAX_VALUE - 16;
    private static final int WINDOW_BYTES = 64 * 1024;

    private final ByteSource source;
    /** Where the input ends: as told, or where the source turned out to end before that. */
    private long end;
    private final byte[] window;
    /** The offset in the input of {@code window[0]}. */
    private long windowStart;
    /** The next byte to parse is {@code window[at]}; the window holds bytes up to {@code limit}. */
    private int at;
    private int limit;
    private long recordStart;
    private long annotations;

    /**
     * Reads from {@code source}, from its position on, up to offset {@code end}, where its input ends: a
     * length that reaches past the end is a torn record, not a reason to allocate.
     */
    public AofRecordReader(ByteSource source, long end) {
        this.source = source;
        this.end = end;
        this.windowStart = source.position();
        this.window = new byte[(int) Math.max(1, Math.min(WINDOW_BYTES, end - windowStart))];
    }

    /**
     * Reads the next command into {@code args} (cleared first). Returns false at a clean end of input,
     * between two records.
     */
    public boolean next(Arguments args) throws IOException {
        args.clear();
        while (true) {
            recordStart = position();
            int first = read();
            if (first < 0) {
                return false;
            }
            if (first == '#') {
                skipAnnotation();
                continue;
            }
            if (first != '*') {
                throw new AofFormatException(recordStart, "'*' starting a command (or '#' starting an annotation)", describe(first));
            }
            long count = number(true);
            if (count < 1) {
                throw new AofFormatException(recordStart + 1, "an argument count of at least 1", Long.toString(count));
            }
            long bytes = 0;
            for (long i = 1; i <= count; i++) {
                bytes += argument(args, i, count, bytes);
            }
            return true;
        }
    }

    /** Where the record last read (or being read) starts. */
    public long recordStart() {
        return recordStart;
    }

    /** The offset of the next byte: after {@link #next} returned true, the end of that record. */
    public long position() {
        return windowStart + at;
    }

    /** Annotation lines skipped so far. */
    public long annotations() {
        return annotations;
    }

    /** Reads argument {@code index} of {@code count} into {@code args}; returns its length. */
    private long argument(Arguments args, long index, long count, long bytesBefore) throws IOException {
        long dollarAt = position();
        int dollar = read();
        if (dollar != '$') {
            if (dollar < 0) {
                throw truncated("'$' starting argument " + index + " of " + count);
            }
            throw new AofFormatException(dollarAt, "'$' starting argument " + index + " of " + count, describe(dollar));
        }
        long length = number(false);
        long left = end - position();
        if (length > left) {
            throw new AofTruncatedException(recordStart, end, length + " bytes of argument " + index + " of " + count
                    + ", only " + left + " left");
        }
        if (bytesBefore + length > MAX_BULK) {   // Arguments keeps all of a command's bytes in one array
            throw new AofFormatException(dollarAt, "a command of at most " + MAX_BULK + " bytes", "a longer one");
        }
        int offset = args.reserve((int) length);
        if (!readFully(args.buffer(), offset, (int) length)) {
            throw truncated(length + " bytes of argument " + index + " of " + count);
        }
        long crlf = position();
        int cr = read();
        int lf = cr == '\r' ? read() : 0;
        if (cr != '\r' || lf != '\n') {
            if (cr < 0 || (cr == '\r' && lf < 0)) {
                throw truncated("\"\\r\\n\" after the " + length + " bytes of argument " + index);
            }
            throw new AofFormatException(cr == '\r' ? crlf + 1 : crlf, "\"\\r\\n\" after the " + length + " bytes of argument " + index,
                    describe(cr == '\r' ? lf : cr));
        }
        return length;
    }

    /**
     * A count (after '*') or a length (after '$'): decimal digits, then {@code \r\n}. The limit keeps a
     * damaged number from asking for more than an array holds.
     */
    private long number(boolean count) throws IOException {
        String what = count ? "an argument count" : "an argument length";
        long limit = count ? Integer.MAX_VALUE : MAX_BULK;
        long start = position();
        long value = 0;
        int digits = 0;
        while (true) {
            int c = read();
            if (c >= '0' && c <= '9') {
                value = value * 10 + (c - '0');
                if (value > limit) {
                    throw new AofFormatException(start, what + " of at most " + limit, "a longer number");
                }
                digits++;
                continue;
            }
            if (c < 0) {
                throw truncated(digits == 0 ? what : "more digits or \"\\r\\n\" ending " + what);
            }
            long cAt = position() - 1;
            if (digits == 0) {
                throw new AofFormatException(cAt, what + " (decimal digits)", describe(c));
            }
            if (c != '\r') {
                throw new AofFormatException(cAt, "a digit or \"\\r\\n\" ending " + what, describe(c));
            }
            int lf = read();
            if (lf != '\n') {
                if (lf < 0) {
                    throw truncated("'\\n' ending " + what);
                }
                throw new AofFormatException(cAt + 1, "'\\n' after '\\r' ending " + what, describe(lf));
            }
            return value;
        }
    }

    /** Skips to the end of an annotation line; one that the input ends inside is still skipped, as Redis's fgets does. */
    private void skipAnnotation() throws IOException {
        annotations++;
        int c;
        do {
            c = read();
        } while (c >= 0 && c != '\n');
    }

    /** The next byte, or -1 at the end of the input. */
    private int read() throws IOException {
        if (at == limit && !refill()) {
            return -1;
        }
        return window[at++] & 0xFF;
    }

    /** Copies the next {@code length} bytes into {@code into}; false if the input ends first, having consumed it to its end. */
    private boolean readFully(byte[] into, int offset, int length) throws IOException {
        int done = 0;
        while (done < length) {
            if (at == limit) {
                int wanted = length - done;
                if (wanted >= window.length && end - position() >= wanted) {
                    windowStart += limit;   // a long argument goes straight from the source
                    at = 0;
                    limit = 0;
                    try {
                        source.readFully(into, offset + done, wanted);
                    } catch (TruncatedInputException shorter) {
                        end = shorter.offset();
                        windowStart = end;
                        return false;
                    }
                    windowStart += wanted;
                    return true;
                }
                if (!refill()) {
                    return false;
                }
            }
            int n = Math.min(limit - at, length - done);
            System.arraycopy(window, at, into, offset + done, n);
            at += n;
            done += n;
        }
        return true;
    }

    /** Moves the window on past the bytes parsed; false at the end of the input. */
    private boolean refill() throws IOException {
        windowStart += limit;
        at = 0;
        limit = 0;
        int wanted = (int) Math.min(window.length, end - windowStart);
        if (wanted <= 0) {
            return false;
        }
        try {
            source.readFully(window, 0, wanted);
            limit = wanted;
        } catch (TruncatedInputException shorter) {
            end = shorter.offset();   // the file is shorter than its size said: it ends where the source did
            limit = (int) (end - windowStart);
        }
        return limit > 0;
    }

    private AofTruncatedException truncated(String expected) {
        return new AofTruncatedException(recordStart, position(), expected);
    }

    /** A byte as an error message shows it. */
    static String describe(int c) {
        if (c < 0) {
            return "end of file";
        }
        return switch (c) {
            case '\r' -> "'\\r'";
            case '\n' -> "'\\n'";
            case '\t' -> "'\\t'";
            default -> c >= 0x20 && c < 0x7f ? "'" + (char) c + "'" : String.format("byte 0x%02x", c);
        };
    }
}
