package io.forkline.server.pubsub;

import io.forkline.engine.command.Arguments;
import io.forkline.engine.command.CommandFlag;
import io.forkline.engine.command.CommandSpec;
import io.forkline.engine.keyspace.Clock;
import io.forkline.server.exec.ServerRuntime;
import io.forkline.server.net.ClientSession;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * Redis's slow log: the commands that ran for at least {@code slowlog-log-slower-than} microseconds,
 * newest first, at most {@code slowlog-max-len} of them. A negative threshold turns logging off; 0
 * logs every command. Commands flagged skip_slowlog (EXEC) are never logged; the commands inside a
 * transaction are, one by one. Writer thread only.
 */
public final class SlowLog {

    /** Redis's SLOWLOG_ENTRY_MAX_ARGC: the last kept argument says how many more there were. */
    public static final int MAX_ARGUMENTS = 32;
    /** Redis's SLOWLOG_ENTRY_MAX_STRING: a longer argument keeps this many bytes and says how many more. */
    public static final int MAX_ARGUMENT_BYTES = 128;

    private final Clock clock;
    private final ArrayDeque<SlowLogEntry> entries = new ArrayDeque<>();
    private long nextId;
    private long logSlowerThan;
    private long maxLength;

    public SlowLog(Clock clock, long logSlowerThanMicros, long maxLength) {
        this.clock = clock;
        logSlowerThan(logSlowerThanMicros);
        maxLength(maxLength);
    }

    /** A slow log told of every command the runtime executes. */
    public static SlowLog attach(ServerRuntime runtime, long logSlowerThanMicros, long maxLength) {
        SlowLog log = new SlowLog(runtime.clock(), logSlowerThanMicros, maxLength);
        runtime.onCommandExecuted((client, spec, args, db, micros) -> log.executed(spec, args, micros, client));
        return log;
    }

    public long logSlowerThan() {
        return logSlowerThan;
    }

    /** Changes the threshold (CONFIG SET slowlog-log-slower-than); negative disables logging. */
    public void logSlowerThan(long micros) {
        this.logSlowerThan = micros;
    }

    public long maxLength() {
        return maxLength;
    }

    /** Changes the length bound (CONFIG SET slowlog-max-len); applied when the next command is considered. */
    public void maxLength(long length) {
        if (length < 0) {
            throw new IllegalArgumentException("slowlog-max-len must not be negative, got " + length);
        }
        this.maxLength = length;
    }

    /** Considers one executed command, as Redis does after each call; asks the client who it is only if it logs it. */
    public void executed(CommandSpec spec, Arguments args, long micros, ClientSession client) {
        if (considers(spec)) {
            if (micros >= logSlowerThan) {
                add(spec, args, micros, client.address(), client.state().name);
            }
            trim();
        }
    }

    /** As {@link #executed(CommandSpec, Arguments, long, ClientSession)}, for a client known by address and name. */
    public void executed(CommandSpec spec, Arguments args, long micros, String clientAddress, String clientName) {
        if (considers(spec)) {
            if (micros >= logSlowerThan) {
                add(spec, args, micros, clientAddress, clientName);
            }
            trim();
        }
    }

    private boolean considers(CommandSpec spec) {
        return logSlowerThan >= 0 && !spec.has(CommandFlag.SKIP_SLOWLOG);
    }

    private void add(CommandSpec spec, Arguments args, long micros, String clientAddress, String clientName) {
        List<byte[]> kept = kept(args, SensitiveArguments.of(spec, args));
        entries.addFirst(new SlowLogEntry(nextId++, clock.millis() / 1000, micros, kept, clientAddress, clientName));
    }

    /** Drops the oldest entries beyond the bound: after each command, so a lowered bound applies at the next one. */
    private void trim() {
        while (entries.size() > maxLength) {
            entries.removeLast();
        }
    }

    /** Up to {@code count} entries, newest first. */
    public List<SlowLogEntry> newest(long count) {
        List<SlowLogEntry> out = new ArrayList<>((int) Math.min(count, entries.size()));
        Iterator<SlowLogEntry> iterator = entries.iterator();
        while (out.size() < count && iterator.hasNext()) {
            out.add(iterator.next());
        }
        return out;
    }

    public int size() {
        return entries.size();
    }

    /** SLOWLOG RESET: drops the entries; ids keep growing. */
    public void reset() {
        entries.clear();
    }

    /** The arguments an entry keeps: cut to {@link #MAX_ARGUMENTS} and {@link #MAX_ARGUMENT_BYTES} as Redis cuts them. */
    static List<byte[]> kept(Arguments args, boolean[] redacted) {
        int count = Math.min(args.count(), MAX_ARGUMENTS);
        List<byte[]> kept = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            if (count != args.count() && i == count - 1) {
                kept.add(ascii("... (" + (args.count() - count + 1) + " more arguments)"));
            } else if (redacted != null && redacted[i]) {
                kept.add(SensitiveArguments.REDACTED);
            } else if (args.length(i) > MAX_ARGUMENT_BYTES) {
                byte[] cut = Arrays.copyOfRange(args.buffer(), args.offset(i), args.offset(i) + MAX_ARGUMENT_BYTES);
                byte[] note = ascii("... (" + (args.length(i) - MAX_ARGUMENT_BYTES) + " more bytes)");
                byte[] both = Arrays.copyOf(cut, cut.length + note.length);
                System.arraycopy(note, 0, both, cut.length, note.length);
                kept.add(both);
            } else {
                kept.add(args.bytes(i));
            }
        }
        return kept;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
