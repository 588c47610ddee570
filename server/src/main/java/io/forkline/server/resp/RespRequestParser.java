package io.forkline.server.resp;

import io.forkline.engine.command.Arguments;
import io.netty.buffer.ByteBuf;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Turns a connection's bytes into commands, one {@link #parse} call at a time, exactly as strictly as
 * Redis 7.0 (networking.c: processInputBuffer, processMultibulkBuffer, processInlineBuffer).
 *
 * <p>Not thread-safe: one instance per connection, used by that connection's IO thread.
 *
 * <h2>Design</h2>
 *
 * <p>The parser is a state machine that consumes every byte it is given until a command is whole, and
 * keeps what it needs of a partial command inside itself, so the caller never re-feeds bytes and the
 * result does not depend on where the reads split the stream. A bulk argument's bytes are copied once,
 * from the network buffer straight to the place {@link Arguments#reserve} gives for them, as they arrive;
 * a 512 MB argument in 64 KiB reads costs one allocation of 512 MB and one copy. Count lines and inline
 * lines go through small reused buffers, so steady-state parsing allocates nothing.
 *
 * <p>A request starting with {@code '*'} is RESP: {@code *<count>\r\n} then count times
 * {@code $<length>\r\n<bytes>\r\n}. Anything else is an inline line split like {@code sdssplitargs}.
 * Redis's rules are kept where they are odd, because clients and tests depend on them:
 * <ul>
 *   <li>A count of at most 0 is an empty request, skipped; a count above {@code INT_MAX} (2^31 - 1) is
 *       an error (Redis 6 stopped at 1024 * 1024; 7.0 does not).</li>
 *   <li>A count line ends at its {@code '\r'} plus one more byte, never checked to be {@code '\n'}; the
 *       two bytes after a bulk's data are skipped unchecked, too.</li>
 *   <li>Redis finds line ends with {@code strchr}, so a NUL byte before the end hides it: the request
 *       then fails only once 64 KiB are buffered. The 64 KiB rule is applied as if Redis had read one
 *       byte at a time: a line fails when its first 65537 bytes hold no end.</li>
 *   <li>Redis compares the query buffer with {@code client-query-buffer-limit}; here the bytes of the
 *       command in progress ({@link #pendingBytes()}) are, which is what that buffer holds while a large
 *       argument arrives. A command that could not fit one Java array fails the same way.</li>
 * </ul>
 * The authentication limits on counts and lengths (Redis's "unauthenticated" errors) are not here.
 */
public final class RespRequestParser {

    /** The most bytes one command's arguments can take: what a Java byte array holds. */
    static final long MAXIMUM_ARGUMENT_BYTES = Integer.MAX_VALUE - 8;

    private enum State {
        COMMAND_START, INLINE, MULTIBULK_COUNT, BULK_LENGTH, BULK_DATA, BULK_TRAILER, FAILED
    }

    private enum Progress {
        PARTIAL, EMPTY_COMMAND, COMMAND_READY
    }

    private final Limits limits;
    private final CountLine countLine = new CountLine("Protocol error: too big mbulk count string");
    private final CountLine lengthLine = new CountLine("Protocol error: too big bulk count string");
    private final InlineLine inlineLine = new InlineLine();
    private State state = State.COMMAND_START;
    private Arguments filling;
    private long pendingBytes;
    private long argumentBytes;
    private int argumentsLeft;
    private int bulkAt;
    private int bulkLeft;
    private int trailerLeft;

    public RespRequestParser(Limits limits) {
        this.limits = limits;
    }

    /**
     * Parses at most one command from {@code in} into {@code out}, which is cleared when the command's
     * arguments start. Consumes the bytes it reads; bytes after a whole command stay in {@code in}.
     *
     * @param out where the arguments go; a command that spans calls must be finished into the same one
     * @return true when {@code out} holds a whole command; false when more bytes are needed, in which case
     *         all of {@code in} was consumed and {@code out} holds a partial command
     * @throws QueryBufferLimitException if the command takes more than the client query buffer limit
     * @throws ProtocolException         on bytes Redis rejects, with Redis's message; the parser is then
     *                                   unusable and the connection is to be closed after the reply
     */
    public boolean parse(ByteBuf in, Arguments out) throws ProtocolException {
        checkUsable(out);
        if (state == State.COMMAND_START && in.isReadable() && in.getByte(in.readerIndex()) == '*' && readWhole(in, out)) {
            return true;
        }
        try {
            while (in.isReadable()) {
                int before = in.readerIndex();
                Progress progress = step(in, out);
                count(in.readerIndex() - before);
                if (progress != Progress.PARTIAL) {
                    endCommand();
                    if (progress == Progress.COMMAND_READY) {
                        return true;
                    }
                }
            }
            return false;
        } catch (ProtocolException failure) {
            state = State.FAILED;
            throw failure;
        }
    }

    /**
     * Bytes consumed for the command in progress, 0 between commands: what is checked against
     * {@code client-query-buffer-limit}. CLIENT LIST's qbuf adds the bytes still unread in the input.
     */
    public long pendingBytes() {
        return pendingBytes;
    }

    private void checkUsable(Arguments out) {
        if (state == State.FAILED) {
            throw new IllegalStateException("the parser failed on a protocol error; close the connection");
        }
        if (filling != null && filling != out) {
            throw new IllegalStateException("a command in progress must be finished into the same Arguments");
        }
    }

    private Progress step(ByteBuf in, Arguments out) throws ProtocolException {
        return switch (state) {
            case COMMAND_START -> startCommand(in, out);
            case INLINE -> readInline(in, out);
            case MULTIBULK_COUNT -> readCount(in, out);
            case BULK_LENGTH -> readLength(in, out);
            case BULK_DATA -> readData(in, out);
            case BULK_TRAILER -> readTrailer(in);
            case FAILED -> throw new IllegalStateException("failed parser");
        };
    }

    /**
     * The common case, taken in one pass: a RESP command that is whole in {@code in} and written as clients write
     * it (a count of at least 1, each count and length without sign or leading zero and of at most
     * {@value #PLAIN_DIGITS} digits), within every limit. Reads the readable bytes through a memory segment
     * (a byte at a time through the {@link ByteBuf} would check its reference count at every byte) and copies each
     * argument once. Returns false having consumed nothing for anything else (a command cut by the read, an odd or
     * a bad line, a limit reached), perhaps with {@code out} partly filled; the state machine then reads the same
     * bytes from the start, to the same command or the same error. Like it, it takes the byte after each
     * {@code '\r'} and the two after each argument unchecked.
     */
    private boolean readWhole(ByteBuf in, Arguments out) {
        int start = in.readerIndex();
        int readable = in.readableBytes();
        MemorySegment bytes;
        long first;
        if (in.hasMemoryAddress()) {   // a socket read always has one
            bytes = ADDRESSES;
            first = in.memoryAddress() + start;
        } else if (in.hasArray()) {
            bytes = heapSegment(in.array());
            first = in.arrayOffset() + start;
        } else {   // a composite: copied
            bytes = MemorySegment.ofBuffer(in.nioBuffer(start, readable));
            first = 0;
        }
        long end = first + readable;
        long at = plainLine(bytes, first + 1, end);
        long count = plainNumber;
        if (at < 0 || count == 0 || count > Integer.MAX_VALUE) {
            return false;
        }
        out.clear();
        long total = 0;
        for (long left = count; left > 0; left--) {
            if (at >= end || bytes.get(ValueLayout.JAVA_BYTE, at) != '$') {
                return false;
            }
            at = plainLine(bytes, at + 1, end);
            long length = plainNumber;
            total += length;
            if (at < 0 || length > limits.protoMaxBulkLen() || total > MAXIMUM_ARGUMENT_BYTES || length + 2 > end - at) {
                return false;
            }
            int into = out.reserve((int) length);   // may grow the buffer: take it after
            MemorySegment.copy(bytes, ValueLayout.JAVA_BYTE, at, out.buffer(), into, (int) length);
            at += length + 2;
        }
        if (at - first > limits.clientQueryBufferLimit()) {
            return false;
        }
        in.readerIndex(start + (int) (at - first));
        return true;
    }

    /**
     * All of memory, read by absolute address: a direct buffer's bytes are read in place, with no object made per
     * read (an NIO view or a segment of the read was one more object per read, which the JIT did not always keep
     * off the heap). Every read stays within the buffer's readable bytes: {@link #readWhole} checks each index
     * and length against the end before it reads, as the property test's splits and buffer kinds exercise.
     */
    @SuppressWarnings("restricted")   // reinterpret: bounds are readWhole's own, see above
    private static final MemorySegment ADDRESSES = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);

    /** The segment over the last heap array read, kept while the same array comes again. */
    private byte[] heapArray;
    private MemorySegment heapSegment;

    private MemorySegment heapSegment(byte[] array) {
        if (array != heapArray) {
            heapArray = array;
            heapSegment = MemorySegment.ofArray(array);
        }
        return heapSegment;
    }

    /** The most digits {@link #readWhole} takes in a count or a length. */
    private static final int PLAIN_DIGITS = 10;
    /** What {@link #plainLine} read. */
    private long plainNumber;

    /**
     * A number written plainly from {@code at} (digits, no leading zero unless it is 0, at most
     * {@value #PLAIN_DIGITS}) and ended by {@code '\r'} plus one byte, all before {@code end}: leaves the number in
     * {@link #plainNumber} and returns the index after the line; -1 for anything else.
     */
    private long plainLine(MemorySegment bytes, long at, long end) {
        long value = 0;
        for (int digits = 0; at < end && digits <= PLAIN_DIGITS; digits++, at++) {
            byte next = bytes.get(ValueLayout.JAVA_BYTE, at);
            if (next == '\r') {
                boolean plain = digits == 1 || (digits > 1 && bytes.get(ValueLayout.JAVA_BYTE, at - digits) != '0');
                plainNumber = value;
                return plain && at + 1 < end ? at + 2 : -1;
            }
            if (next < '0' || next > '9') {
                return -1;
            }
            value = value * 10 + (next - '0');
        }
        return -1;
    }

    private Progress startCommand(ByteBuf in, Arguments out) {
        filling = out;
        if (in.getByte(in.readerIndex()) == '*') {
            countLine.reset();
            state = State.MULTIBULK_COUNT;
        } else {
            inlineLine.reset();
            state = State.INLINE;
        }
        return Progress.PARTIAL;
    }

    private Progress readInline(ByteBuf in, Arguments out) throws ProtocolException {
        if (!inlineLine.read(in)) {
            return Progress.PARTIAL;
        }
        out.clear();
        if (!InlineArgumentSplitter.split(inlineLine.bytes(), inlineLine.length(), out)) {
            throw new ProtocolException("Protocol error: unbalanced quotes in request");
        }
        return out.count() == 0 ? Progress.EMPTY_COMMAND : Progress.COMMAND_READY;
    }

    private Progress readCount(ByteBuf in, Arguments out) throws ProtocolException {
        if (!countLine.read(in)) {
            return Progress.PARTIAL;
        }
        if (!countLine.hasNumber() || countLine.number() > Integer.MAX_VALUE) {
            throw new ProtocolException("Protocol error: invalid multibulk length");
        }
        if (countLine.number() <= 0) {
            return Progress.EMPTY_COMMAND;
        }
        out.clear();
        argumentBytes = 0;
        argumentsLeft = (int) countLine.number();
        startLength();
        return Progress.PARTIAL;
    }

    private void startLength() {
        lengthLine.reset();
        state = State.BULK_LENGTH;
    }

    private Progress readLength(ByteBuf in, Arguments out) throws ProtocolException {
        if (!lengthLine.read(in)) {
            return Progress.PARTIAL;
        }
        if (lengthLine.firstByte() != '$') {
            throw new ProtocolException("Protocol error: expected '$', got '" + printable(lengthLine.firstByte()) + "'");
        }
        long length = lengthLine.hasNumber() ? lengthLine.number() : -1;
        if (length < 0 || length > limits.protoMaxBulkLen()) {
            throw new ProtocolException("Protocol error: invalid bulk length");
        }
        if (argumentBytes + length > MAXIMUM_ARGUMENT_BYTES) {
            throw new QueryBufferLimitException(argumentBytes + length, MAXIMUM_ARGUMENT_BYTES);
        }
        argumentBytes += length;
        bulkAt = out.reserve((int) length);
        bulkLeft = (int) length;
        trailerLeft = 2;
        state = length == 0 ? State.BULK_TRAILER : State.BULK_DATA;
        return Progress.PARTIAL;
    }

    /** Redis turns CR and LF into spaces in an error reply. */
    private static char printable(int value) {
        return value == '\r' || value == '\n' ? ' ' : (char) value;
    }

    private Progress readData(ByteBuf in, Arguments out) {
        int chunk = Math.min(bulkLeft, in.readableBytes());
        in.readBytes(out.buffer(), bulkAt, chunk);
        bulkAt += chunk;
        bulkLeft -= chunk;
        if (bulkLeft == 0) {
            state = State.BULK_TRAILER;
        }
        return Progress.PARTIAL;
    }

    /** The two bytes after a bulk's data: Redis skips them without looking. */
    private Progress readTrailer(ByteBuf in) {
        int chunk = Math.min(trailerLeft, in.readableBytes());
        in.skipBytes(chunk);
        trailerLeft -= chunk;
        if (trailerLeft > 0) {
            return Progress.PARTIAL;
        }
        argumentsLeft--;
        if (argumentsLeft > 0) {
            startLength();
            return Progress.PARTIAL;
        }
        return Progress.COMMAND_READY;
    }

    private void count(int consumed) throws QueryBufferLimitException {
        pendingBytes += consumed;
        if (pendingBytes > limits.clientQueryBufferLimit()) {
            throw new QueryBufferLimitException(pendingBytes, limits.clientQueryBufferLimit());
        }
    }

    private void endCommand() {
        state = State.COMMAND_START;
        filling = null;
        pendingBytes = 0;
    }
}
