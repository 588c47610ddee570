package io.forkline.snapshot.storage;

import java.util.List;

/**
 * What one {@link SimulatedDisk#powerLoss} kept of the volatile state.
 *
 * @param unsyncedBytes        bytes written but not durable when the power went
 * @param keptBytes            how many of them the disk kept anyway (written back by chance before the cut)
 * @param tornWrites           writes of which only a prefix was kept
 * @param pendingEntryChanges  directory entries created, renamed or deleted but not durable
 * @param keptEntryChanges     how many of them survived (a journal commit the process did not ask for)
 * @param files                one line per file that had unsynced bytes: its name and what it kept
 */
public record PowerLoss(long unsyncedBytes, long keptBytes, int tornWrites, int pendingEntryChanges, int keptEntryChanges,
                        List<String> files) {

    public PowerLoss {
        files = List.copyOf(files);
    }

    /** One line for a log. */
    public String summary() {
        return "power loss: kept " + keptBytes + " of " + unsyncedBytes + " unsynced bytes (" + tornWrites + " torn writes), "
                + keptEntryChanges + " of " + pendingEntryChanges + " unsynced directory changes";
    }
}
