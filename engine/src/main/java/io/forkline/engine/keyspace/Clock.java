package io.forkline.engine.keyspace;

/** Wall-clock milliseconds, injectable so that tests of expiry never sleep. */
@FunctionalInterface
public interface Clock {

    long millis();

    static Clock system() {
        return System::currentTimeMillis;
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
