package io.forkline.engine.pipeline;

import java.util.concurrent.Executor;

/**
 * A thread that runs tasks in turns and can take the writer's part between them: a server's only IO thread (see
 * {@link Pipeline#Pipeline(int, CommandProcessor, CommandJournal, WriterLoop)}).
 */
public interface WriterLoop extends Executor {

    /** Whether the calling thread is the loop's. */
    boolean inLoop();
}
