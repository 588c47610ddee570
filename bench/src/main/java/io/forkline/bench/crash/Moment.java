package io.forkline.bench.crash;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** When a round's fault strikes. */
public enum Moment {
    /** At a random moment of the writes (with, for RDB, a completed save before it). */
    WHILE_WRITING("while-writing"),
    /** While a BGSAVE writes its snapshot or renames it into place. */
    DURING_BGSAVE("during-bgsave"),
    /** While a BGREWRITEAOF writes its new base. */
    DURING_REWRITE("during-rewrite"),
    /** Close to the rewrite's end: the new base's rename, the manifest's replacement, the old files' deletion. */
    AROUND_MANIFEST_SWITCH("around-manifest-switch");

    private final String label;

    Moment(String label) {
        this.label = label;
    }

    /** One of the moments that make sense for this persistence, drawn from {@code plan}. */
    static Moment pick(CrashConfiguration.Persistence persistence, Random plan) {
        List<Moment> choices = new ArrayList<>(List.of(WHILE_WRITING, WHILE_WRITING));
        if (persistence.rdb()) {
            choices.add(DURING_BGSAVE);
        }
        if (persistence.aof()) {
            choices.add(DURING_REWRITE);
            choices.add(AROUND_MANIFEST_SWITCH);
        }
        return choices.get(plan.nextInt(choices.size()));
    }

    @Override
    public String toString() {
        return label;
    }
}
