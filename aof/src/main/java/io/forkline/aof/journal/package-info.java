/**
 * The journal stage of the pipeline ({@link io.forkline.aof.journal.AofJournal}): effects appended to the
 * open incr file with group commit, SELECT and timestamp annotations, switches of incr file at an exact
 * point of the ring, and failures answered with -MISCONF.
 */
package io.forkline.aof.journal;
