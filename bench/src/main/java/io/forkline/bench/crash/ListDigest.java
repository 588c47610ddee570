package io.forkline.bench.crash;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A list's length and a rolling hash of its elements: what the verifier compares instead of whole lists, so that
 * walking thousands of prefixes stays linear. Two lists with the same digest are, for any practical purpose, equal.
 */
public record ListDigest(int size, long hash) {

    public static final ListDigest EMPTY = new ListDigest(0, 17);

    public ListDigest plus(String element) {
        long h = hash;
        for (byte b : element.getBytes(StandardCharsets.UTF_8)) {
            h = h * 1_000_003L + b;
        }
        return new ListDigest(size + 1, h * 31 + 0x5A);
    }

    public static ListDigest of(List<String> elements) {
        ListDigest digest = EMPTY;
        for (String element : elements) {
            digest = digest.plus(element);
        }
        return digest;
    }

    @Override
    public String toString() {
        return "list of " + size;
    }
}
