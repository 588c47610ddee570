package io.forkline.bench.crash;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Checks a recovered state against the history that produced it.
 *
 * <h2>What must hold</h2>
 * <ol>
 *   <li><b>A prefix per client.</b> Each client owns its keys and sends one write at a time, so the state after
 *   any crash must be its keys after some prefix of its writes (refused writes skipped; a write in flight may be in
 *   or out). Each write leaves a unique trace, so at most one prefix matches; none matching means a lost middle
 *   write, a duplicated one, or a MULTI block applied in part.</li>
 *   <li><b>The global counter</b> every MULTI block increments equals the number of MULTI blocks in the recovered
 *   prefixes: a block applied for one client's keys and not the counter, or twice, shows here.</li>
 *   <li><b>Real-time order across clients.</b> The server applied the writes in one order; a write acknowledged
 *   before another client sent its write came first. If the later one survived, the earlier one must have too:
 *   otherwise the recovered state is no prefix of the server's order.</li>
 *   <li><b>No key nobody wrote.</b></li>
 *   <li><b>The promise.</b> Every acknowledged write past its client's recovered prefix is lost; the policy's
 *   {@link Promise} says which losses are allowed.</li>
 * </ol>
 * Steps 1 to 4 are the "some prefix of the history" check of the issue; they hold for every policy and fault.
 */
public final class RecoveryVerifier {

    private static final int SHOWN = 3;

    private RecoveryVerifier() {
    }

    public static Verdict verify(History history, RecoveredState state, Promise promise, long faultNanos,
                                 long faultSimulatedNanos) {
        List<String> violations = new ArrayList<>();
        List<Map<String, Object>> owned = new ArrayList<>();
        for (int client = 0; client < history.clients(); client++) {
            owned.add(new HashMap<>());
        }
        Object global = null;
        for (Map.Entry<String, Object> entry : state.values().entrySet()) {
            String key = entry.getKey();
            if (key.equals(Operation.GLOBAL_COUNTER)) {
                global = entry.getValue();
                continue;
            }
            int owner = owner(key, history.clients());
            if (owner < 0) {
                violations.add("key '" + key + "' was never written by the harness");
            } else {
                owned.get(owner).put(key, entry.getValue());
            }
        }
        List<List<History.Write>> applicable = new ArrayList<>();
        List<Integer> prefixes = new ArrayList<>();
        for (int client = 0; client < history.clients(); client++) {
            List<History.Write> writes = history.of(client).stream().filter(write -> !write.refused()).toList();
            applicable.add(writes);
            int prefix = matchingPrefix(writes, owned.get(client));
            prefixes.add(prefix);
            if (prefix < 0) {
                violations.add("client " + client + ": no prefix of its " + writes.size()
                        + " writes produced its recovered keys (a lost middle write, a duplicate or a half-applied MULTI): "
                        + closestDifference(writes, owned.get(client)));
            }
        }
        if (!prefixes.contains(-1)) {
            checkGlobalCounter(applicable, prefixes, global, violations);
            checkRealTimeOrder(applicable, prefixes, violations);
        }
        long lost = 0;
        long oldest = -1;
        List<String> broken = new ArrayList<>();
        long brokenCount = 0;
        for (int client = 0; client < applicable.size(); client++) {
            List<History.Write> writes = applicable.get(client);
            for (int i = Math.max(0, prefixes.get(client)); i < writes.size(); i++) {
                History.Write write = writes.get(i);
                if (!write.acknowledged()) {
                    continue;
                }
                lost++;
                // an answer read after the fault was sent before it: age 0
                long age = Math.max(0, promise.ageAtFault(write, faultNanos, faultSimulatedNanos));
                oldest = Math.max(oldest, age);
                if (!promise.allowsLosing(write, faultNanos, faultSimulatedNanos)) {
                    brokenCount++;
                    if (broken.size() < SHOWN) {
                        broken.add(write.operation() + " (acknowledged " + millis(age) + " before the fault)");
                    }
                }
            }
        }
        if (brokenCount > 0) {
            violations.add(brokenCount + " acknowledged writes lost against the promise (" + promise.describe() + "), e.g. "
                    + String.join("; ", broken));
        }
        return new Verdict(violations, history.count(History.Write::acknowledged), history.count(History.Write::inFlight),
                lost, oldest, prefixes);
    }

    /** The client a key belongs to, or -1: c:N, l:N, k:N:I for client N; p:I:J for the preload client (the last). */
    static int owner(String key, int clients) {
        String[] parts = key.split(":", -1);
        try {
            if ((parts[0].equals("c") || parts[0].equals("l")) && parts.length == 2
                    || parts[0].equals("k") && parts.length == 3) {
                int client = Integer.parseInt(parts[1]);
                return client >= 0 && client < clients - 1 ? client : -1;
            }
            if (parts[0].equals("p") && parts.length == 3) {
                Integer.parseInt(parts[1]);
                Integer.parseInt(parts[2]);
                return clients - 1;
            }
        } catch (NumberFormatException notOurs) {
            return -1;
        }
        return -1;
    }

    /** How many of {@code writes} produced exactly {@code recovered}, or -1 if no prefix did. */
    static int matchingPrefix(List<History.Write> writes, Map<String, Object> recovered) {
        Map<String, Object> model = new HashMap<>();
        long mismatches = recovered.size();
        int match = mismatches == 0 ? 0 : -1;
        for (int i = 0; i < writes.size(); i++) {
            for (Effect effect : effects(writes.get(i).operation(), model)) {
                Object expected = recovered.get(effect.key());
                boolean before = Objects.equals(model.get(effect.key()), expected);
                boolean after = Objects.equals(effect.value(), expected);
                mismatches += (before ? 1 : 0) - (after ? 1 : 0);
                model.put(effect.key(), effect.value());
            }
            if (mismatches == 0) {
                match = i + 1;
            }
        }
        return match;
    }

    /** For a report: the prefix closest to the recovered keys, and how they differ. */
    private static String closestDifference(List<History.Write> writes, Map<String, Object> recovered) {
        Map<String, Object> model = new HashMap<>();
        long mismatches = recovered.size();
        long fewest = mismatches;
        int closest = 0;
        for (int i = 0; i < writes.size(); i++) {
            for (Effect effect : effects(writes.get(i).operation(), model)) {
                Object expected = recovered.get(effect.key());
                mismatches += (Objects.equals(model.get(effect.key()), expected) ? 1 : 0)
                        - (Objects.equals(effect.value(), expected) ? 1 : 0);
                model.put(effect.key(), effect.value());
            }
            if (mismatches < fewest) {
                fewest = mismatches;
                closest = i + 1;
            }
        }
        model.clear();
        for (int i = 0; i < closest; i++) {
            for (Effect effect : effects(writes.get(i).operation(), model)) {
                model.put(effect.key(), effect.value());
            }
        }
        List<String> differences = new ArrayList<>();
        java.util.Set<String> keys = new java.util.TreeSet<>(model.keySet());
        keys.addAll(recovered.keySet());
        for (String key : keys) {
            if (!Objects.equals(model.get(key), recovered.get(key)) && differences.size() < SHOWN) {
                differences.add(key + " is " + recovered.get(key) + ", expected " + model.get(key));
            }
        }
        return "closest is the first " + closest + " writes, " + fewest + " keys differ: " + String.join("; ", differences);
    }

    private static void checkGlobalCounter(List<List<History.Write>> applicable, List<Integer> prefixes, Object global,
                                           List<String> violations) {
        long blocks = 0;
        for (int client = 0; client < applicable.size(); client++) {
            for (History.Write write : applicable.get(client).subList(0, prefixes.get(client))) {
                blocks += write.operation().incrementsGlobal() ? 1 : 0;
            }
        }
        Object expected = blocks == 0 ? null : (Object) blocks;
        if (!Objects.equals(expected, global)) {
            violations.add("the global counter '" + Operation.GLOBAL_COUNTER + "' is " + global + " but the recovered prefixes hold "
                    + blocks + " MULTI blocks (a block applied in part, or twice)");
        }
    }

    /** A write acknowledged before another client's surviving write was sent must have survived too. */
    private static void checkRealTimeOrder(List<List<History.Write>> applicable, List<Integer> prefixes,
                                           List<String> violations) {
        for (int client = 0; client < applicable.size(); client++) {
            List<History.Write> writes = applicable.get(client);
            int prefix = prefixes.get(client);
            if (prefix >= writes.size() || !writes.get(prefix).acknowledged()) {
                continue;
            }
            History.Write lost = writes.get(prefix);
            for (int other = 0; other < applicable.size(); other++) {
                int survived = prefixes.get(other);
                if (other == client || survived == 0) {
                    continue;
                }
                History.Write last = applicable.get(other).get(survived - 1);
                if (last.sentNanos() > lost.acknowledgedNanos()) {
                    violations.add("lost middle: " + lost.operation() + " was acknowledged "
                            + millis(last.sentNanos() - lost.acknowledgedNanos()) + " before " + last.operation()
                            + " was sent, yet only the later one survived");
                }
            }
        }
    }

    private record Effect(String key, Object value) {
    }

    /** The keys an operation sets and their new values, given the model before it (the model is not changed). */
    private static List<Effect> effects(Operation operation, Map<String, Object> model) {
        int client = operation.client();
        return switch (operation.kind()) {
            case INCR -> List.of(increment(Operation.counterKey(client), model));
            case RPUSH -> List.of(push(operation, model));
            case SET -> List.of(new Effect(Operation.setKey(client, operation.index()), operation.value()));
            case MULTI -> List.of(increment(Operation.counterKey(client), model), push(operation, model),
                    new Effect(Operation.setKey(client, operation.index()), operation.value()));
            case MSET -> {
                List<Effect> effects = new ArrayList<>(Workload.PRELOAD_BATCH);
                for (int member = 0; member < Workload.PRELOAD_BATCH; member++) {
                    effects.add(new Effect(Operation.preloadKey(operation.index(), member), operation.value()));
                }
                yield effects;
            }
        };
    }

    private static Effect increment(String key, Map<String, Object> model) {
        Object value = model.get(key);
        return new Effect(key, value == null ? 1L : (Long) value + 1);
    }

    private static Effect push(Operation operation, Map<String, Object> model) {
        String key = Operation.listKey(operation.client());
        Object value = model.get(key);
        return new Effect(key, (value == null ? ListDigest.EMPTY : (ListDigest) value).plus(Integer.toString(operation.index())));
    }

    static String millis(long nanos) {
        return String.format("%.1f ms", nanos / 1e6);
    }
}
