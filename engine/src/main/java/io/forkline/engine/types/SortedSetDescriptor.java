package io.forkline.engine.types;

/**
 * The binary layouts of a sorted set value, by {@link io.forkline.engine.keyspace.Encoding}; the key's value field
 * holds the address named here.
 *
 * <pre>
 * LISTPACK: the value field is the address of a Redis 7 listpack (see ListpackDescriptor), byte for byte what an
 * RDB file holds under RDB_TYPE_ZSET_LISTPACK:
 *
 *   +--------+--------+--------+--------+-- ... --+--------+--------+-----+
 *   | header | member | score  | member |         | member | score  | end |
 *   +--------+--------+--------+--------+-- ... --+--------+--------+-----+
 *   pairs ordered by score, then by member bytes (unsigned, shorter first)
 *   member  a string entry, or an integer entry when the member is a canonical integer ("12")
 *   score   Redis's d2string of the score: an integer entry when the score is integral within +-2^62,
 *           else a string entry: "inf", "-inf", "-0", or printf's %.17g ("1.5", "1e+100")
 *
 * SKIPLIST: the value field is the address of a 16-byte header:
 *
 *    0          8          16
 *   +----------+----------+
 *   | dict     | skiplist |
 *   +----------+----------+
 *   dict      u64  a Dict (see DictDescriptor) of member -> payload of {@value #DICT_PAYLOAD_BYTES} bytes: the
 *                  address of the member's node in the skiplist, where its score is (ZSCORE in O(1))
 *   skiplist  u64  a Skiplist (see SkiplistDescriptor) of (score, member) in order, with ranks
 * </pre>
 *
 * The member bytes are held twice in the SKIPLIST encoding, once as the dict's key and once in the node; Redis
 * shares one sds between them, which paged memory cannot do without a pointer per member.
 */
public final class SortedSetDescriptor {

    public static final int HEADER_DICT_OFFSET = 0;
    public static final int HEADER_SKIPLIST_OFFSET = 8;
    public static final int HEADER_SIZE = 16;

    /** The dict's payload: the node address, a u64. */
    public static final int DICT_PAYLOAD_BYTES = 8;

    private SortedSetDescriptor() {
    }
}
