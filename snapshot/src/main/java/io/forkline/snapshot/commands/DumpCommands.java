package io.forkline.snapshot.commands;

import io.forkline.engine.Engine;
import io.forkline.engine.command.Arguments;
import io.forkline.engine.command.CommandContext;
import io.forkline.engine.command.CommandError;
import io.forkline.engine.command.CommandSpec;
import io.forkline.engine.command.Effects;
import io.forkline.engine.command.Notify;
import io.forkline.engine.command.Parse;
import io.forkline.engine.keyspace.Keyspace;
import io.forkline.snapshot.rdb.KeyspaceLoader;
import io.forkline.snapshot.rdb.RdbValue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.BooleanSupplier;

import static io.forkline.engine.command.Specs.command;

/**
 * DUMP and RESTORE (REPLACE, ABSTTL, IDLETIME, FREQ), as Redis 7.0's cluster.c answers them, with the
 * payload of {@link DumpPayload}, so that values move between forkline and Redis. Writer thread.
 */
public final class DumpCommands {

    private static final CommandError BUSYKEY = CommandError.of("BUSYKEY Target key name already exists.");
    private static final CommandError INVALID_TTL = CommandError.of("ERR Invalid TTL value, must be >= 0");
    private static final CommandError INVALID_IDLETIME = CommandError.of("ERR Invalid IDLETIME value, must be >= 0");
    private static final CommandError INVALID_FREQ = CommandError.of("ERR Invalid FREQ value, must be >= 0 and <= 255");
    private static final CommandError BAD_PAYLOAD = CommandError.of("ERR DUMP payload version or checksum are wrong");
    private static final CommandError BAD_FORMAT = CommandError.of("ERR Bad data format");
    private static final byte[] DEL = "DEL".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ABSTTL = "ABSTTL".getBytes(StandardCharsets.US_ASCII);

    private final Engine engine;
    private final BooleanSupplier compression;

    /** @param compression whether strings over 20 bytes are LZF-compressed in payloads (rdbcompression) */
    public DumpCommands(Engine engine, BooleanSupplier compression) {
        this.engine = engine;
        this.compression = compression;
    }

    public List<CommandSpec> specs() {
        String g = "generic";
        return List.of(
                command(g, "dump", 2, "readonly", 1, 1, 1, "Return a serialized version of the value stored at the specified key.", this::dump),
                command(g, "restore", -4, "write denyoom", 1, 1, 1,
                        "Create a key using the provided serialized value, previously obtained using DUMP.", this::restore));
    }

    private void dump(CommandContext context, Arguments args) {
        long entry = context.lookupRead(args, 1);
        if (entry == 0) {
            context.reply().nullBulk();
            return;
        }
        try {
            context.reply().bulk(DumpPayload.of(context.memory(), entry, compression.getAsBoolean()));
        } catch (IOException e) {
            throw new UncheckedIOException("a buffer sink does not fail", e);
        }
    }

    /** RESTORE key ttl serialized-value [REPLACE] [ABSTTL] [IDLETIME seconds] [FREQ frequency]. */
    private void restore(CommandContext context, Arguments args) {
        RestoreOptions options = RestoreOptions.parse(args);
        if (!options.replace() && context.lookupWrite(args, 1) != 0) {
            throw BUSYKEY;
        }
        long ttl = Parse.longArg(args, 2);
        if (ttl < 0) {
            throw INVALID_TTL;
        }
        byte[] buffer = args.buffer();
        if (!DumpPayload.verify(buffer, args.offset(3), args.length(3))) {
            throw BAD_PAYLOAD;
        }
        RdbValue value;
        try {
            value = DumpPayload.read(buffer, args.offset(3), args.length(3));
        } catch (IOException | RuntimeException e) {
            throw BAD_FORMAT;
        }
        Keyspace keyspace = context.keyspace();
        int db = context.db();
        boolean deleted = options.replace() && keyspace.find(db, buffer, args.offset(1), args.length(1)) != 0
                && keyspace.delete(db, buffer, args.offset(1), args.length(1));
        long expireAt = ttl == 0 ? -1 : options.absttl() ? ttl : ttl + context.now();
        if (expireAt != -1 && expireAt <= context.now()) {
            if (deleted) {
                context.propagate().add(db, DEL, args.bytes(1));
                context.modified(args, 1);
                context.keyspaceEvent(Notify.GENERIC, "del", args, 1);
                context.dirty(1);
            }
            context.reply().ok();
            return;
        }
        long accessedAt = context.now() - Math.min(Math.max(0, options.idleSeconds()), context.now() / 1000) * 1000;
        try {
            if (!KeyspaceLoader.put(engine, db, args.bytes(1), value, expireAt, accessedAt)) {
                throw BAD_FORMAT;   // an empty value, which Redis refuses to load too
            }
        } catch (IOException e) {
            throw BAD_FORMAT;   // a duplicate member or field, a NaN score
        }
        if (expireAt != -1 && !options.absttl()) {
            propagateAbsolute(context, args, expireAt);
        }
        context.modified(args, 1);
        context.keyspaceEvent(Notify.GENERIC, "restore", args, 1);
        context.dirty(1);
        context.reply().ok();
    }

    /** A relative TTL is propagated as the absolute time it gave, with ABSTTL, so replicas and the AOF agree. */
    private static void propagateAbsolute(CommandContext context, Arguments args, long expireAt) {
        Effects effects = context.propagate();
        effects.begin(context.db(), args.count() + 1);
        for (int i = 0; i < args.count(); i++) {
            if (i == 2) {
                effects.argument(expireAt);
            } else {
                effects.argument(args.buffer(), args.offset(i), args.length(i));
            }
        }
        effects.argument(ABSTTL);
    }

    /**
     * RESTORE's options, checked in Redis's order. IDLETIME and FREQ exclude each other (the second is a
     * syntax error). forkline has no LFU policy, so FREQ is checked and then ignored, as Redis ignores it
     * under an LRU policy; IDLETIME sets the key's last access.
     */
    private record RestoreOptions(boolean replace, boolean absttl, long idleSeconds, long frequency) {

        static RestoreOptions parse(Arguments args) {
            boolean replace = false;
            boolean absttl = false;
            long idle = -1;
            long frequency = -1;
            for (int i = 4; i < args.count(); i++) {
                boolean hasValue = i + 1 < args.count();
                if (args.is(i, "replace")) {
                    replace = true;
                } else if (args.is(i, "absttl")) {
                    absttl = true;
                } else if (args.is(i, "idletime") && hasValue && frequency == -1) {
                    idle = Parse.longArg(args, ++i);
                    if (idle < 0) {
                        throw INVALID_IDLETIME;
                    }
                } else if (args.is(i, "freq") && hasValue && idle == -1) {
                    frequency = Parse.longArg(args, ++i);
                    if (frequency < 0 || frequency > 255) {
                        throw INVALID_FREQ;
                    }
                } else {
                    throw CommandError.SYNTAX;
                }
            }
            return new RestoreOptions(replace, absttl, idle, frequency);
        }
    }
}
