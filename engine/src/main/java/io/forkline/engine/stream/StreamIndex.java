package io.forkline.engine.stream;

import io.forkline.engine.struct.LexRange;
import io.forkline.engine.struct.Skiplist;
import io.forkline.pages.Memory;
import io.forkline.pages.alloc.Allocator;

import java.util.random.RandomGenerator;

/**
 * An ordered map from stream IDs to a few fixed-size bytes, in paged memory: what Redis keeps in a rax keyed by
 * 128-bit big-endian IDs (a stream's nodes, a group's or consumer's pending entries).
 *
 * <p>It is a {@link Skiplist} whose every score is 0 and whose member is the ID in big-endian order followed
 * by the payload. The skiplist orders equal scores by member bytes, so its order is the IDs' order, and since
 * each ID appears once the payload never decides it. The payload is read and written in place, at
 * {@link #payload}: changing it does not move the node.
 */
final class StreamIndex {

    private StreamIndex() {
    }

    static long create(Allocator allocator) {
        return Skiplist.create(allocator);
    }

    /** Adds {@code id} with a zeroed payload of {@code payloadBytes}; returns its node. */
    static long insert(Allocator allocator, long index, StreamId id, int payloadBytes, RandomGenerator random) {
        byte[] member = new byte[StreamId.BYTES + payloadBytes];
        id.encode(member, 0);
        return Skiplist.insert(allocator, index, 0, member, 0, member.length, random);
    }

    static void delete(Allocator allocator, long index, long node) {
        byte[] member = Skiplist.memberBytes(allocator.memory(), node);
        Skiplist.delete(allocator, index, 0, member, 0, member.length);
    }

    static void free(Allocator allocator, long index) {
        Skiplist.free(allocator, index);
    }

    static long size(Memory memory, long index) {
        return Skiplist.length(memory, index);
    }

    static long bytes(Memory memory, long index) {
        return Skiplist.totalBytes(memory, index);
    }

    static long first(Memory memory, long index) {
        return Skiplist.first(memory, index);
    }

    static long last(Memory memory, long index) {
        return Skiplist.last(memory, index);
    }

    static long next(Memory memory, long node) {
        return Skiplist.next(memory, node);
    }

    static long previous(Memory memory, long node) {
        return Skiplist.previous(memory, node);
    }

    static StreamId id(Memory memory, long node) {
        long at = Skiplist.memberAddress(memory, node);
        return new StreamId(Long.reverseBytes(memory.getLong(at)), Long.reverseBytes(memory.getLong(at + 8)));
    }

    /** Where the node's payload starts. */
    static long payload(Memory memory, long node) {
        return Skiplist.memberAddress(memory, node) + StreamId.BYTES;
    }

    /** The node of exactly {@code id}, or 0. */
    static long find(Memory memory, long index, StreamId id) {
        long node = ceiling(memory, index, id);
        return node != 0 && id(memory, node).equals(id) ? node : 0;
    }

    /** The first node whose ID is at least {@code id}, or 0. */
    static long ceiling(Memory memory, long index, StreamId id) {
        return Skiplist.firstInRange(memory, index,
                new LexRange(LexRange.Bound.INCLUSIVE, id.encoded(), LexRange.Bound.POSITIVE_INFINITY, null));
    }

    /** The last node whose ID is at most {@code id}, or 0. */
    static long floor(Memory memory, long index, StreamId id) {
        StreamId after = id.next();
        if (after == null) {
            return last(memory, index);
        }
        // A member is the ID and then the payload: it is below after's 16 bytes exactly when its ID is below after.
        return Skiplist.lastInRange(memory, index,
                new LexRange(LexRange.Bound.NEGATIVE_INFINITY, null, LexRange.Bound.EXCLUSIVE, after.encoded()));
    }
}
