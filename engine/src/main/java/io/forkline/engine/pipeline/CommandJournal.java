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

    CommandJournal NONE = new CommandJournal() {
        @Override
        public void append(Effects effects) {
        }

        @Override
        public void endOfBatch() {
        }
    };
}
