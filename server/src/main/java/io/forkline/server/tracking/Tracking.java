package io.forkline.server.tracking;

import io.forkline.engine.command.Arguments;
import io.forkline.engine.command.CommandError;
import io.forkline.engine.command.CommandFlag;
import io.forkline.engine.command.CommandSpec;
import io.forkline.engine.command.KeyPositions;
import io.forkline.engine.resp.RespReply;
import io.forkline.server.exec.Listening;
import io.forkline.server.exec.ServerRuntime;
import io.forkline.server.net.ClientSession;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Client-side caching (CLIENT TRACKING), as Redis 7.0's tracking.c: which clients may hold which keys,
 * and the invalidation messages sent when those keys change. Writer thread only.
 *
 * <h2>Default mode</h2>
 * After a read-only command of a tracking client, its keys are remembered with the client's id (under
 * OPTIN only after CLIENT CACHING yes, under OPTOUT unless CLIENT CACHING no). When a remembered key
 * changes (a write, an expiry) every client remembered for it is told once, and the key is forgotten
 * until read again. Keys are not per database, as in Redis. Ids stay in the table after a client turns
 * tracking off or disconnects and are skipped when the message would be sent, as in Redis.
 *
 * <h2>BCAST mode</h2>
 * A client subscribes to key prefixes instead; each changed key that matches a prefix is collected, and
 * after the event (a command, a tick) each prefix's subscribers get the array of its changed keys, in
 * byte order, without the keys they changed themselves under NOLOOP.
 *
 * <h2>Delivery</h2>
 * RESP3 clients get an {@code invalidate} push; a RESP2 client only through a redirection to a client in
 * Pub/Sub mode, as a message on {@code __redis__:invalidate}. A message for the client whose command is
 * running waits until the command (a whole EXEC) has replied, as Redis's pending invalidations; others go
 * out through the event's outbox. Pushes are sent regardless of CLIENT REPLY, as in Redis. A FLUSHDB or
 * FLUSHALL tells every tracking client that everything is invalid (a null).
 *
 * <h2>Table size</h2>
 * {@code tracking-table-max-keys} bounds the remembered keys: on each tick, past the limit, the keys
 * remembered longest are invalidated as if they had changed, up to 100 per round more each time the
 * table is still over the limit (Redis walks at random; the effort grows the same way).
 */
public final class Tracking {

    private static final byte[] INVALIDATE_PUSH = ascii(">2\r\n$10\r\ninvalidate\r\n");
    private static final byte[] INVALIDATE_MESSAGE = ascii("*3\r\n$7\r\nmessage\r\n$20\r\n__redis__:invalidate\r\n");
    private static final byte[] NULL_RESP2 = ascii("$-1\r\n");
    private static final byte[] NULL_RESP3 = ascii("_\r\n");

    private final ServerRuntime runtime;
    /** Key -> ids of the clients that may cache it, oldest key first. */
    private final Map<ByteBuffer, Set<Long>> table = new LinkedHashMap<>();
    private long items;
    /** BCAST prefix -> its subscribers and the keys changed since the last broadcast. */
    private final TreeMap<byte[], Broadcast> prefixes = new TreeMap<>(Arrays::compareUnsigned);
    /** Messages for the running client, sent after its reply. */
    private final List<byte[]> pending = new ArrayList<>();
    private final RespReply scratch = new RespReply();
    private int trackingClients;
    /** The per-command hooks: told only while some client tracks, or the table or a message still needs them. */
    private final List<Listening> hooks = new ArrayList<>();
    private long maxKeys;
    private int evictionRounds;

    /** The subscribers of one BCAST prefix and the keys changed since the last broadcast, each with who changed it. */
    private static final class Broadcast {
        final Set<ClientSession> clients = new LinkedHashSet<>();
        final TreeMap<byte[], ClientSession> changed = new TreeMap<>(Arrays::compareUnsigned);
    }

    private Tracking(ServerRuntime runtime, long maxKeys) {
        this.runtime = runtime;
        this.maxKeys = maxKeys;
    }

    /**
     * A tracking service wired to the runtime: commands run (keys read), keys changed, flushes, commands
     * finished (pending messages, CLIENT CACHING's end), events done and ticks (broadcasts, the table
     * limit), RESET and disconnects (tracking off).
     */
    public static Tracking attach(ServerRuntime runtime, long maxKeys) {
        Tracking tracking = new Tracking(runtime, maxKeys);
        tracking.hooks.add(runtime.onCommandExecuted((client, spec, args, db, micros) -> tracking.executed(client, spec, args)));
        tracking.hooks.add(runtime.onKeyModified((db, key, offset, length) -> tracking.invalidate(key, offset, length, true)));
        runtime.onFlushed(db -> tracking.flushed());
        tracking.hooks.add(runtime.onCommandFinished(tracking::finished));
        tracking.hooks.add(runtime.onCommandDone(event -> tracking.broadcast()));
        runtime.onTick(event -> {
            tracking.limit();
            tracking.broadcast();
            tracking.standAsideIfIdle();
        });
        tracking.standAsideIfIdle();
        runtime.onReset(tracking::disable);
        runtime.onDisconnect(tracking::disable);
        runtime.trackingCounter(() -> tracking.trackingClients);
        return tracking;
    }

    /**
     * With no client tracking, no key in the table (a client that turned tracking off leaves its keys, as in Redis,
     * and is told of them if it turns it on again), no BCAST prefix and no message waiting, commands leave tracking
     * nothing to do until a client turns it on: the hooks stop being told. Checked on ticks, between events.
     */
    private void standAsideIfIdle() {
        if (trackingClients == 0 && table.isEmpty() && prefixes.isEmpty() && pending.isEmpty()) {
            hooks.forEach(hook -> hook.active(false));
        }
    }

    /** tracking-table-max-keys: 0 for no limit. */
    public void maxKeys(long keys) {
        this.maxKeys = keys;
    }

    // ---------------------------------------------------------------------------------------------
    // CLIENT TRACKING, CACHING, GETREDIR, TRACKINGINFO

    /**
     * CLIENT TRACKING on with its options, checked as Redis checks them; {@code redirect} 0 for none, and
     * its client must exist now.
     */
    public void enable(ClientSession client, long redirect, boolean bcast, boolean optin, boolean optout, boolean noloop,
                       List<byte[]> newPrefixes) {
        ClientTracking current = client.state().tracking;
        if (!bcast && !newPrefixes.isEmpty()) {
            throw CommandError.of("ERR PREFIX option requires BCAST mode to be enabled");
        }
        if (current != null && current.bcast != bcast) {
            throw CommandError.of("ERR You can't switch BCAST mode on/off before disabling tracking for this client, "
                    + "and then re-enabling it with a different mode.");
        }
        if (bcast && (optin || optout)) {
            throw CommandError.of("ERR OPTIN and OPTOUT are not compatible with BCAST");
        }
        if (optin && optout) {
            throw CommandError.of("ERR You can't specify both OPTIN mode and OPTOUT mode");
        }
        if (current != null && ((optin && current.optout) || (optout && current.optin))) {
            throw CommandError.of("ERR You can't switch OPTIN/OPTOUT mode before disabling tracking for this client, "
                    + "and then re-enabling it with a different mode.");
        }
        if (bcast) {
            checkPrefixCollisions(current, newPrefixes);
        }
        if (current == null) {
            current = new ClientTracking();
            client.state().tracking = current;
            trackingClients++;
            hooks.forEach(hook -> hook.active(true));
        }
        current.set(redirect, bcast, optin, optout, noloop);
        if (bcast) {
            if (newPrefixes.isEmpty()) {
                subscribe(client, current, new byte[0]);
            }
            for (byte[] prefix : newPrefixes) {
                subscribe(client, current, prefix);
            }
        }
    }

    /** Redis's checkPrefixCollisionsOrReply: no prefix may be a prefix of another, given now or before. */
    private static void checkPrefixCollisions(ClientTracking current, List<byte[]> newPrefixes) {
        for (int i = 0; i < newPrefixes.size(); i++) {
            byte[] prefix = newPrefixes.get(i);
            if (current != null) {
                for (byte[] existing : current.prefixes) {
                    if (overlap(existing, prefix)) {
                        throw CommandError.of("ERR Prefix '" + text(prefix) + "' overlaps with an existing prefix '"
                                + text(existing) + "'. Prefixes for a single client must not overlap.");
                    }
                }
            }
            for (int j = i + 1; j < newPrefixes.size(); j++) {
                if (overlap(prefix, newPrefixes.get(j))) {
                    throw CommandError.of("ERR Prefix '" + text(prefix) + "' overlaps with another provided prefix '"
                            + text(newPrefixes.get(j)) + "'. Prefixes for a single client must not overlap.");
                }
            }
        }
    }

    /** Whether the shorter of the two is a prefix of the other. */
    private static boolean overlap(byte[] a, byte[] b) {
        int n = Math.min(a.length, b.length);
        return Arrays.equals(a, 0, n, b, 0, n);
    }

    private void subscribe(ClientSession client, ClientTracking tracking, byte[] prefix) {
        Broadcast broadcast = prefixes.computeIfAbsent(prefix, p -> new Broadcast());
        if (broadcast.clients.add(client)) {
            tracking.prefixes.add(prefix);
        }
    }

    /** CLIENT TRACKING off, RESET, disconnect: the client leaves its prefixes; its ids in the table are left to lapse. */
    public void disable(ClientSession client) {
        ClientTracking tracking = client.state().tracking;
        if (tracking == null) {
            return;
        }
        for (byte[] prefix : tracking.prefixes) {
            Broadcast broadcast = prefixes.get(prefix);
            broadcast.clients.remove(client);
            if (broadcast.clients.isEmpty()) {
                prefixes.remove(prefix);
            }
        }
        client.state().tracking = null;
        trackingClients--;
    }

    /** CLIENT CACHING yes|no: the next command's keys are (OPTIN) or are not (OPTOUT) remembered. */
    public void caching(ClientSession client, boolean yes) {
        ClientTracking tracking = client.state().tracking;
        if (tracking == null) {
            throw CommandError.of("ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or "
                    + "OPTOUT mode enabled");
        }
        if (yes && !tracking.optin) {
            throw CommandError.of("ERR CLIENT CACHING YES is only valid when tracking is enabled in OPTIN mode.");
        }
        if (!yes && !tracking.optout) {
            throw CommandError.of("ERR CLIENT CACHING NO is only valid when tracking is enabled in OPTOUT mode.");
        }
        tracking.caching = true;
    }

    /** CLIENT TRACKINGINFO: flags, redirect, prefixes. */
    public void info(ClientSession client, io.forkline.engine.command.Reply reply) {
        ClientTracking tracking = client.state().tracking;
        List<String> flags = new ArrayList<>();
        flags.add(tracking == null ? "off" : "on");
        if (tracking != null) {
            if (tracking.bcast) {
                flags.add("bcast");
            }
            if (tracking.optin) {
                flags.add("optin");
                if (tracking.caching) {
                    flags.add("caching-yes");
                }
            }
            if (tracking.optout) {
                flags.add("optout");
                if (tracking.caching) {
                    flags.add("caching-no");
                }
            }
            if (tracking.noloop) {
                flags.add("noloop");
            }
            if (tracking.brokenRedirect) {
                flags.add("broken_redirect");
            }
        }
        reply.map(3);
        reply.bulk("flags");
        reply.set(flags.size());
        flags.forEach(reply::bulk);
        reply.bulk("redirect");
        reply.integer(tracking == null ? -1 : tracking.redirect);
        reply.bulk("prefixes");
        if (tracking == null) {
            reply.array(0);
        } else {
            reply.array(tracking.prefixes.size());
            tracking.prefixes.forEach(reply::bulk);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Remembering and invalidating

    /**
     * After a command ran: a read-only command's keys are remembered for its tracking client. As in Redis, a
     * script's read makes the keys the script declared remembered (EVAL's KEYS), and EVAL_RO itself none.
     */
    private void executed(ClientSession client, CommandSpec spec, Arguments args) {
        ClientTracking tracking = client.state().tracking;
        if (tracking == null || tracking.bcast || spec == null || !spec.has(CommandFlag.READONLY) || !tracking.remembers()
                || spec.name().equals("eval_ro") || spec.name().equals("evalsha_ro")) {
            return;
        }
        Arguments eval = runtime.scriptCommand();
        if (eval != null) {
            spec = runtime.engine().dispatcher().resolve(eval);
            args = eval;
        }
        int[] keys = KeyPositions.of(spec, args);
        if (keys == null) {
            return;
        }
        for (int position : keys) {
            ByteBuffer key = ByteBuffer.wrap(args.bytes(position));
            if (table.computeIfAbsent(key, k -> new LinkedHashSet<>(2)).add(client.id())) {
                items++;
            }
        }
    }

    /**
     * A key changed (Redis's trackingInvalidateKey): collected for the BCAST prefixes it matches when
     * {@code bcast}, and each client remembered for it is told, then the key is forgotten.
     */
    private void invalidate(byte[] source, int offset, int length, boolean bcast) {
        if (table.isEmpty() && prefixes.isEmpty()) {
            return;
        }
        ClientSession running = runtime.runningClient();
        if (bcast && !prefixes.isEmpty()) {
            byte[] key = Arrays.copyOfRange(source, offset, offset + length);
            for (Map.Entry<byte[], Broadcast> entry : prefixes.entrySet()) {
                byte[] prefix = entry.getKey();
                if (prefix.length <= length && Arrays.equals(prefix, 0, prefix.length, source, offset, offset + prefix.length)) {
                    entry.getValue().changed.put(key, running);
                }
            }
        }
        Set<Long> ids = table.remove(ByteBuffer.wrap(source, offset, length));
        if (ids == null) {
            return;
        }
        items -= ids.size();
        byte[] value = null;
        for (long id : ids) {
            ClientSession target = runtime.clients().get(id);
            ClientTracking tracking = target == null ? null : target.state().tracking;
            if (tracking == null || tracking.bcast || (tracking.noloop && target == running)) {
                continue;
            }
            if (value == null) {
                value = keyArray(List.of(Arrays.copyOfRange(source, offset, offset + length)));
            }
            send(target, tracking, value);
        }
    }

    /** FLUSHDB / FLUSHALL: every tracking client is told that everything is invalid, and the table is emptied. */
    private void flushed() {
        if (trackingClients > 0) {
            for (ClientSession client : runtime.clients().all()) {
                ClientTracking tracking = client.state().tracking;
                if (tracking != null) {
                    send(client, tracking, client.state().protocol == 3 ? NULL_RESP3 : NULL_RESP2);
                }
            }
        }
        table.clear();
        items = 0;
    }

    /** After a client's command: what waited for its reply, and CLIENT CACHING lasts one command (a whole MULTI). */
    private void finished(ClientSession client) {
        if (!pending.isEmpty()) {
            for (byte[] message : pending) {
                deliver(client, message, true);
            }
            pending.clear();
        }
        ClientTracking tracking = client.state().tracking;
        String last = client.state().lastCommand;
        if (tracking != null && tracking.caching && !client.state().inTransaction() && !last.equals("client")
                && !last.startsWith("client|")) {
            tracking.caching = false;
        }
    }

    /** Sends each BCAST prefix's changed keys to its subscribers (without their own changes under NOLOOP). */
    private void broadcast() {
        if (prefixes.isEmpty()) {
            return;   // after every command: not even an iterator when no client tracks in BCAST mode
        }
        for (Broadcast broadcast : prefixes.values()) {
            if (broadcast.changed.isEmpty()) {
                continue;
            }
            byte[] all = keyArray(broadcast.changed.keySet());
            for (ClientSession client : broadcast.clients) {
                ClientTracking tracking = client.state().tracking;
                if (!tracking.noloop) {
                    send(client, tracking, all);
                    continue;
                }
                List<byte[]> others = new ArrayList<>();
                broadcast.changed.forEach((key, changer) -> {
                    if (changer != client) {
                        others.add(key);
                    }
                });
                if (!others.isEmpty()) {
                    send(client, tracking, keyArray(others));
                }
            }
            broadcast.changed.clear();
        }
    }

    /** Past tracking-table-max-keys: the oldest remembered keys are invalidated, with more effort each round still over. */
    private void limit() {
        if (maxKeys == 0 || table.size() <= maxKeys) {
            evictionRounds = 0;
            return;
        }
        int effort = 100 * (evictionRounds + 1);
        Iterator<ByteBuffer> oldest = new ArrayList<>(table.keySet()).iterator();
        while (effort-- > 0 && oldest.hasNext()) {
            ByteBuffer key = oldest.next();
            invalidate(key.array(), key.arrayOffset() + key.position(), key.remaining(), false);
            if (table.size() <= maxKeys) {
                evictionRounds = 0;
                return;
            }
        }
        evictionRounds++;
    }

    // ---------------------------------------------------------------------------------------------
    // Delivery

    /**
     * Redis's sendTrackingMessage: {@code value} (an array of keys, or a null) to the client or to its
     * redirection; a redirection that is gone marks the client and tells it, under RESP3.
     */
    private void send(ClientSession client, ClientTracking tracking, byte[] value) {
        ClientSession target = client;
        boolean redirected = false;
        if (tracking.redirect != 0) {
            target = runtime.clients().get(tracking.redirect);
            if (target == null) {
                tracking.brokenRedirect = true;
                if (client.state().protocol == 3) {
                    scratch.clear();
                    scratch.protocol(3);
                    scratch.raw(ascii(">2\r\n"));
                    scratch.bulk("tracking-redir-broken");
                    scratch.integer(tracking.redirect);
                    route(client, scratch.toByteArray());
                }
                return;
            }
            redirected = true;
        }
        byte[] header;
        if (target.state().protocol == 3) {
            header = INVALIDATE_PUSH;
        } else if (redirected && runtime.typeOf(target).equals("pubsub")) {
            header = INVALIDATE_MESSAGE;
        } else {
            return;   // a RESP2 connection cannot take a push on its own connection
        }
        byte[] message = Arrays.copyOf(header, header.length + value.length);
        System.arraycopy(value, 0, message, header.length, value.length);
        route(target, message);
    }

    /** To the running client after its reply; to another client through the event's outbox now. */
    private void route(ClientSession target, byte[] message) {
        if (target == runtime.runningClient()) {
            pending.add(message);
        } else {
            deliver(target, message, false);
        }
    }

    private void deliver(ClientSession target, byte[] message, boolean afterReply) {
        if (afterReply && runtime.invocation().client() == target && target.state().repliesOn
                && !target.state().replySkipped) {
            runtime.invocation().reply().raw(message);
        } else {
            runtime.currentEvent().outbox().add(target, message, 0, message.length);
        }
    }

    private byte[] keyArray(java.util.Collection<byte[]> keys) {
        scratch.clear();
        scratch.protocol(2);
        scratch.array(keys.size());
        for (byte[] key : keys) {
            scratch.bulk(key);
        }
        return scratch.toByteArray();
    }

    // ---------------------------------------------------------------------------------------------
    // INFO

    /** INFO stats: tracking_total_keys, tracking_total_items, tracking_total_prefixes. */
    public void appendStats(StringBuilder out) {
        out.append("tracking_total_keys:").append(table.size()).append("\r\n");
        out.append("tracking_total_items:").append(items).append("\r\n");
        out.append("tracking_total_prefixes:").append(prefixes.size()).append("\r\n");
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
