package io.forkline.engine.command;

/** Executes one command on the writer thread: reads {@code args}, changes the store, writes the reply and effects. */
@FunctionalInterface
public interface CommandHandler {

    void execute(CommandContext context, Arguments args);
}
