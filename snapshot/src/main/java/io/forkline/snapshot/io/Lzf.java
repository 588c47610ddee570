package io.forkline.snapshot.io;

/**
 * LZF, the compression of RDB strings (liblzf's format, as Redis vendors it). A stream is a sequence
 * of items, each led by a control byte:
 *
 * <pre>
 *   000LLLLL                     literal run: the next L+1 (1..32) bytes
 *   LLLooooo oooooooo            back-reference, L = 1..6: copy L+2 bytes from offset o+1 back
 *   111ooooo LLLLLLLL oooooooo   back-reference: copy L+9 (9..264) bytes from offset o+1 back
 * </pre>
 *
 * Offsets reach 8192 bytes back; a copy may overlap what it produces (a run). Only the decoder's
 * contract is fixed: any valid stream loads in Redis, so this compressor (a greedy matcher over a
 * hash of 3-byte prefixes) need not reproduce liblzf's output byte for byte. Like liblzf as Redis builds
 * it (VERY_FAST), it hashes only the last two positions inside a match: a long run (a padded value)
 * costs two table updates, not one per byte.
 */
public final class Lzf {

    /** The hash table of 3-byte prefixes has at most 2^14 slots ... */
    private static final int HASH_BITS = 14;
    /**
     * One hash table per thread, never cleared (as liblzf's): a stale entry is harmless because every
     * candidate is checked to lie before the current position and to match three bytes.
     */
    private static final ThreadLocal<int[]> TABLES = ThreadLocal.withInitial(() -> new int[1 << HASH_BITS]);
    /** ... and at least 2^8: a short input gets a table near its own size, so compressing it stays cheap. */
    private static final int MIN_HASH_BITS = 8;
    private static final int MAX_LITERAL = 32;
    private static final int MAX_OFFSET = 8192;
    private static final int MAX_REFERENCE = 264;

    private Lzf() {
    }

    /**
     * Compresses {@code in[inOffset, inOffset + inLength)} into {@code out} from {@code outOffset}, using at most
     * {@code outCapacity} bytes. Returns the compressed length, or 0 if it does not fit (Redis passes a capacity
     * of {@code length - 4}, so that compression is kept only when it saves at least four bytes).
     */
    public static int compress(byte[] in, int inOffset, int inLength, byte[] out, int outOffset, int outCapacity) {
        int bits = Math.clamp(32 - Integer.numberOfLeadingZeros(Math.max(inLength - 1, 1)), MIN_HASH_BITS, HASH_BITS);
        int[] table = TABLES.get();   // its first 2^bits slots serve this input
        int end = inOffset + inLength;
        int outEnd = outOffset + outCapacity;
        int op = outOffset;
        if (op >= outEnd) {
            return 0;
        }
        int literalStart = op++;
        int literals = 0;
        int ip = inOffset;
        while (ip < end) {
            int matchLength = 0;
            int distance = 0;
            if (ip + 2 < end) {
                int hash = hash(in, ip, bits);
                int candidate = table[hash] - 1;
                table[hash] = ip + 1;
                distance = ip - candidate - 1;
                if (candidate >= inOffset && candidate < ip && distance < MAX_OFFSET
                        && in[candidate] == in[ip] && in[candidate + 1] == in[ip + 1] && in[candidate + 2] == in[ip + 2]) {
                    int limit = Math.min(MAX_REFERENCE, end - ip);
                    matchLength = 3;
                    while (matchLength < limit && in[candidate + matchLength] == in[ip + matchLength]) {
                        matchLength++;
                    }
                }
            }
            if (matchLength == 0) {
                if (op >= outEnd) {
                    return 0;
                }
                out[op++] = in[ip++];
                if (++literals == MAX_LITERAL) {
                    out[literalStart] = (byte) (MAX_LITERAL - 1);
                    if (op >= outEnd) {
                        return 0;
                    }
                    literalStart = op++;
                    literals = 0;
                }
                continue;
            }
            if (literals == 0) {
                op--; // the reserved control byte of an empty literal run
            } else {
                out[literalStart] = (byte) (literals - 1);
            }
            int encoded = matchLength - 2;
            if (op + (encoded < 7 ? 2 : 3) > outEnd) {
                return 0;
            }
            if (encoded < 7) {
                out[op++] = (byte) ((encoded << 5) | (distance >>> 8));
            } else {
                out[op++] = (byte) ((7 << 5) | (distance >>> 8));
                out[op++] = (byte) (encoded - 7);
            }
            out[op++] = (byte) distance;
            ip += matchLength;
            for (int i = Math.max(ip - 2, ip - matchLength + 1); i < ip && i + 2 < end; i++) {
                table[hash(in, i, bits)] = i + 1;   // only the match's last two positions, as liblzf's VERY_FAST (Redis's build)
            }
            if (op >= outEnd) {
                return ip == end ? op - outOffset : 0;
            }
            literalStart = op++;
            literals = 0;
        }
        if (literals == 0) {
            op--;
        } else {
            out[literalStart] = (byte) (literals - 1);
        }
        return op - outOffset;
    }

    /**
     * Decompresses {@code in[inOffset, inOffset + inLength)} into {@code out[outOffset, outOffset + outLength)}.
     * Returns false unless the stream is well formed and yields exactly {@code outLength} bytes
     * (Redis's "Invalid LZF compressed string").
     */
    public static boolean decompress(byte[] in, int inOffset, int inLength, byte[] out, int outOffset, int outLength) {
        int ip = inOffset;
        int end = inOffset + inLength;
        int op = outOffset;
        int outEnd = outOffset + outLength;
        while (ip < end) {
            int control = in[ip++] & 0xff;
            if (control < 32) {
                int run = control + 1;
                if (run > end - ip || run > outEnd - op) {
                    return false;
                }
                System.arraycopy(in, ip, out, op, run);
                ip += run;
                op += run;
                continue;
            }
            int length = control >>> 5;
            if (length == 7) {
                if (ip >= end) {
                    return false;
                }
                length += in[ip++] & 0xff;
            }
            if (ip >= end) {
                return false;
            }
            int reference = op - ((control & 0x1f) << 8) - 1 - (in[ip++] & 0xff);
            length += 2;
            if (reference < outOffset || length > outEnd - op) {
                return false;
            }
            op = copyBack(out, reference, op, length);
        }
        return op == outEnd;
    }

    /**
     * A back-reference: {@code length} bytes from {@code reference}, which may overlap where they go (the
     * distance repeats a pattern: 1 repeats a byte). Copies what a byte-by-byte loop copies, a whole period at
     * a time. Returns the output position after it.
     */
    private static int copyBack(byte[] out, int reference, int op, int length) {
        int distance = op - reference;
        if (distance == 1) {
            java.util.Arrays.fill(out, op, op + length, out[reference]);
            return op + length;
        }
        int left = length;
        while (left > 0) {
            int chunk = Math.min(distance, left);   // what the chunk reads lies before where it writes
            System.arraycopy(out, reference, out, op, chunk);
            reference += chunk;
            op += chunk;
            left -= chunk;
        }
        return op;
    }

    private static int hash(byte[] in, int at, int bits) {
        int v = ((in[at] & 0xff) << 16) | ((in[at + 1] & 0xff) << 8) | (in[at + 2] & 0xff);
        return (v * 0x9E3779B1) >>> (32 - bits);
    }
}
