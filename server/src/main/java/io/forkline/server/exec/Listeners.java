package io.forkline.server.exec;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * The listeners of one hook, told in the order they were added, without those standing aside. Writer thread
 * only. {@link #active()} is an array that a change replaces and never modifies, so a loop over it is not
 * disturbed when a listener it calls makes another stand aside or come back: the change counts from the next
 * loop.
 *
 * @param <L> the listener type
 */
final class Listeners<L> {

    private final List<L> added = new ArrayList<>();
    private final BitSet standingAside = new BitSet();
    private final L[] none;
    private L[] active;

    /** @param none an empty array of the listener type */
    Listeners(L[] none) {
        if (none.length != 0) {
            throw new IllegalArgumentException("an empty array, got " + none.length + " elements");
        }
        this.none = none;
        this.active = none;
    }

    Listening add(L listener) {
        int index = added.size();
        added.add(listener);
        rebuild();
        return on -> {
            if (standingAside.get(index) == on) {
                standingAside.set(index, !on);
                rebuild();
            }
        };
    }

    /** The listeners told now, in the order they were added. Not to be modified. */
    L[] active() {
        return active;
    }

    private void rebuild() {
        List<L> told = new ArrayList<>(added.size());
        for (int i = 0; i < added.size(); i++) {
            if (!standingAside.get(i)) {
                told.add(added.get(i));
            }
        }
        active = told.toArray(none);
    }
}
