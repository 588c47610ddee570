package io.forkline.server.pubsub;

import java.util.List;

/**
 * One slow command as SLOWLOG GET reports it.
 *
 * @param id             a number that grows by one per entry and survives SLOWLOG RESET
 * @param unixSeconds    when it was logged
 * @param micros         how long it ran
 * @param arguments      the command as sent: at most 32 arguments, each at most 128 bytes plus a note
 *                       of what was cut, sensitive ones redacted
 * @param clientAddress  the client's ip:port
 * @param clientName     the client's name, empty if none
 */
public record SlowLogEntry(long id, long unixSeconds, long micros, List<byte[]> arguments, String clientAddress,
                           String clientName) {

    public SlowLogEntry {
        arguments = List.copyOf(arguments);
    }
}
