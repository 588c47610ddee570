package io.forkline.bench.crash;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Sends one client's writes over its own connection, one at a time, recording each in the history before it
 * leaves and again when its answer arrives. A broken connection leaves the write in flight.
 */
final class ClientDriver {

    private final RespClient connection;
    private final Workload.Source source;
    private final History history;
    private final LongSupplier simulatedClock;

    ClientDriver(RespClient connection, Workload.Source source, History history, LongSupplier simulatedClock) {
        this.connection = connection;
        this.source = source;
        this.history = history;
        this.simulatedClock = simulatedClock;
    }

    /** Sends the next write and waits for its answer; false once the connection is broken. */
    boolean step() {
        return send(connection, source.next(), history, simulatedClock);
    }

    /** Writes until {@code keepGoing} turns false or the connection breaks. */
    void run(java.util.function.BooleanSupplier keepGoing) {
        boolean connected = true;
        while (connected && keepGoing.getAsBoolean()) {
            connected = step();
        }
    }

    /** Sends one operation and records what happened to it; false if the connection broke. */
    static boolean send(RespClient connection, Operation operation, History history, LongSupplier simulatedClock) {
        History.Write write = history.sent(operation, System.nanoTime(), simulatedClock.getAsLong());
        try {
            List<String[]> commands = operation.commands();
            for (String[] command : commands) {
                connection.send(command);
            }
            connection.flush();
            List<Object> replies = new ArrayList<>(commands.size());
            for (int i = 0; i < commands.size(); i++) {
                replies.add(connection.read());
            }
            settle(write, replies, simulatedClock);
            return true;
        } catch (IOException | RuntimeException broken) {
            return false;
        }
    }

    /** Records the answer: acknowledged, or refused with the error that refused it. */
    static void settle(History.Write write, List<Object> replies, LongSupplier simulatedClock) {
        if (write.operation().acknowledgedBy(replies)) {
            write.acknowledge(System.nanoTime(), simulatedClock.getAsLong());
        } else {
            write.refuse(replies.stream().filter(RespClient.ErrorReply.class::isInstance).map(Object::toString).findFirst()
                    .orElse(String.valueOf(replies.getLast())));
        }
    }

    /** The preload: {@code batches} MSETs of {@link Workload#PRELOAD_BATCH} keys, pipelined in groups. */
    static void preload(RespClient connection, Workload workload, int batches, History history, LongSupplier simulatedClock)
            throws IOException {
        int group = 20;
        for (int from = 0; from < batches; from += group) {
            List<History.Write> writes = new ArrayList<>();
            for (int index = from; index < Math.min(batches, from + group); index++) {
                Operation operation = workload.preload(index);
                writes.add(history.sent(operation, System.nanoTime(), simulatedClock.getAsLong()));
                connection.send(operation.commands().getFirst());
            }
            connection.flush();
            for (History.Write write : writes) {
                settle(write, List.of(connection.read()), simulatedClock);
            }
        }
    }
}
