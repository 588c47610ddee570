package io.forkline.server.pubsub;

import io.forkline.engine.command.Arguments;
import io.forkline.engine.command.CommandFlag;
import io.forkline.engine.command.CommandSpec;
import io.forkline.server.exec.Listening;
import io.forkline.server.exec.ServerRuntime;
import io.forkline.server.net.ClientSession;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The clients in MONITOR mode and the line each receives for every command that runs afterwards,
 * as Redis 7.0 writes it: {@code +<seconds>.<micros> [<db> <ip:port>] "arg" "arg"...}, arguments
 * quoted by {@link CommandRepr} and sensitive ones redacted ({@link SensitiveArguments}). Admin
 * commands and those flagged skip_monitor are not shown. Writer thread only.
 */
public final class MonitorFeed {

    private final ServerRuntime runtime;
    private final LongSupplier unixMicros;
    private final Set<ClientSession> monitors = new LinkedHashSet<>();
    /** Told of commands only while a client monitors. */
    private Listening listening;

    private MonitorFeed(ServerRuntime runtime, LongSupplier unixMicros) {
        this.runtime = runtime;
        this.unixMicros = unixMicros;
    }

    /** A feed told of every command the runtime executes, which forgets a monitor on RESET or disconnect. */
    public static MonitorFeed attach(ServerRuntime runtime) {
        return attach(runtime, MonitorFeed::systemMicros);
    }

    /** As {@link #attach(ServerRuntime)}, with the clock that stamps the lines. */
    public static MonitorFeed attach(ServerRuntime runtime, LongSupplier unixMicros) {
        MonitorFeed feed = new MonitorFeed(runtime, unixMicros);
        runtime.onDisconnect(feed::remove);
        runtime.onReset(feed::remove);
        feed.listening = runtime.onCommandExecuted((client, spec, args, db, micros) -> feed.executed(client, spec, args, db));
        feed.listening.active(false);
        return feed;
    }

    /** Makes {@code client} a monitor; false if it already was. */
    public boolean add(ClientSession client) {
        listening.active(true);
        return monitors.add(client);
    }

    private void remove(ClientSession client) {
        if (monitors.remove(client)) {
            listening.active(!monitors.isEmpty());
        }
    }

    public boolean isMonitor(ClientSession client) {
        return monitors.contains(client);
    }

    public Set<ClientSession> monitors() {
        return Collections.unmodifiableSet(monitors);
    }

    private void executed(ClientSession client, CommandSpec spec, Arguments args, int db) {
        if (monitors.isEmpty() || spec.has(CommandFlag.ADMIN) || spec.has(CommandFlag.SKIP_MONITOR)) {
            return;
        }
        byte[] line = line(unixMicros.getAsLong(), db, client.address(), args, SensitiveArguments.of(spec, args));
        for (ClientSession monitor : monitors) {
            runtime.currentEvent().outbox().add(monitor, line, 0, line.length);
        }
    }

    /** One MONITOR line, CRLF included; {@code redacted} marks arguments shown as "(redacted)", or is null. */
    public static byte[] line(long unixMicros, int db, String address, Arguments args, boolean[] redacted) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + args.count() * 16);
        String prefix = String.format(java.util.Locale.ROOT, "+%d.%06d [%d %s] ", unixMicros / 1_000_000,
                unixMicros % 1_000_000, db, address);
        out.writeBytes(prefix.getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < args.count(); i++) {
            if (i > 0) {
                out.write(' ');
            }
            if (redacted != null && redacted[i]) {
                CommandRepr.append(out, SensitiveArguments.REDACTED, 0, SensitiveArguments.REDACTED.length);
            } else {
                CommandRepr.append(out, args.buffer(), args.offset(i), args.length(i));
            }
        }
        out.write('\r');
        out.write('\n');
        return out.toByteArray();
    }

    private static long systemMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
    }
}
