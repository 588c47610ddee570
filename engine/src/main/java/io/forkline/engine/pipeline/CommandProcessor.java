package io.forkline.engine.pipeline;

/** The writer stage: executes each event against the store, filling its reply, effects and outbox. Writer thread only. */
@FunctionalInterface
public interface CommandProcessor<C extends PipelineClient> {

    void process(CommandEvent<C> event);

    /**
     * A batch of {@code size} events is about to be processed: what is the same for all of them (the time of day a
     * client last spoke, say) can be read once here.
     */
    default void batchStarting(long size) {
    }
}
