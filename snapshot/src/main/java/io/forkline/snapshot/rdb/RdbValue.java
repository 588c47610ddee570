package io.forkline.snapshot.rdb;

import java.util.List;

/**
 * One key's value as an RDB file holds it, whatever the encoding it was saved in (a hash from a
 * ziplist, a listpack or a plain field list is the same {@link HashOf}): what {@link RdbReader}
 * decodes, and what {@link KeyspaceLoader} builds in the engine with the engine's own encodings.
 * Strings are bytes; an integer-encoded string is its decimal text.
 */
public sealed interface RdbValue {

    /** What {@code TYPE} replies for such a value. */
    String typeName();

    /** Elements (members, fields), or 1 for a string. */
    int size();

    /** A string. */
    record Str(byte[] bytes) implements RdbValue {
        @Override
        public String typeName() {
            return "string";
        }

        @Override
        public int size() {
            return 1;
        }
    }

    /** A list, head to tail. */
    record ListOf(List<byte[]> elements) implements RdbValue {
        @Override
        public String typeName() {
            return "list";
        }

        @Override
        public int size() {
            return elements.size();
        }
    }

    /** A set, in the file's order. */
    record SetOf(List<byte[]> members) implements RdbValue {
        @Override
        public String typeName() {
            return "set";
        }

        @Override
        public int size() {
            return members.size();
        }
    }

    /** A sorted set: {@code members.get(i)} has {@code scores[i]}, in the file's order; no score is NaN. */
    record SortedSetOf(List<byte[]> members, double[] scores) implements RdbValue {
        public SortedSetOf {
            if (members.size() != scores.length) {
                throw new IllegalArgumentException(members.size() + " members but " + scores.length + " scores");
            }
        }

        @Override
        public String typeName() {
            return "zset";
        }

        @Override
        public int size() {
            return scores.length;
        }
    }

    /** A hash: field, value, field, value, ... in the file's order. */
    record HashOf(List<byte[]> fieldsAndValues) implements RdbValue {
        public HashOf {
            if (fieldsAndValues.size() % 2 != 0) {
                throw new IllegalArgumentException("a field without a value: " + fieldsAndValues.size() + " strings");
            }
        }

        @Override
        public String typeName() {
            return "hash";
        }

        /** The number of fields. */
        @Override
        public int size() {
            return fieldsAndValues.size() / 2;
        }
    }
}
