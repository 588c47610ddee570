/**
 * Redis's blocking commands on the writer thread: BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BLMPOP, BZPOPMIN,
 * BZPOPMAX and BZMPOP ({@link io.forkline.server.blocking.BlockingCommands}) and the clients they block
 * ({@link io.forkline.server.blocking.BlockedClients}): who waits on which key, in which order, until
 * when, and what serves them once a key gains elements.
 *
 * <p>The engine already knows how to pop for a blocked client (ListCommands' and SortedSetPopCommands'
 * {@code serveBlocked*}); this package decides when and for whom, as Redis's blocked.c does, and
 * delivers each blocked client's reply through the current event's outbox.
 */
package io.forkline.server.blocking;
