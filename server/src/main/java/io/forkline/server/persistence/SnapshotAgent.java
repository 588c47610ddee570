package io.forkline.server.persistence;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The snapshot thread ("forkline-snapshot"): runs the slow half of a background job (writing a fork's
 * frozen view to a file) while the writer carries on, then hands the job's end back to the writer as a
 * task on the ring, where the view is closed and the outcome recorded. One job at a time, as
 * {@link BackgroundJobs} allows; the AOF rewrite runs here too.
 *
 * <p>Assumptions and guarantees: the writer hands a job over through {@link #run} (the happens-before
 * edge for the view it begun); the job's end reaches the writer through the ring (the edge back).
 */
public final class SnapshotAgent implements AutoCloseable {

    private final ExecutorService thread;
    private final Consumer<Runnable> writer;

    /** @param writer how a task reaches the writer thread: the pipeline's publishTask */
    public SnapshotAgent(Consumer<Runnable> writer) {
        this.writer = writer;
        this.thread = Executors.newSingleThreadExecutor(runnable -> {
            Thread snapshot = new Thread(runnable, "forkline-snapshot");
            snapshot.setDaemon(true);
            return snapshot;
        });
    }

    /** Runs {@code work} on the snapshot thread, then {@code thenOnWriter} on the writer, whatever {@code work} did. */
    public void run(Runnable work, Runnable thenOnWriter) {
        thread.execute(() -> {
            try {
                work.run();
            } finally {
                writer.accept(thenOnWriter);
            }
        });
    }

    /** Waits for the job that runs (cancel it first) and stops the thread. */
    @Override
    public void close() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(30, TimeUnit.SECONDS)) {
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
