package io.forkline.server.pubsub;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A channel name or a pattern as the client sent it: bytes, compared by content. Immutable. */
public final class ChannelName {

    private final byte[] bytes;
    private final int hash;

    private ChannelName(byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
    }

    /** A name over a copy of {@code [offset, offset + length)} of {@code source}. */
    public static ChannelName of(byte[] source, int offset, int length) {
        return new ChannelName(Arrays.copyOfRange(source, offset, offset + length));
    }

    public static ChannelName of(String name) {
        return new ChannelName(name.getBytes(StandardCharsets.UTF_8));
    }

    /** The name's bytes; callers must not change them. */
    public byte[] bytes() {
        return bytes;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ChannelName name && hash == name.hash && Arrays.equals(bytes, name.bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
