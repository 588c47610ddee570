package io.forkline.bench.load;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/** Weighted operations: {@code {SET: 80, GET: 20}} draws SET four times as often as GET. Immutable. */
public final class CommandMix {

    private final Map<Operation, Integer> weights;
    private final Operation[] operations;
    private final int[] cumulative;
    private final int total;

    public CommandMix(Map<Operation, Integer> weights) {
        if (weights.isEmpty()) {
            throw new IllegalArgumentException("the command mix is empty");
        }
        this.weights = new EnumMap<>(weights);
        this.operations = new Operation[weights.size()];
        this.cumulative = new int[weights.size()];
        int sum = 0;
        int i = 0;
        for (Map.Entry<Operation, Integer> entry : this.weights.entrySet()) {
            if (entry.getValue() < 0) {
                throw new IllegalArgumentException("weight of " + entry.getKey() + " is negative: " + entry.getValue());
            }
            sum = Math.addExact(sum, entry.getValue());
            operations[i] = entry.getKey();
            cumulative[i] = sum;
            i++;
        }
        if (sum == 0) {
            throw new IllegalArgumentException("the command mix's weights sum to 0");
        }
        this.total = sum;
    }

    /** Parses {@code SET=80,GET=20} (the form the command line takes). */
    public static CommandMix parse(String text) {
        Map<Operation, Integer> weights = new LinkedHashMap<>();
        for (String part : text.split(",")) {
            String[] pair = part.trim().split("[=:]");
            if (pair.length != 2) {
                throw new IllegalArgumentException("expected COMMAND=WEIGHT in '" + part.trim() + "' (e.g. SET=80,GET=20)");
            }
            try {
                weights.merge(Operation.named(pair[0].trim()), Integer.parseInt(pair[1].trim()), Integer::sum);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("weight '" + pair[1].trim() + "' of " + pair[0].trim() + " is not an integer", e);
            }
        }
        return new CommandMix(weights);
    }

    public Operation pick(SplittableRandom random) {
        if (operations.length == 1) {
            return operations[0];
        }
        int r = random.nextInt(total);
        for (int i = 0; i < cumulative.length; i++) {
            if (r < cumulative[i]) {
                return operations[i];
            }
        }
        throw new AssertionError("weights do not cover " + r);
    }

    public Map<Operation, Integer> weights() {
        return weights;
    }

    /** The share of writes, 0 to 1. */
    public double writeShare() {
        int writes = 0;
        for (Map.Entry<Operation, Integer> entry : weights.entrySet()) {
            if (entry.getKey().isWrite()) {
                writes += entry.getValue();
            }
        }
        return writes / (double) total;
    }

    public boolean uses(Operation op) {
        return weights.getOrDefault(op, 0) > 0;
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        weights.forEach((op, weight) -> out.append(out.isEmpty() ? "" : ",").append(op).append('=').append(weight));
        return out.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CommandMix mix && mix.weights.equals(weights);
    }

    @Override
    public int hashCode() {
        return weights.hashCode();
    }
}
