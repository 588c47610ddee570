package io.forkline.engine.pipeline;

/** The writer stage: executes each event against the store, filling its reply, effects and outbox. Writer thread only. */
@FunctionalInterface
public interface CommandProcessor<C extends PipelineClient> {

    void process(CommandEvent<C> event);
}
