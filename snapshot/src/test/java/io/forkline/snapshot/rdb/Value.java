package io.forkline.snapshot.rdb;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A key's value as tests compare it: strings are bytes held in ISO-8859-1 Java strings (one char per
 * byte, so any bytes round-trip), aggregates plain Java collections. Records compare by content.
 */
public sealed interface Value {

    /** A deep copy (the model is mutated in place; a copy freezes it). */
    Value copy();

    record Str(String bytes) implements Value {
        @Override
        public Value copy() {
            return this;
        }
    }

    record ListOf(List<String> elements) implements Value {
        @Override
        public Value copy() {
            return new ListOf(new ArrayList<>(elements));
        }
    }

    record SetOf(Set<String> members) implements Value {
        @Override
        public Value copy() {
            return new SetOf(new HashSet<>(members));
        }
    }

    record SortedSetOf(Map<String, Double> scores) implements Value {
        @Override
        public Value copy() {
            return new SortedSetOf(new HashMap<>(scores));
        }
    }

    record HashOf(Map<String, String> fields) implements Value {
        @Override
        public Value copy() {
            return new HashOf(new HashMap<>(fields));
        }
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
