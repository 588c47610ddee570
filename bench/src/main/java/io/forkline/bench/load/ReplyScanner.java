package io.forkline.bench.load;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Finds whole RESP replies in bytes as they arrive, in pieces of any size, without copying them:
 * the load generator needs each reply's type and end, never its content. Aggregates (arrays, maps,
 * sets, pushes) count as one reply once their last element has arrived. Error lines are kept as
 * text (they are rare, and a report should name them). One instance per connection.
 */
public final class ReplyScanner {

    /** What a finished reply was. */
    public interface Handler {

        /** One whole reply: its type byte ({@code + - : $ * ...}), and whether it was a null ({@code $-1}, {@code *-1}, {@code _}). */
        void reply(byte type, boolean nil, String errorText);
    }

    /** The longest header line accepted; a longer one is a protocol error. */
    static final int MAX_LINE = 64 * 1024;

    private long skip;
    private int[] remaining = new int[8];
    private int depth;
    private byte topType;
    private boolean topNil;
    private String topError;

    /**
     * Consumes every whole piece of {@code in} (from its position to its limit), calling the handler
     * for each finished reply; leaves the position at the first byte of an unfinished header line,
     * which the caller keeps (compacts) for the next call.
     */
    public void scan(ByteBuffer in, Handler handler) {
        while (in.hasRemaining()) {
            if (skip > 0) {
                int n = (int) Math.min(skip, in.remaining());
                in.position(in.position() + n);
                skip -= n;
                if (skip > 0) {
                    return;
                }
                elementDone(handler);
                continue;
            }
            int start = in.position();
            int end = lineEnd(in, start);
            if (end < 0) {
                if (in.remaining() > MAX_LINE) {
                    throw new IllegalStateException("protocol error: a reply line longer than " + MAX_LINE + " bytes");
                }
                return;
            }
            byte type = in.get(start);
            if (depth == 0) {
                topType = type;
                topNil = false;
                topError = null;
            }
            in.position(end + 2);
            switch (type) {
                case '+', ':', ',', '#', '(' -> elementDone(handler);
                case '_' -> {
                    nil();
                    elementDone(handler);
                }
                case '-' -> {
                    if (depth == 0) {
                        topError = text(in, start + 1, end);
                    }
                    elementDone(handler);
                }
                case '$', '=', '!' -> {
                    long length = number(in, start + 1, end);
                    if (length < 0) {
                        nil();
                        elementDone(handler);
                    } else {
                        skip = length + 2;   // the payload and its CRLF
                    }
                }
                case '*', '%', '~', '>', '|' -> {
                    long count = number(in, start + 1, end);
                    if (type == '%' || type == '|') {
                        count *= 2;
                    }
                    if (count <= 0) {
                        if (count < 0) {
                            nil();
                        }
                        elementDone(handler);
                    } else {
                        push((int) count);
                    }
                }
                default -> throw new IllegalStateException("protocol error: unexpected reply type byte '" + (char) type
                        + "' (0x" + Integer.toHexString(type & 0xff) + ")");
            }
        }
    }

    /** Whether a reply has begun and not yet finished. */
    public boolean midReply() {
        return skip > 0 || depth > 0;
    }

    private void nil() {
        if (depth == 0) {
            topNil = true;
        }
    }

    private void push(int count) {
        if (depth == remaining.length) {
            remaining = java.util.Arrays.copyOf(remaining, depth * 2);
        }
        remaining[depth++] = count;
    }

    private void elementDone(Handler handler) {
        while (depth > 0) {
            if (--remaining[depth - 1] > 0) {
                return;
            }
            depth--;   // the aggregate is whole: it is one element of its parent
        }
        handler.reply(topType, topNil, topError);
    }

    private static int lineEnd(ByteBuffer in, int from) {
        int limit = in.limit() - 1;
        for (int i = from; i < limit; i++) {
            if (in.get(i) == '\r' && in.get(i + 1) == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static long number(ByteBuffer in, int from, int to) {
        boolean negative = from < to && in.get(from) == '-';
        long value = 0;
        for (int i = negative ? from + 1 : from; i < to; i++) {
            byte b = in.get(i);
            if (b < '0' || b > '9') {
                throw new IllegalStateException("protocol error: bad length '" + text(in, from, to) + "'");
            }
            value = value * 10 + (b - '0');
        }
        return negative ? -value : value;
    }

    private static String text(ByteBuffer in, int from, int to) {
        byte[] bytes = new byte[to - from];
        in.get(from, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
