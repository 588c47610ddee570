package io.forkline.server.persistence;

import io.forkline.engine.keyspace.Clock;

import java.util.concurrent.atomic.AtomicLong;

/** A clock the test moves by hand and the writer reads: save points and LASTSAVE without waiting. */
final class TestClock implements Clock {

    private final AtomicLong now;

    TestClock(long startMillis) {
        this.now = new AtomicLong(startMillis);
    }

    @Override
    public long millis() {
        return now.get();
    }

    void advanceSeconds(long seconds) {
        now.addAndGet(seconds * 1000);
    }
}
