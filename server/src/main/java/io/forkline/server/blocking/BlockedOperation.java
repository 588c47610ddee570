package io.forkline.server.blocking;

import io.forkline.engine.command.CommandContext;

/** What a blocking command does with a key that holds elements for it: one of the engine's serve functions. */
@FunctionalInterface
interface BlockedOperation {

    /**
     * On a context armed for the blocked client (its database, its reply, the effects of the event being
     * processed): pops from {@code key}, replies and propagates as the command does, and returns true; or
     * returns false, having done nothing, when the key holds nothing this command can take.
     */
    boolean serve(CommandContext context, byte[] key);
}
