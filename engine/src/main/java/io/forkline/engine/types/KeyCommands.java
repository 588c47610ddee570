package io.forkline.engine.types;

import io.forkline.engine.command.Arguments;
import io.forkline.engine.command.CommandContext;
import io.forkline.engine.command.CommandError;
import io.forkline.engine.command.CommandSpec;
import io.forkline.engine.command.Effects;
import io.forkline.engine.command.Notify;
import io.forkline.engine.command.Parse;
import io.forkline.engine.command.Reply;
import io.forkline.engine.keyspace.Encoding;
import io.forkline.engine.keyspace.KeyEntry;
import io.forkline.engine.keyspace.Keyspace;
import io.forkline.engine.keyspace.ValueType;
import io.forkline.engine.text.Glob;
import io.forkline.pages.Memory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static io.forkline.engine.command.Specs.command;
import static io.forkline.engine.command.Specs.container;

/** The generic key commands (DEL, EXPIRE, SCAN, RENAME, OBJECT, ...) and the database-wide ones (DBSIZE, FLUSHDB, SWAPDB). */
public final class KeyCommands {

    private static final byte[] DEL = "DEL".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PEXPIREAT = "PEXPIREAT".getBytes(StandardCharsets.US_ASCII);
    private static final CommandError DB_OUT_OF_RANGE = CommandError.of("ERR DB index is out of range");
    private static final CommandError INVALID_CURSOR = CommandError.of("ERR invalid cursor");
    /** The largest cursor, 2^64 - 1, is this times ten plus {@link #MAX_CURSOR_LAST_DIGIT}. */
    private static final long MAX_CURSOR_TENTH = Long.divideUnsigned(-1L, 10);
    private static final int MAX_CURSOR_LAST_DIGIT = (int) Long.remainderUnsigned(-1L, 10);
    private static final CommandError SAME_OBJECT = CommandError.of("ERR source and destination objects are the same");
    /** Redis's shared integers 0..9999 report this REFCOUNT. */
    private static final long SHARED_REFCOUNT = Integer.MAX_VALUE;

    private KeyCommands() {
    }

    public static List<CommandSpec> specs() {
        String g = "generic";
        return List.of(
                command(g, "del", -2, "write", 1, -1, 1, "Delete a key", KeyCommands::del),
                command(g, "unlink", -2, "write fast", 1, -1, 1, "Delete a key asynchronously in another thread", KeyCommands::del),
                command(g, "exists", -2, "readonly fast", 1, -1, 1, "Determine if a key exists", KeyCommands::exists),
                command(g, "touch", -2, "readonly fast", 1, -1, 1, "Alters the last access time of a key(s)", KeyCommands::touch),
                command(g, "type", 2, "readonly fast", 1, 1, 1, "Determine the type stored at key", KeyCommands::type),
                command(g, "expire", -3, "write fast", 1, 1, 1, "Set a key's time to live in seconds", (c, a) -> expire(c, a, 1000, true, "expire")),
                command(g, "pexpire", -3, "write fast", 1, 1, 1, "Set a key's time to live in milliseconds", (c, a) -> expire(c, a, 1, true, "pexpire")),
                command(g, "expireat", -3, "write fast", 1, 1, 1, "Set the expiration for a key as a UNIX timestamp", (c, a) -> expire(c, a, 1000, false, "expireat")),
                command(g, "pexpireat", -3, "write fast", 1, 1, 1, "Set the expiration for a key as a UNIX timestamp specified in milliseconds", (c, a) -> expire(c, a, 1, false, "pexpireat")),
                command(g, "ttl", 2, "readonly fast", 1, 1, 1, "Get the time to live for a key in seconds", (c, a) -> ttl(c, a, true, false)),
                command(g, "pttl", 2, "readonly fast", 1, 1, 1, "Get the time to live for a key in milliseconds", (c, a) -> ttl(c, a, false, false)),
                command(g, "expiretime", 2, "readonly fast", 1, 1, 1, "Get the expiration Unix timestamp for a key", (c, a) -> ttl(c, a, true, true)),
                command(g, "pexpiretime", 2, "readonly fast", 1, 1, 1, "Get the expiration Unix timestamp for a key in milliseconds", (c, a) -> ttl(c, a, false, true)),
                command(g, "persist", 2, "write fast", 1, 1, 1, "Remove the expiration from a key", KeyCommands::persist),
                command(g, "keys", 2, "readonly", 0, 0, 0, "Find all keys matching the given pattern", KeyCommands::keys),
                command(g, "scan", -2, "readonly", 0, 0, 0, "Incrementally iterate the keys space", KeyCommands::scan),
                command(g, "randomkey", 1, "readonly", 0, 0, 0, "Return a random key from the keyspace", KeyCommands::randomkey),
                command(g, "rename", 3, "write", 1, 2, 1, "Rename a key", (c, a) -> rename(c, a, false)),
                command(g, "renamenx", 3, "write fast", 1, 2, 1, "Rename a key, only if the new key does not exist", (c, a) -> rename(c, a, true)),
                command(g, "copy", -3, "write denyoom", 1, 2, 1, "Copy a key", KeyCommands::copy),
                command(g, "move", 3, "write fast", 1, 1, 1, "Move a key to another database", KeyCommands::move),
                container(g, "object", "A container for object introspection commands", List.of(
                        command(g, "object|encoding", 3, "readonly", 2, 2, 1, "Inspect the internal encoding of a Redis object", KeyCommands::objectEncoding),
                        command(g, "object|refcount", 3, "readonly", 2, 2, 1, "Get the number of references to the value of the key", KeyCommands::objectRefcount),
                        command(g, "object|idletime", 3, "readonly", 2, 2, 1, "Get the time since a Redis object was last accessed", KeyCommands::objectIdletime),
                        command(g, "object|freq", 3, "readonly", 2, 2, 1, "Get the logarithmic access frequency counter of a Redis object", KeyCommands::objectFreq))),
                container("server", "memory", "A container for memory diagnostics commands", List.of(
                        command("server", "memory|usage", -3, "readonly", 2, 2, 1, "Estimate the memory usage of a key", KeyCommands::memoryUsage))),
                command("server", "dbsize", 1, "readonly fast", 0, 0, 0, "Return the number of keys in the selected database", KeyCommands::dbsize),
                command("server", "flushdb", -1, "write", 0, 0, 0, "Remove all keys from the current database", (c, a) -> flush(c, a, false)),
                command("server", "flushall", -1, "write", 0, 0, 0, "Remove all keys from all databases", (c, a) -> flush(c, a, true)),
                command("server", "swapdb", 3, "write fast", 0, 0, 0, "Swaps two Redis databases", KeyCommands::swapdb));
    }

    private static void del(CommandContext context, Arguments args) {
        long deleted = 0;
        for (int i = 1; i < args.count(); i++) {
            if (context.lookupWrite(args, i) != 0
                    && context.keyspace().delete(context.db(), args.buffer(), args.offset(i), args.length(i))) {
                deleted++;
                context.modified(args, i);
                context.keyspaceEvent(Notify.GENERIC, "del", args, i);
            }
        }
        context.dirty(deleted);
        context.reply().integer(deleted);
    }

    private static void exists(CommandContext context, Arguments args) {
        long found = 0;
        for (int i = 1; i < args.count(); i++) {
            // as Redis's LOOKUP_NOTOUCH: asking whether a key exists is no access to it (OBJECT IDLETIME)
            if (context.keyspace().lookupReadNoTouch(context.db(), args.buffer(), args.offset(i), args.length(i), context.now()) != 0) {
                found++;
            } else {
                context.keyMiss(args, i);
            }
        }
        context.reply().integer(found);
    }

    /** TOUCH: EXISTS that counts as an access to each key. */
    private static void touch(CommandContext context, Arguments args) {
        long found = 0;
        for (int i = 1; i < args.count(); i++) {
            if (context.lookupRead(args, i) != 0) {
                found++;
            }
        }
        context.reply().integer(found);
    }

    private static void type(CommandContext context, Arguments args) {
        long entry = context.keyspace().lookupReadNoTouch(context.db(), args.buffer(), args.offset(1), args.length(1), context.now());
        if (entry == 0) {
            context.keyMiss(args, 1);
        }
        context.reply().simple(entry == 0 ? "none" : KeyEntry.type(context.memory(), entry).typeName());
    }

    // ---------------------------------------------------------------------------------------------
    // Expiry

    private static void expire(CommandContext context, Arguments args, long unitMillis, boolean relative, String name) {
        long amount = Parse.longArg(args, 2);
        boolean nx = false;
        boolean xx = false;
        boolean gt = false;
        boolean lt = false;
        for (int i = 3; i < args.count(); i++) {
            if (args.is(i, "nx")) {
                nx = true;
            } else if (args.is(i, "xx")) {
                xx = true;
            } else if (args.is(i, "gt")) {
                gt = true;
            } else if (args.is(i, "lt")) {
                lt = true;
            } else {
                throw CommandError.of("ERR Unsupported option " + args.string(i));
            }
        }
        if (nx && (xx || gt || lt)) {
            throw CommandError.of("ERR NX and XX, GT or LT options at the same time are not compatible");
        }
        if (gt && lt) {
            throw CommandError.of("ERR GT and LT options at the same time are not compatible");
        }
        CommandError invalid = CommandError.of("ERR invalid expire time in '" + name + "' command");
        if (amount > Long.MAX_VALUE / unitMillis || amount < Long.MIN_VALUE / unitMillis) {
            throw invalid;
        }
        long when = amount * unitMillis;
        if (relative) {
            if (when > Long.MAX_VALUE - context.now()) {
                throw invalid;
            }
            when += context.now();
        }
        long entry = context.lookupWrite(args, 1);
        if (entry == 0) {
            context.reply().integer(0);
            return;
        }
        Keyspace keyspace = context.keyspace();
        long current = keyspace.expireAt(context.db(), entry);
        if ((nx && current >= 0) || (xx && current < 0) || (gt && (current < 0 || when <= current))
                || (lt && current >= 0 && when >= current)) {
            context.reply().integer(0);
            return;
        }
        if (when <= context.now() && !keyspace.loading()) {   // a replay keeps it, as Redis's checkAlreadyExpired
            keyspace.delete(context.db(), args.buffer(), args.offset(1), args.length(1));
            context.propagate().add(context.db(), DEL, args.bytes(1));
            context.keyspaceEvent(Notify.GENERIC, "del", args, 1);
        } else {
            keyspace.setExpire(context.db(), entry, when);
            context.keyspaceEvent(Notify.GENERIC, "expire", args, 1);
            Effects effects = context.propagate();
            effects.begin(context.db(), 3);
            effects.argument(PEXPIREAT);
            effects.argument(args.buffer(), args.offset(1), args.length(1));
            effects.argument(when);
        }
        context.dirty(1);
        context.modified(args, 1);
        context.reply().integer(1);
    }

    private static void ttl(CommandContext context, Arguments args, boolean seconds, boolean absolute) {
        long entry = context.keyspace().lookupReadNoTouch(context.db(), args.buffer(), args.offset(1), args.length(1), context.now());
        if (entry == 0) {
            context.keyMiss(args, 1);
            context.reply().integer(-2);
            return;
        }
        long when = context.keyspace().expireAt(context.db(), entry);
        if (when < 0) {
            context.reply().integer(-1);
        } else if (absolute) {
            context.reply().integer(seconds ? when / 1000 : when);
        } else {
            long left = Math.max(0, when - context.now());
            context.reply().integer(seconds ? (left + 500) / 1000 : left);
        }
    }

    private static void persist(CommandContext context, Arguments args) {
        long entry = context.lookupWrite(args, 1);
        if (entry != 0 && context.keyspace().removeExpire(context.db(), entry)) {
            context.dirty(1);
            context.modified(args, 1);
            context.keyspaceEvent(Notify.GENERIC, "persist", args, 1);
            context.reply().integer(1);
        } else {
            context.reply().integer(0);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Walking the keyspace

    private static void keys(CommandContext context, Arguments args) {
        byte[] pattern = args.bytes(1);
        boolean all = Glob.isMatchAll(pattern);
        Reply reply = context.reply();
        Memory memory = context.memory();
        Keyspace keyspace = context.keyspace();
        int mark = reply.deferLength();
        long[] count = {0};
        keyspace.forEach(context.db(), entry -> {
            byte[] key = KeyEntry.keyBytes(memory, entry);
            if ((all || Glob.matches(pattern, key, false)) && !keyspace.isExpired(context.db(), entry, context.now())) {
                reply.bulk(key);
                count[0]++;
            }
        });
        reply.setDeferredArray(mark, count[0]);
    }

    private static void scan(CommandContext context, Arguments args) {
        long cursor = cursorArg(args, 1);
        byte[] pattern = null;
        long count = 10;
        ValueType type = null;
        boolean typeFilter = false;
        for (int i = 2; i < args.count(); i += 2) {
            if (i + 1 >= args.count()) {
                throw CommandError.SYNTAX;
            }
            if (args.is(i, "count")) {
                count = Parse.longArg(args, i + 1);
                if (count < 1) {
                    throw CommandError.SYNTAX;
                }
            } else if (args.is(i, "match")) {
                pattern = args.bytes(i + 1);
                if (Glob.isMatchAll(pattern)) {
                    pattern = null;
                }
            } else if (args.is(i, "type")) {
                typeFilter = true;
                type = typeNamed(args.string(i + 1));
            } else {
                throw CommandError.SYNTAX;
            }
        }
        Keyspace keyspace = context.keyspace();
        Memory memory = context.memory();
        List<byte[]> found = new ArrayList<>();
        List<ValueType> types = new ArrayList<>();
        long iterations = count * 10;
        do {
            cursor = keyspace.scan(context.db(), cursor, entry -> {
                found.add(KeyEntry.keyBytes(memory, entry));
                types.add(KeyEntry.type(memory, entry));
            });
        } while (cursor != 0 && iterations-- > 0 && found.size() < count);
        Reply reply = context.reply();
        reply.array(2);
        reply.bulk(Long.toUnsignedString(cursor));
        int mark = reply.deferLength();
        long emitted = 0;
        for (int i = 0; i < found.size(); i++) {
            byte[] key = found.get(i);
            if ((pattern != null && !Glob.matches(pattern, key, false)) || (typeFilter && types.get(i) != type)) {
                continue;
            }
            if (keyspace.lookupNoTouch(context.db(), key, 0, key.length, context.now()) == 0) {
                continue;   // expired: deleted now, as Redis's SCAN does
            }
            reply.bulk(key);
            emitted++;
        }
        reply.setDeferredArray(mark, emitted);
    }

    /**
     * A SCAN cursor as Redis reads it with strtoul: an optional sign and decimal digits that fit 64 unsigned
     * bits, nothing else ("" is 0; a minus wraps, so "-1" is the largest cursor); else "invalid cursor".
     */
    public static long cursorArg(Arguments args, int index) {
        byte[] bytes = args.buffer();
        int at = args.offset(index);
        int end = at + args.length(index);
        if (at == end) {
            return 0;
        }
        boolean negative = bytes[at] == '-';
        if (negative || bytes[at] == '+') {
            at++;
            if (at == end) {
                throw INVALID_CURSOR;   // a sign and no digits: strtoul read nothing
            }
        }
        long value = 0;
        for (; at < end; at++) {
            int digit = bytes[at] - '0';
            if (digit < 0 || digit > 9 || Long.compareUnsigned(value, MAX_CURSOR_TENTH) > 0
                    || (value == MAX_CURSOR_TENTH && digit > MAX_CURSOR_LAST_DIGIT)) {
                throw INVALID_CURSOR;
            }
            value = value * 10 + digit;
        }
        return negative ? -value : value;
    }

    private static ValueType typeNamed(String name) {
        for (ValueType type : ValueType.values()) {
            if (type.typeName().equalsIgnoreCase(name)) {
                return type;
            }
        }
        return null;   // an unknown type matches nothing, as in Redis 7.0
    }

    private static void randomkey(CommandContext context, Arguments args) {
        long entry = context.keyspace().randomKey(context.db(), context.now(), context.random());
        if (entry == 0) {
            context.reply().nullBulk();
        } else {
            context.reply().bulk(KeyEntry.keyBytes(context.memory(), entry));
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Moving keys

    private static void rename(CommandContext context, Arguments args, boolean onlyIfAbsent) {
        long source = context.lookupWrite(args, 1);
        if (source == 0) {
            throw CommandError.NO_SUCH_KEY;
        }
        if (args.equals(1, args.bytes(2))) {
            if (onlyIfAbsent) {
                context.reply().integer(0);
            } else {
                context.reply().ok();
            }
            return;
        }
        if (onlyIfAbsent && context.lookupWrite(args, 2) != 0) {
            context.reply().integer(0);
            return;
        }
        context.lookupWrite(args, 2);   // an expired target is deleted (and propagated) first
        context.keyspace().rename(context.db(), args.bytes(1), context.db(), args.bytes(2), context.now());
        context.dirty(1);
        context.modified(args, 1);
        context.modified(args, 2);
        context.keyspaceEvent(Notify.GENERIC, "rename_from", args, 1);
        context.keyspaceEvent(Notify.GENERIC, "rename_to", args, 2);
        if (onlyIfAbsent) {
            context.reply().integer(1);
        } else {
            context.reply().ok();
        }
    }

    private static void copy(CommandContext context, Arguments args) {
        int targetDb = context.db();
        boolean replace = false;
        for (int i = 3; i < args.count(); i++) {
            if (args.is(i, "replace")) {
                replace = true;
            } else if (args.is(i, "db") && i + 1 < args.count()) {
                long db = Parse.longArg(args, ++i);
                if (db < 0 || db >= context.keyspace().databases() || db > Integer.MAX_VALUE) {
                    throw DB_OUT_OF_RANGE;
                }
                targetDb = (int) db;
            } else {
                throw CommandError.SYNTAX;
            }
        }
        if (targetDb == context.db() && args.equals(1, args.bytes(2))) {
            throw SAME_OBJECT;
        }
        Keyspace keyspace = context.keyspace();
        long source = context.lookupWrite(args, 1);
        if (source == 0) {
            context.reply().integer(0);
            return;
        }
        byte[] target = args.bytes(2);
        long existing = keyspace.lookup(targetDb, target, 0, target.length, context.now());
        if (existing != 0) {
            if (!replace) {
                context.reply().integer(0);
                return;
            }
            keyspace.delete(targetDb, target, 0, target.length);
        }
        Memory memory = context.memory();
        long expire = keyspace.expireAt(context.db(), source);
        long value = keyspace.duplicateValue(source);
        long copy = keyspace.add(targetDb, target, 0, target.length, KeyEntry.type(memory, source),
                KeyEntry.encoding(memory, source), value, context.now());
        if (expire >= 0) {
            keyspace.setExpire(targetDb, copy, expire);
        }
        context.dirty(1);
        if (targetDb == context.db()) {
            context.modified(args, 2);
        }
        context.keyspaceEvent(Notify.GENERIC, "copy_to", targetDb, target, 0, target.length);
        context.reply().integer(1);
    }

    private static void move(CommandContext context, Arguments args) {
        long db = Parse.longArg(args, 2);
        if (db < 0 || db >= context.keyspace().databases()) {
            throw DB_OUT_OF_RANGE;
        }
        if (db == context.db()) {
            throw SAME_OBJECT;
        }
        long source = context.lookupWrite(args, 1);
        byte[] key = args.bytes(1);
        if (source == 0 || context.keyspace().lookup((int) db, key, 0, key.length, context.now()) != 0) {
            context.reply().integer(0);
            return;
        }
        context.keyspace().rename(context.db(), key, (int) db, key, context.now());
        context.dirty(1);
        context.modified(args, 1);
        context.keyspaceEvent(Notify.GENERIC, "move_from", args, 1);
        context.keyspaceEvent(Notify.GENERIC, "move_to", (int) db, key, 0, key.length);
        context.reply().integer(1);
    }

    // ---------------------------------------------------------------------------------------------
    // Introspection

    private static long introspected(CommandContext context, Arguments args) {
        return context.keyspace().lookupNoTouch(context.db(), args.buffer(), args.offset(2), args.length(2), context.now());
    }

    private static void objectEncoding(CommandContext context, Arguments args) {
        long entry = introspected(context, args);
        if (entry == 0) {
            context.reply().nullBulk();
        } else {
            context.reply().bulk(KeyEntry.encoding(context.memory(), entry).encodingName());
        }
    }

    private static void objectRefcount(CommandContext context, Arguments args) {
        long entry = introspected(context, args);
        if (entry == 0) {
            context.reply().nullBulk();
            return;
        }
        Memory memory = context.memory();
        long value = KeyEntry.value(memory, entry);
        boolean shared = KeyEntry.encoding(memory, entry) == Encoding.INT && value >= 0 && value < 10_000;
        context.reply().integer(shared ? SHARED_REFCOUNT : 1);
    }

    private static void objectIdletime(CommandContext context, Arguments args) {
        long entry = introspected(context, args);
        if (entry == 0) {
            context.reply().nullBulk();
        } else {
            context.reply().integer(Math.max(0, context.now() / 1000 - KeyEntry.accessClock(context.memory(), entry)));
        }
    }

    private static void objectFreq(CommandContext context, Arguments args) {
        long entry = introspected(context, args);
        if (entry == 0) {
            context.reply().nullBulk();
        } else {
            context.reply().error("ERR An LFU maxmemory policy is not selected, access frequency not tracked. "
                    + "Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.");
        }
    }

    private static void memoryUsage(CommandContext context, Arguments args) {
        long samples = 5;
        for (int i = 3; i < args.count(); i++) {
            if (args.is(i, "samples") && i + 1 < args.count()) {
                samples = Parse.longArg(args, ++i);
                if (samples < 0) {
                    throw CommandError.SYNTAX;
                }
            } else {
                throw CommandError.SYNTAX;
            }
        }
        long entry = introspected(context, args);
        if (entry == 0) {
            context.reply().nullBulk();
        } else {
            context.reply().integer(context.keyspace().memoryUsage(entry, (int) Math.min(samples, Integer.MAX_VALUE)));
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Databases

    private static void dbsize(CommandContext context, Arguments args) {
        context.reply().integer(context.keyspace().size(context.db()));
    }

    private static void flush(CommandContext context, Arguments args, boolean all) {
        if (args.count() > 2 || (args.count() == 2 && !args.is(1, "sync") && !args.is(1, "async"))) {
            throw CommandError.SYNTAX;
        }
        for (int db = 0; db < context.keyspace().databases(); db++) {
            if (all || db == context.db()) {
                context.databaseChanged(db);   // before: watchers of the keys that exist now are the ones touched
            }
        }
        long removed = all ? context.keyspace().flushAll() : context.keyspace().flush(context.db());
        context.flushed(all ? -1 : context.db());
        context.dirty(removed + 1);   // Redis counts a flush as a change even of an empty database
        context.reply().ok();
    }

    private static void swapdb(CommandContext context, Arguments args) {
        long first = Parse.longArg(args, 1, CommandError.of("ERR invalid first DB index"));
        long second = Parse.longArg(args, 2, CommandError.of("ERR invalid second DB index"));
        int databases = context.keyspace().databases();
        if (first < 0 || first >= databases || second < 0 || second >= databases) {
            throw DB_OUT_OF_RANGE;
        }
        context.databaseChanged((int) first);    // keys that leave...
        context.databaseChanged((int) second);
        context.keyspace().swap((int) first, (int) second);
        context.databaseChanged((int) first);    // ...and keys that arrive
        context.databaseChanged((int) second);
        context.dirty(1);
        context.reply().ok();
    }
}
