package io.forkline.bench.crash;

import java.util.ArrayList;
import java.util.List;

/**
 * One checkable write of one client: the commands it sends and what it does to the keys it owns. Each operation
 * leaves a trace no other operation leaves (a new list element, a new key, a new counter value), so the state
 * after any prefix of a client's operations differs from the state after any other prefix.
 *
 * @param client the client that sends it (the preload client is {@link Workload#clients()})
 * @param index  its position in that client's history, from 0
 * @param kind   what it does
 * @param value  the value a SET or MSET writes (empty for the other kinds)
 */
public record Operation(int client, int index, Kind kind, String value) {

    /** The global counter every MULTI block increments, whichever client sends it. */
    public static final String GLOBAL_COUNTER = "g";

    /** What an operation does. */
    public enum Kind {
        /** {@code INCR c:<client>}. */
        INCR,
        /** {@code RPUSH l:<client> <index>}. */
        RPUSH,
        /** {@code SET k:<client>:<index> <value>}. */
        SET,
        /** MULTI; INCR c; RPUSH l; SET k; INCR g; EXEC: four keys at once, or none. */
        MULTI,
        /** {@code MSET p:<index>:0 <value> ... p:<index>:<n-1> <value>}: the preload, {@link Workload#PRELOAD_BATCH} keys at once. */
        MSET
    }

    public static String counterKey(int client) {
        return "c:" + client;
    }

    public static String listKey(int client) {
        return "l:" + client;
    }

    public static String setKey(int client, int index) {
        return "k:" + client + ":" + index;
    }

    public static String preloadKey(int index, int member) {
        return "p:" + index + ":" + member;
    }

    /** The commands, in the order they are sent. */
    public List<String[]> commands() {
        return switch (kind) {
            case INCR -> List.<String[]>of(new String[] {"INCR", counterKey(client)});
            case RPUSH -> List.<String[]>of(new String[] {"RPUSH", listKey(client), Integer.toString(index)});
            case SET -> List.<String[]>of(new String[] {"SET", setKey(client, index), value});
            case MULTI -> List.of(new String[] {"MULTI"}, new String[] {"INCR", counterKey(client)},
                    new String[] {"RPUSH", listKey(client), Integer.toString(index)},
                    new String[] {"SET", setKey(client, index), value}, new String[] {"INCR", GLOBAL_COUNTER},
                    new String[] {"EXEC"});
            case MSET -> {
                List<String> args = new ArrayList<>();
                args.add("MSET");
                for (int member = 0; member < Workload.PRELOAD_BATCH; member++) {
                    args.add(preloadKey(index, member));
                    args.add(value);
                }
                yield List.<String[]>of(args.toArray(String[]::new));
            }
        };
    }

    /**
     * Whether {@code replies} (one per command) acknowledge the write: the last reply says it was done. An error
     * reply means the server refused it (MISCONF, LOADING, EXECABORT): not applied.
     */
    public boolean acknowledgedBy(List<Object> replies) {
        Object last = replies.getLast();
        return switch (kind) {
            case INCR, RPUSH -> last instanceof Long;
            case SET, MSET -> "OK".equals(last);
            case MULTI -> last instanceof List<?> results && results.size() == 4 && results.get(0) instanceof Long
                    && results.get(1) instanceof Long && "OK".equals(results.get(2)) && results.get(3) instanceof Long;
        };
    }

    /** Whether it increments the global counter. */
    public boolean incrementsGlobal() {
        return kind == Kind.MULTI;
    }

    @Override
    public String toString() {
        return "client " + client + " #" + index + " " + kind;
    }
}
