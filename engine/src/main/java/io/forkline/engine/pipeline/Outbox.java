package io.forkline.engine.pipeline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Replies a command sends to clients other than its own: a published message to each subscriber, a
 * reply to a client whose blocking pop a push served, a line to each MONITOR. Filled by the writer,
 * delivered by the responder in order. Reused per ring slot.
 */
public final class Outbox<C extends PipelineClient> {

    private byte[] buffer = new byte[256];
    private int length;
    private final List<C> targets = new ArrayList<>();
    private int[] ends = new int[8];
    private final List<C> toClose = new ArrayList<>();

    public void clear() {
        length = 0;
        targets.clear();
        toClose.clear();
    }

    public boolean isEmpty() {
        return targets.isEmpty() && toClose.isEmpty();
    }

    /** Adds bytes for {@code target}. */
    public void add(C target, byte[] bytes, int offset, int count) {
        if (buffer.length - length < count) {
            buffer = Arrays.copyOf(buffer, Math.max(length + count, buffer.length * 2));
        }
        System.arraycopy(bytes, offset, buffer, length, count);
        length += count;
        if (targets.size() == ends.length) {
            ends = Arrays.copyOf(ends, ends.length * 2);
        }
        ends[targets.size()] = length;
        targets.add(target);
    }

    /** Asks the responder to close {@code target} after its pending output (CLIENT KILL of another client). */
    public void close(C target) {
        toClose.add(target);
    }

    /** Tells each target how many bytes it will be sent ({@link PipelineClient#produced}); writer thread. */
    void countProduced() {
        int start = 0;
        for (int i = 0; i < targets.size(); i++) {
            targets.get(i).produced(ends[i] - start);
            start = ends[i];
        }
    }

    /** Sends every entry to its client (responder thread); flushing and closing are the caller's. */
    void deliver(java.util.function.Consumer<C> touched, java.util.function.Consumer<C> closing) {
        int start = 0;
        for (int i = 0; i < targets.size(); i++) {
            C target = targets.get(i);
            target.send(buffer, start, ends[i] - start);
            touched.accept(target);
            start = ends[i];
        }
        for (int i = 0; i < toClose.size(); i++) {
            touched.accept(toClose.get(i));
            closing.accept(toClose.get(i));
        }
    }
}
