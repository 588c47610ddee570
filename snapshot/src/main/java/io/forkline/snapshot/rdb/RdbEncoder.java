package io.forkline.snapshot.rdb;

import io.forkline.engine.struct.Element;
import io.forkline.engine.struct.IntegerText;
import io.forkline.pages.Memory;
import io.forkline.snapshot.io.ByteSink;
import io.forkline.snapshot.io.Lzf;

import java.io.IOException;

/**
 * The RDB's primitive encodings onto a {@link ByteSink}, as Redis 7.0's {@code rdbSaveLen},
 * {@code rdbSaveRawString} and friends write them:
 *
 * <pre>
 *   length   00xxxxxx                          n &lt; 64
 *            01xxxxxx xxxxxxxx                 n &lt; 16384, big-endian
 *            10000000 + 4 bytes                n &lt;= 2^32-1, big-endian
 *            10000001 + 8 bytes                otherwise, big-endian
 *   string   c0 b / c1 b b / c2 b b b b        a canonical integer of at most 11 bytes that fits
 *                                               8, 16 or 32 bits, little-endian
 *            c3 &lt;length clen&gt; &lt;length len&gt; lzf  over 20 bytes, with compression on, when LZF
 *                                               saves at least 4 bytes
 *            &lt;length len&gt; bytes                 otherwise
 *   millis   8 bytes little-endian              (EXPIRETIME_MS, stream delivery and seen times)
 *   double   IEEE-754 binary64, little-endian   (ZSET_2 scores)
 * </pre>
 *
 * Every string goes through {@link #string}: keys, values, members, AUX values and whole listpack and
 * intset blobs alike.
 *
 * <p>The encoder gathers its many small pieces in a buffer of {@value #BUFFER_BYTES} bytes and hands the
 * sink whole chunks (as Redis's rio does for files), so a checksumming sink runs over long runs of bytes;
 * {@link #flush()} hands over the rest. Not thread-safe; one encoder per save.
 *
 * <p>{@link #compressingAside} makes an encoder that leaves compression to a {@link CompressionThread}: it
 * fills that thread's chunks with the same bytes, strings to compress marked rather than compressed, and the
 * thread writes the file a plain encoder would have written. {@link #finish} then waits for the thread, and
 * {@link #close} stops it if the save ends early.
 */
final class RdbEncoder implements AutoCloseable {

    static final int ENC_INT8 = 0xc0;
    static final int ENC_INT16 = 0xc1;
    static final int ENC_INT32 = 0xc2;
    static final int ENC_LZF = 0xc3;

    /** Redis never tries integer encoding past this length ({@code rdbSaveRawString}). */
    private static final int INTEGER_CANDIDATE_LENGTH = 11;
    /** Redis never tries LZF at or below this length: "under 20 bytes it's unable to compress". */
    private static final int COMPRESSION_THRESHOLD = 20;
    /** LZF must save at least this many bytes to be kept. */
    private static final int COMPRESSION_SAVING = 4;
    /** Scratch buffers grow up to this; a longer string gets a buffer of its own, dropped after use. */
    private static final int KEPT_BUFFER_BYTES = 1 << 20;

    /** Bytes gathered before the sink gets them. */
    static final int BUFFER_BYTES = 8192;

    private final ByteSink out;
    private final boolean compress;
    /** Where compression happens when not here, or null. */
    private final CompressionThread aside;
    /** The chunk being filled when compressing aside: {@link #buffer} is its data. */
    private CompressionThread.Chunk chunk;
    private byte[] buffer;
    private int buffered;
    private final byte[] small = new byte[9];
    private final byte[] digits = new byte[IntegerText.MAX_LENGTH];
    private byte[] scratch = new byte[64];
    private byte[] compressed = new byte[64];

    RdbEncoder(ByteSink out, boolean compress) {
        this.out = out;
        this.compress = compress;
        this.aside = null;
        this.buffer = new byte[BUFFER_BYTES];
    }

    private RdbEncoder(ByteSink out) throws IOException {
        this.out = out;
        this.compress = true;
        this.aside = new CompressionThread(out);
        this.chunk = aside.take();
        this.buffer = chunk.data;
    }

    /** An encoder with compression on that compresses, checksums and writes to {@code out} on a thread of its own. */
    static RdbEncoder compressingAside(ByteSink out) throws IOException {
        return new RdbEncoder(out);
    }

    /**
     * Bytes encoded so far through this encoder's sink, the buffered ones included; compressing aside, the bytes
     * written so far, which lag behind what was encoded.
     */
    long position() {
        return aside == null ? out.position() + buffered : aside.written();
    }

    /** Hands every buffered byte to the sink (compressing aside, to the thread, which writes them in turn). */
    void flush() throws IOException {
        if (aside != null) {
            if (buffered == 0) {
                return;
            }
            chunk.size = buffered;
            aside.hand(chunk);
            chunk = aside.take();
            buffer = chunk.data;
            buffered = 0;
        } else if (buffered > 0) {
            out.write(buffer, 0, buffered);
            buffered = 0;
        }
    }

    /** Flushes, and when compressing aside waits until the sink has every byte (rethrowing the thread's failure). */
    void finish() throws IOException {
        flush();
        if (aside != null) {
            aside.finish();
        }
    }

    /** Stops the compressing thread if it still runs: a save that failed or was cancelled before {@link #finish}. */
    @Override
    public void close() {
        if (aside != null) {
            aside.stop();
        }
    }

    /** One byte: an object type or an opcode. */
    void type(int code) throws IOException {
        put(code);
    }

    /** Bytes as they are, with no length (the magic, a stream's raw IDs). */
    void raw(byte[] bytes) throws IOException {
        put(bytes, 0, bytes.length);
    }

    void length(long n) throws IOException {
        if (n < 0) {
            throw new IllegalArgumentException("an RDB length cannot be negative: " + n);
        }
        if (n < 1 << 6) {
            put((int) n);
        } else if (n < 1 << 14) {
            small[0] = (byte) (0x40 | (n >>> 8));
            small[1] = (byte) n;
            put(small, 0, 2);
        } else if (n <= 0xFFFF_FFFFL) {
            small[0] = (byte) 0x80;
            putBigEndian(n, 4, 1);
            put(small, 0, 5);
        } else {
            length64(n);
        }
    }

    /**
     * A length of 64 bits read as unsigned, as Redis's {@code rdbSaveLen} writes a {@code uint64_t}: a stream ID's
     * parts, and a group's entries_read of -1 (unknown), which takes 9 bytes.
     */
    void unsignedLength(long n) throws IOException {
        if (n >= 0) {
            length(n);
        } else {
            length64(n);
        }
    }

    private void length64(long n) throws IOException {
        small[0] = (byte) 0x81;
        putBigEndian(n, 8, 1);
        put(small, 0, 9);
    }

    /** A string, in the smallest of Redis's forms (integer, LZF, raw) that Redis 7.0 would choose. */
    void string(byte[] bytes, int offset, int length) throws IOException {
        if (length <= INTEGER_CANDIDATE_LENGTH && IntegerText.isCanonicalLong(bytes, offset, length)
                && integer(IntegerText.parseCanonicalLong(bytes, offset, length))) {
            return;
        }
        if (compress && length > COMPRESSION_THRESHOLD) {
            if (aside != null) {
                markForCompression(bytes, offset, length);
                return;
            }
            if (compressed(bytes, offset, length)) {
                return;
            }
        }
        length(length);
        put(bytes, offset, length);
    }

    void string(byte[] bytes) throws IOException {
        string(bytes, 0, bytes.length);
    }

    /** The {@code length} bytes at {@code address} in {@code memory}, as {@link #string(byte[], int, int)}. */
    void string(Memory memory, long address, int length) throws IOException {
        boolean compressible = compress && length > COMPRESSION_THRESHOLD;
        boolean raw = length > INTEGER_CANDIDATE_LENGTH && !compressible;
        if ((raw || (compressible && aside != null)) && length <= buffer.length) {   // straight from paged memory
            if (raw) {
                length(length);
            }
            if (length > buffer.length - buffered) {
                flush();
            }
            if (!raw) {
                chunk.mark(buffered, length);
            }
            memory.getBytes(address, buffer, buffered, length);
            buffered += length;
            return;
        }
        byte[] bytes = scratch(length);
        memory.getBytes(address, bytes, 0, length);
        string(bytes, 0, length);
    }

    /** An integer's decimal text, as Redis's {@code rdbSaveLongLongAsStringObject}: integer-encoded when it fits 32 bits. */
    void longAsString(long value) throws IOException {
        if (!integer(value)) {
            int length = IntegerText.formatLong(value, digits, 0);
            length(length);
            put(digits, 0, length);
        }
    }

    /** A listpack or intset element's string form. */
    void element(Memory memory, Element element) throws IOException {
        if (element.isInteger()) {
            longAsString(element.integer());
        } else {
            string(memory, element.address(), element.length());
        }
    }

    /** A Unix time in milliseconds, little-endian (EXPIRETIME_MS). */
    void millis(long millis) throws IOException {
        putLittleEndian(millis);
        put(small, 0, 8);
    }

    /** A binary double, little-endian (ZSET_2). */
    void binaryDouble(double value) throws IOException {
        putLittleEndian(Double.doubleToRawLongBits(value));
        put(small, 0, 8);
    }

    private boolean integer(long value) throws IOException {
        if (value >= Byte.MIN_VALUE && value <= Byte.MAX_VALUE) {
            small[0] = (byte) ENC_INT8;
            small[1] = (byte) value;
            put(small, 0, 2);
        } else if (value >= Short.MIN_VALUE && value <= Short.MAX_VALUE) {
            small[0] = (byte) ENC_INT16;
            small[1] = (byte) value;
            small[2] = (byte) (value >>> 8);
            put(small, 0, 3);
        } else if (value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) {
            small[0] = (byte) ENC_INT32;
            for (int i = 0; i < 4; i++) {
                small[1 + i] = (byte) (value >>> (8 * i));
            }
            put(small, 0, 5);
        } else {
            return false;
        }
        return true;
    }

    private boolean compressed(byte[] bytes, int offset, int length) throws IOException {
        int capacity = length - COMPRESSION_SAVING;
        byte[] target = compressed;
        if (target.length < capacity) {
            target = new byte[Math.max(capacity, 2 * target.length)];
            if (target.length <= KEPT_BUFFER_BYTES) {
                compressed = target;
            }
        }
        int size = Lzf.compress(bytes, offset, length, target, 0, capacity);
        if (size == 0) {
            return false;
        }
        put(ENC_LZF);
        length(size);
        length(length);
        put(target, 0, size);
        return true;
    }

    /** Compressing aside: the string as it is, marked for the thread to compress. */
    private void markForCompression(byte[] bytes, int offset, int length) throws IOException {
        if (length > buffer.length - buffered) {
            flush();
        }
        if (length > buffer.length) {   // after everything handed over before it, in a chunk of its own
            aside.hand(CompressionThread.Chunk.ofString(java.util.Arrays.copyOfRange(bytes, offset, offset + length)));
            return;
        }
        chunk.mark(buffered, length);
        System.arraycopy(bytes, offset, buffer, buffered, length);
        buffered += length;
    }

    /** Bytes as they are, with no length: what a {@link CompressionThread} copies between the strings it compresses. */
    void raw(byte[] bytes, int offset, int length) throws IOException {
        put(bytes, offset, length);
    }

    private void put(int value) throws IOException {
        if (buffered == buffer.length) {
            flush();
        }
        buffer[buffered++] = (byte) value;
    }

    private void put(byte[] bytes, int offset, int length) throws IOException {
        if (length > buffer.length - buffered) {
            flush();
            if (length >= buffer.length) {
                if (aside == null) {
                    out.write(bytes, offset, length);
                    return;
                }
                while (length > buffer.length) {   // in whole chunks
                    System.arraycopy(bytes, offset, buffer, 0, buffer.length);
                    buffered = buffer.length;
                    flush();
                    offset += buffer.length;
                    length -= buffer.length;
                }
            }
        }
        System.arraycopy(bytes, offset, buffer, buffered, length);
        buffered += length;
    }

    private byte[] scratch(int length) {
        if (scratch.length >= length) {
            return scratch;
        }
        byte[] grown = new byte[Math.max(length, 2 * scratch.length)];
        if (grown.length <= KEPT_BUFFER_BYTES) {
            scratch = grown;
        }
        return grown;
    }

    private void putBigEndian(long value, int bytes, int at) {
        for (int i = 0; i < bytes; i++) {
            small[at + i] = (byte) (value >>> (8 * (bytes - 1 - i)));
        }
    }

    private void putLittleEndian(long value) {
        for (int i = 0; i < 8; i++) {
            small[i] = (byte) (value >>> (8 * i));
        }
    }
}
