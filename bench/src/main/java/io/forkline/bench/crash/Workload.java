package io.forkline.bench.crash;

import java.util.Random;

/**
 * What each client writes, as a function of the round's seed alone: client {@code c}'s {@code i}-th operation is
 * the same in every run of that seed, however the threads interleave.
 *
 * @param seed      the round's seed
 * @param clients   writing clients; the preload client is number {@code clients}
 * @param valueSize bytes of each SET and MSET value
 */
public record Workload(long seed, int clients, int valueSize) {

    /** Keys per preload MSET. */
    public static final int PRELOAD_BATCH = 100;

    /** The client that preloads keys before the round's writes start. */
    public int preloadClient() {
        return clients;
    }

    /** A fresh source of client {@code client}'s operations, from its first. */
    public Source source(int client) {
        return new Source(client);
    }

    /** The {@code index}-th preload MSET. */
    public Operation preload(int index) {
        return new Operation(preloadClient(), index, Operation.Kind.MSET, value(preloadClient(), index));
    }

    /** A value that names its writer and position, padded to {@link #valueSize}. */
    String value(int client, int index) {
        StringBuilder value = new StringBuilder(Math.max(valueSize, 16)).append('v').append(client).append('.').append(index)
                .append('.');
        while (value.length() < valueSize) {
            value.append((char) ('a' + (value.length() + index) % 26));
        }
        return value.toString();
    }

    /** One client's operations, in order. Not thread-safe: one client thread owns it. */
    public final class Source {
        private final int client;
        private final Random random;
        private int next;

        private Source(int client) {
            this.client = client;
            this.random = new Random(seed * 0x9E3779B97F4A7C15L + client);
        }

        public Operation next() {
            int roll = random.nextInt(10);
            Operation.Kind kind = roll < 3 ? Operation.Kind.INCR : roll < 6 ? Operation.Kind.RPUSH
                    : roll < 8 ? Operation.Kind.SET : Operation.Kind.MULTI;
            int index = next++;
            String value = kind == Operation.Kind.SET || kind == Operation.Kind.MULTI ? value(client, index) : "";
            return new Operation(client, index, kind, value);
        }
    }
}
