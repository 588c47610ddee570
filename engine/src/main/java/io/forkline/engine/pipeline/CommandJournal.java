package io.forkline.engine.pipeline;

import io.forkline.engine.command.Effects;

/**
 * The journal stage: makes each batch's effects durable before the responder releases its replies.
 * The append-only file implements it; {@link #NONE} keeps nothing.
 *
 * <p>Where it runs is decided per batch: at the end of each batch the writer asks
 * {@link #syncsBeforeReplies()}; if false, the writer itself appends the batch's effects, calls
 * {@link #endOfBatch} and releases the replies; if true, the batch goes to the journal thread, which
 * does the same there, so that an fsync (or a write that would wait for one) never runs on the writer
 * or an IO thread. Either way one thread at a time calls {@link #append} and {@link #endOfBatch}, in
 * ring order, and each hand-over between the two threads is a happens-before edge.
 */
public interface CommandJournal {

    /** One event's effects, in ring order. */
    void append(Effects effects);

    /**
     * The batch is complete: write what was appended (one write per batch: group commit) and, if the
     * policy says so, sync it, before returning. The responder sends the batch's replies after this.
     */
    void endOfBatch();

    /**
     * Asked by the writer at the end of every batch: whether this batch must be journaled on the journal
     * thread, its replies waiting until {@link #endOfBatch} returns there (appendfsync always, a write
     * that must wait for a background fsync, file work such as opening a new segment). Otherwise the
     * writer journals the batch itself and releases its replies at once.
     */
    default boolean syncsBeforeReplies() {
        return false;
    }

    /**
     * Asked after {@link #endOfBatch}, on the same thread: null when the batch is as durable as the
     * policy promises; otherwise the error (without the leading '-') that replaces the reply of each of
     * the batch's commands that changed data, so that no client is told a write succeeded that the
     * journal could not keep. Its effects stay applied and the journal keeps them to write later.
     */
    default String batchFailure() {
        return null;
    }

    CommandJournal NONE = new CommandJournal() {
        @Override
        public void append(Effects effects) {
        }

        @Override
        public void endOfBatch() {
        }
    };
}
