package io.forkline.engine.pipeline;

import io.forkline.engine.command.Effects;

/**
 * The journal stage: makes each batch's effects durable before the responder releases its replies.
 * Runs on its own thread, between the writer and the responder, so that an fsync never runs on the
 * writer or an IO thread. The append-only file implements it; {@link #NONE} keeps nothing.
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
     * Whether replies must wait for {@link #endOfBatch} to sync (appendfsync always). Then the journal
     * runs on its own thread, so that the fsync never runs on the writer; otherwise the writer appends
     * and writes each batch itself and releases its replies at once.
     */
    default boolean syncsBeforeReplies() {
        return false;
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
