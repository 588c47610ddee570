package io.forkline.engine.text;

/**
 * Redis's glob-style patterns (stringmatchlen): {@code *} any run, {@code ?} one byte, {@code [abc]},
 * {@code [^abc]} and {@code [a-z]} classes, {@code \x} a literal x. Over bytes; optionally ignoring
 * ASCII case. Star backtracking is iterative (the last star is retried), so a hostile pattern costs
 * at most pattern x subject steps.
 */
public final class Glob {

    private Glob() {
    }

    public static boolean matches(byte[] pattern, byte[] subject, boolean ignoreCase) {
        return matches(pattern, 0, pattern.length, subject, 0, subject.length, ignoreCase);
    }

    public static boolean matches(byte[] pattern, int pOffset, int pLength, byte[] subject, int sOffset, int sLength,
                                  boolean ignoreCase) {
        int p = pOffset;
        int pEnd = pOffset + pLength;
        int s = sOffset;
        int sEnd = sOffset + sLength;
        int starP = -1;
        int starS = -1;
        while (s < sEnd) {
            if (p < pEnd && pattern[p] == '*') {
                while (p < pEnd && pattern[p] == '*') {
                    p++;
                }
                if (p == pEnd) {
                    return true;
                }
                starP = p;
                starS = s;
                continue;
            }
            int next = p < pEnd ? matchOne(pattern, p, pEnd, subject[s], ignoreCase) : -1;
            if (next >= 0) {
                p = next;
                s++;
            } else if (starP >= 0) {
                p = starP;
                s = ++starS;
            } else {
                return false;
            }
        }
        while (p < pEnd && pattern[p] == '*') {
            p++;
        }
        return p == pEnd;
    }

    /** If the pattern element at {@code p} matches byte {@code c}, the position after it; else -1. */
    private static int matchOne(byte[] pattern, int p, int pEnd, byte c, boolean ignoreCase) {
        switch (pattern[p]) {
            case '?':
                return p + 1;
            case '[':
                return matchClass(pattern, p + 1, pEnd, c, ignoreCase);
            case '\\':
                if (p + 1 < pEnd) {
                    return same(pattern[p + 1], c, ignoreCase) ? p + 2 : -1;
                }
                return same(pattern[p], c, ignoreCase) ? p + 1 : -1;
            default:
                return same(pattern[p], c, ignoreCase) ? p + 1 : -1;
        }
    }

    private static int matchClass(byte[] pattern, int p, int pEnd, byte c, boolean ignoreCase) {
        boolean negate = p < pEnd && pattern[p] == '^';
        if (negate) {
            p++;
        }
        boolean match = false;
        while (p < pEnd && pattern[p] != ']') {
            if (pattern[p] == '\\' && p + 1 < pEnd) {
                p++;
                match |= same(pattern[p], c, ignoreCase);
                p++;
            } else if (p + 2 < pEnd && pattern[p + 1] == '-') {
                int start = pattern[p] & 0xFF;
                int end = pattern[p + 2] & 0xFF;
                if (start > end) {
                    int swap = start;
                    start = end;
                    end = swap;
                }
                int value = c & 0xFF;
                if (ignoreCase) {
                    match |= inRange(lower(start), lower(end), lower(value));
                } else {
                    match |= value >= start && value <= end;
                }
                p += 3;
            } else {
                match |= same(pattern[p], c, ignoreCase);
                p++;
            }
        }
        if (p >= pEnd) {
            p = pEnd - 1;   // an unclosed class ends at the pattern's end, as in Redis
        }
        return match != negate ? p + 1 : -1;
    }

    private static boolean inRange(int start, int end, int value) {
        return value >= Math.min(start, end) && value <= Math.max(start, end);
    }

    private static boolean same(byte a, byte b, boolean ignoreCase) {
        return a == b || (ignoreCase && lower(a & 0xFF) == lower(b & 0xFF));
    }

    private static int lower(int c) {
        return c >= 'A' && c <= 'Z' ? c + 32 : c;
    }

    /** True for a pattern that is just {@code *} (KEYS * needs no matching). */
    public static boolean isMatchAll(byte[] pattern) {
        return pattern.length == 1 && pattern[0] == '*';
    }
}
