package io.forkline.engine.keyspace;

/** Wall-clock milliseconds, injectable so that tests of expiry never sleep. */
@FunctionalInterface
public interface Clock {

    long millis();

    /**
     * What this clock reads {@code elapsedNanos} of {@link System#nanoTime()} after it read {@code readMillis}.
     * The server reads the wall clock once per batch and times each command by {@code System.nanoTime()} anyway,
     * so a command's time costs no second clock read. A clock that does not move by itself (one a test moves by
     * hand) is read again.
     */
    default long millisAfter(long readMillis, long elapsedNanos) {
        return millis();
    }

    static Clock system() {
        return Wall.CLOCK;
    }

    /** The system's wall clock; between two readings it moves as the monotonic clock does. */
    final class Wall implements Clock {
        private static final Wall CLOCK = new Wall();

        private Wall() {
        }

        @Override
        public long millis() {
            return System.currentTimeMillis();
        }

        @Override
        public long millisAfter(long readMillis, long elapsedNanos) {
            return readMillis + elapsedNanos / 1_000_000;
        }
    }

    /** A clock tests move by hand. */
    final class Manual implements Clock {
        private long now;

        public Manual(long startMillis) {
            this.now = startMillis;
        }

        @Override
        public long millis() {
            return now;
        }

        public void advance(long millis) {
            now += millis;
        }

        public void set(long millis) {
            now = millis;
        }
    }
}
