package io.forkline.snapshot.storage;

import java.io.Serial;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Random;

/** A Random that answers from a script, so a test chooses exactly what a power loss keeps. */
final class ScriptedRandom extends Random {

    @Serial
    private static final long serialVersionUID = 1L;

    private final transient Deque<Number> answers = new ArrayDeque<>();

    /** Integers answer nextInt (and nextBoolean: 0 false, 1 true); doubles answer nextDouble. */
    ScriptedRandom(Number... script) {
        for (Number answer : script) {
            answers.add(answer);
        }
    }

    @Override
    public int nextInt(int bound) {
        int answer = next().intValue();
        if (answer < 0 || answer >= bound) {
            throw new IllegalStateException("scripted " + answer + " is outside [0, " + bound + ")");
        }
        return answer;
    }

    @Override
    public boolean nextBoolean() {
        return next().intValue() != 0;
    }

    @Override
    public double nextDouble() {
        return next().doubleValue();
    }

    private Number next() {
        if (answers.isEmpty()) {
            throw new IllegalStateException("the script ran out of answers");
        }
        return answers.removeFirst();
    }

    boolean exhausted() {
        return answers.isEmpty();
    }
}
