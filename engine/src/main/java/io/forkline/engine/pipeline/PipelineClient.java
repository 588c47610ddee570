package io.forkline.engine.pipeline;

/**
 * A client as the responder sees it: where its reply bytes go. Both methods run on the responder
 * thread only, which lets an implementation gather a batch's replies into one buffer and write it
 * to the socket once.
 */
public interface PipelineClient {

    /** Queues reply bytes for the client. */
    void send(byte[] bytes, int offset, int length);

    /**
     * Sends what was queued; called once per client per batch. An implementation off its socket's thread may
     * hand the bytes to that thread and signal it once per batch from {@link Pipeline#afterReplies}.
     */
    void flush();

    /** Closes the connection once what was queued is sent (after a protocol error, QUIT, CLIENT KILL). */
    void closeAfterFlush();

    /**
     * Output was made for this client that the responder will {@link #send} later: on the writer, right after
     * the event that made it ran (its reply, an outbox entry); on the responder, the difference when it sends
     * another reply instead (a batch the journal could not keep). Lets a client count the output it has not
     * been sent yet, as output buffer limits need, while replies wait for the end of their batch.
     */
    default void produced(long bytes) {
    }
}
