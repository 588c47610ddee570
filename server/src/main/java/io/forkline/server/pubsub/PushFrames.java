package io.forkline.server.pubsub;

import io.forkline.engine.command.Reply;

import java.nio.charset.StandardCharsets;

/**
 * The frames Pub/Sub sends, as Redis 7.0 encodes them: a RESP2 array, or a RESP3 push ({@code >}),
 * of the kind ("subscribe", "message", ...) then its fields. Written into any {@link Reply}, whose
 * protocol decides the framing.
 */
public final class PushFrames {

    public static final byte[] SUBSCRIBE = ascii("subscribe");
    public static final byte[] UNSUBSCRIBE = ascii("unsubscribe");
    public static final byte[] PSUBSCRIBE = ascii("psubscribe");
    public static final byte[] PUNSUBSCRIBE = ascii("punsubscribe");
    static final byte[] MESSAGE = ascii("message");
    static final byte[] PMESSAGE = ascii("pmessage");

    private static final byte[][] PUSH_HEADERS = {ascii(">0\r\n"), ascii(">1\r\n"), ascii(">2\r\n"), ascii(">3\r\n"),
            ascii(">4\r\n")};

    private PushFrames() {
    }

    /** {@code [kind, name, count]}; a null name is sent as a null (UNSUBSCRIBE with nothing to leave). */
    public static void confirmation(Reply out, byte[] kind, ChannelName name, long count) {
        header(out, 3);
        out.bulk(kind);
        if (name == null) {
            out.nullBulk();
        } else {
            out.bulk(name.bytes());
        }
        out.integer(count);
    }

    /** {@code ["message", channel, payload]}. */
    public static void message(Reply out, ChannelName channel, byte[] payload, int offset, int length) {
        header(out, 3);
        out.bulk(MESSAGE);
        out.bulk(channel.bytes());
        out.bulk(payload, offset, length);
    }

    /** {@code ["pmessage", pattern, channel, payload]}. */
    public static void patternMessage(Reply out, ChannelName pattern, ChannelName channel, byte[] payload, int offset,
                                      int length) {
        header(out, 4);
        out.bulk(PMESSAGE);
        out.bulk(pattern.bytes());
        out.bulk(channel.bytes());
        out.bulk(payload, offset, length);
    }

    /** An aggregate of {@code count} elements: a push in RESP3, an array in RESP2. */
    public static void header(Reply out, int count) {
        if (out.protocol() == 3) {
            out.raw(PUSH_HEADERS[count]);
        } else {
            out.array(count);
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
