package io.forkline.aof.fsync;

import java.util.Locale;

/**
 * When the append-only file is fsynced (appendfsync), as a strategy the journal consults per batch:
 * {@link #always()} syncs each batch on the journal thread before its replies leave; {@link #everySecond()}
 * lets the writer write each batch and the {@link FsyncAgent} sync once a second; {@link #none()} leaves
 * syncing to the operating system.
 */
public abstract sealed class FsyncPolicy permits FsyncPolicy.Always, FsyncPolicy.EverySecond, FsyncPolicy.None {

    private static final FsyncPolicy ALWAYS = new Always();
    private static final FsyncPolicy EVERY_SECOND = new EverySecond();
    private static final FsyncPolicy NONE = new None();

    public static FsyncPolicy always() {
        return ALWAYS;
    }

    public static FsyncPolicy everySecond() {
        return EVERY_SECOND;
    }

    public static FsyncPolicy none() {
        return NONE;
    }

    /** The policy appendfsync names: "always", "everysec" or "no". */
    public static FsyncPolicy named(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "always" -> ALWAYS;
            case "everysec" -> EVERY_SECOND;
            case "no" -> NONE;
            default -> throw new IllegalArgumentException("unknown appendfsync policy '" + name + "'");
        };
    }

    /** The name appendfsync uses. */
    public abstract String name();

    /** Whether each batch is synced after its write, before its replies leave. */
    public boolean syncsEachBatch() {
        return false;
    }

    /** Whether the fsync agent syncs the written tail once a second. */
    public boolean syncsInBackground() {
        return false;
    }

    /**
     * Whether a batch must be journaled on the journal thread rather than the writer: it will be synced,
     * or its write would wait behind the agent's fsync in flight (Redis postpones that write instead).
     */
    public abstract boolean needsJournalThread(FsyncAgent agent);

    @Override
    public String toString() {
        return name();
    }

    static final class Always extends FsyncPolicy {
        @Override
        public String name() {
            return "always";
        }

        @Override
        public boolean syncsEachBatch() {
            return true;
        }

        @Override
        public boolean needsJournalThread(FsyncAgent agent) {
            return true;
        }
    }

    static final class EverySecond extends FsyncPolicy {
        @Override
        public String name() {
            return "everysec";
        }

        @Override
        public boolean syncsInBackground() {
            return true;
        }

        @Override
        public boolean needsJournalThread(FsyncAgent agent) {
            return agent.syncInFlight();
        }
    }

    static final class None extends FsyncPolicy {
        @Override
        public String name() {
            return "no";
        }

        @Override
        public boolean needsJournalThread(FsyncAgent agent) {
            return false;
        }
    }
}
