package io.forkline.engine.types;

import io.forkline.engine.command.EngineConfig;
import io.forkline.engine.keyspace.Encoding;
import io.forkline.engine.keyspace.ValueHandler;
import io.forkline.engine.struct.Dict;
import io.forkline.engine.struct.Element;
import io.forkline.engine.struct.IntegerText;
import io.forkline.engine.struct.Intset;
import io.forkline.engine.struct.Listpack;
import io.forkline.pages.Memory;
import io.forkline.pages.alloc.Allocator;

import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * A set value, in the encoding Redis 7.2 would give it, and the operations that read, change and
 * convert it. The key entry's value field holds the address of one structure, named by its encoding:
 *
 * <pre>
 *  value field ──► INTSET     an {@link Intset} (layout: IntsetDescriptor): the members as sorted
 *                             integers, while every member is a canonical integer and there are at
 *                             most set-max-intset-entries (512) of them
 *              ──► LISTPACK   a {@link Listpack} (layout: ListpackDescriptor): one entry per member, in
 *                             insertion order, canonical integers as listpack integers, while there are
 *                             at most set-max-listpack-entries (128) members of at most
 *                             set-max-listpack-value (64) bytes
 *              ──► HASHTABLE  a {@link Dict} (layout: DictDescriptor) whose keys are the members, with
 *                             no payload (0 bytes per entry)
 * </pre>
 *
 * A hashtable member is one dict entry, DictDescriptor's entry with a payload of 0:
 * <pre>
 *  0                         8                    8+v
 *  +-------------------+-----+--------------------+------------------------+
 *  | next entry        | 0   | member length      | member bytes           |
 *  | bits 63..4        | 3..0| v = 1..5 bytes     | as the client sent them|
 *  +-------------------+-----+--------------------+------------------------+
 * </pre>
 * A member is bytes; whether it is an integer is a property of those bytes (a canonical integer, as
 * Redis's string2ll reads it), which is what decides intset membership and the listpack's integer
 * entries, so "1" and "01" are two members in every encoding.
 *
 * <p>Conversions follow Redis 7.2's {@code setTypeAddAux} and {@code setTypeMaybeConvert}: an intset
 * that gets a non-integer becomes a listpack when the listpack limits still hold (fewer than
 * set-max-listpack-entries members, the new member and the widest integer short enough), else a
 * hashtable; an intset that grows past set-max-intset-entries becomes a hashtable; a listpack that would
 * pass its limits becomes a hashtable. Removing members never converts back; only a set built anew (the
 * result of SINTERSTORE and friends, what SPOP leaves) starts small again, through {@link #compactToIntset}.
 *
 * <p>Reads take a {@link Memory} and never write, so they serve the writer's live memory and a fork's
 * view alike (the RDB writer walks a snapshot with {@link #forEach}). Writes take the {@link Allocator},
 * run on the writer, and update a {@link SetRef}, which the caller stores back into its key entry.
 */
public final class SetValue implements ValueHandler {

    public static final SetValue HANDLER = new SetValue();

    /** A listpack never grows past this many bytes (Redis's LISTPACK_MAX_SAFETY_SIZE). */
    static final long LISTPACK_SAFETY_LIMIT = 1L << 30;
    /** An intset never holds more than this many members, whatever the configuration says. */
    static final int INTSET_HARD_LIMIT = 1 << 30;
    /** The largest listpack entry of an integer: a 1-byte tag, 8 bytes of value and a 1-byte back length. */
    private static final int LISTPACK_INTEGER_ENTRY_BYTES = 10;
    /** The bytes of a dict entry before its key: the next-entry word (and the key length varint after it). */
    private static final int DICT_ENTRY_HEADER_BYTES = 8;

    private SetValue() {
    }

    // ---------------------------------------------------------------------------------------------
    // Reading, through any Memory

    /** The sets as the sorted-set commands read them (ZUNION and friends take sets as sources, each member scored 1). */
    public static final SetMembers MEMBERS = new SetMembers() {
        @Override
        public long size(Memory memory, long value, Encoding encoding) {
            return SetValue.size(memory, value, encoding);
        }

        @Override
        public boolean contains(Memory memory, long value, Encoding encoding, byte[] member, int offset, int length) {
            return SetValue.contains(memory, value, encoding, new SetMember().load(member, offset, length));
        }

        @Override
        public void forEach(Memory memory, long value, Encoding encoding, java.util.function.Consumer<byte[]> members) {
            SetValue.forEach(memory, value, encoding, element -> members.accept(element.toBytes(memory)));
        }
    };

    /** The number of members. */
    public static long size(Memory memory, long set, Encoding encoding) {
        return switch (encoding) {
            case INTSET -> Intset.size(memory, set);
            case LISTPACK -> Listpack.size(memory, set);
            case HASHTABLE -> Dict.size(memory, set);
            default -> throw notASet(encoding);
        };
    }

    /** Whether {@code member} is in the set. */
    public static boolean contains(Memory memory, long set, Encoding encoding, SetMember member) {
        return switch (encoding) {
            case INTSET -> member.isInteger() && Intset.contains(memory, set, member.integer());
            case LISTPACK -> Listpack.find(memory, set, Listpack.first(memory, set), member.bytes(), 0, member.length(), 0) >= 0;
            case HASHTABLE -> Dict.find(memory, set, member.bytes(), 0, member.length()) != 0;
            default -> throw notASet(encoding);
        };
    }

    /**
     * Passes every member to {@code members}, in the set's order: ascending for an intset, insertion
     * order for a listpack, table order for a hashtable. The {@link Element} is reused from one member to
     * the next; a string member's address is valid until the set is next written. {@code members} must
     * not change the set.
     */
    public static void forEach(Memory memory, long set, Encoding encoding, Consumer<Element> members) {
        forEachWhile(memory, set, encoding, element -> {
            members.accept(element);
            return true;
        });
    }

    /** {@link #forEach} until {@code members} returns false. */
    public static void forEachWhile(Memory memory, long set, Encoding encoding, Predicate<Element> members) {
        Element element = new Element();
        switch (encoding) {
            case INTSET -> {
                int size = Intset.size(memory, set);
                for (int index = 0; index < size; index++) {
                    element.setInteger(Intset.get(memory, set, index));
                    if (!members.test(element)) {
                        return;
                    }
                }
            }
            case LISTPACK -> {
                for (int position = Listpack.first(memory, set); position != -1; position = Listpack.next(memory, set, position)) {
                    Listpack.get(memory, set, position, element);
                    if (!members.test(element)) {
                        return;
                    }
                }
            }
            case HASHTABLE -> {
                boolean[] going = {true};
                Dict.forEach(memory, set, entry -> {
                    if (going[0]) {
                        element.setString(Dict.keyAddress(memory, entry), Dict.keyLength(memory, entry));
                        going[0] = members.test(element);
                    }
                });
            }
            default -> throw notASet(encoding);
        }
    }

    /** Fills {@code out} with a member picked at random; the set must not be empty. */
    public static void randomMember(Memory memory, long set, Encoding encoding, RandomGenerator random, Element out) {
        switch (encoding) {
            case INTSET -> out.setInteger(Intset.get(memory, set, random.nextInt(Intset.size(memory, set))));
            case LISTPACK -> {
                int position = Listpack.seek(memory, set, random.nextInt(Listpack.size(memory, set)));
                Listpack.get(memory, set, position, out);
            }
            case HASHTABLE -> {
                long entry = Dict.randomEntry(memory, set, random);
                out.setString(Dict.keyAddress(memory, entry), Dict.keyLength(memory, entry));
            }
            default -> throw notASet(encoding);
        }
    }

    /**
     * One step of SSCAN from {@code cursor}: a hashtable passes the members of the bucket(s) at the
     * cursor and returns the next cursor (0 when done), with SCAN's guarantee across resizes; an intset
     * or a listpack passes every member and returns 0, whatever the cursor, as Redis does.
     */
    public static long scan(Memory memory, long set, Encoding encoding, long cursor, Consumer<Element> members) {
        if (encoding != Encoding.HASHTABLE) {
            forEach(memory, set, encoding, members);
            return 0;
        }
        Element element = new Element();
        return Dict.scan(memory, set, cursor, entry -> {
            element.setString(Dict.keyAddress(memory, entry), Dict.keyLength(memory, entry));
            members.accept(element);
        });
    }

    // ---------------------------------------------------------------------------------------------
    // Creating and converting, on the writer

    /**
     * The encoding Redis 7.2 gives a new set whose first member is {@code first} and that is about to get
     * {@code sizeHint} members ({@code setTypeCreate}): an intset for an integer, else a listpack, unless
     * the hint already passes their limits.
     */
    public static Encoding encodingForNew(EngineConfig config, SetMember first, long sizeHint) {
        if (first.isInteger() && sizeHint <= config.setMaxIntsetEntries) {
            return Encoding.INTSET;
        }
        return sizeHint <= config.setMaxListpackEntries ? Encoding.LISTPACK : Encoding.HASHTABLE;
    }

    /** A new, empty set of {@code encoding}. */
    public static SetRef create(Allocator allocator, Encoding encoding) {
        long set = switch (encoding) {
            case INTSET -> Intset.create(allocator);
            case LISTPACK -> Listpack.create(allocator);
            case HASHTABLE -> Dict.create(allocator, 0);
            default -> throw notASet(encoding);
        };
        return new SetRef(set, encoding);
    }

    /**
     * Before {@code sizeHint} members are added to an existing set, converts a compact set that could not
     * hold that many to a hashtable at once, as Redis 7.2's {@code setTypeMaybeConvert} (so SADD of many
     * members converts even when most of them are already there).
     */
    public static void prepareFor(Allocator allocator, EngineConfig config, SetRef set, long sizeHint) {
        if ((set.encoding() == Encoding.LISTPACK && sizeHint > config.setMaxListpackEntries)
                || (set.encoding() == Encoding.INTSET && sizeHint > config.setMaxIntsetEntries)) {
            convert(allocator, set, Encoding.HASHTABLE);
        }
    }

    /**
     * Converts the set to {@code target}, members in the set's order, and frees the old structure.
     *
     * @throws IllegalArgumentException to an intset when a member is not a canonical integer (nothing changes then)
     */
    public static void convert(Allocator allocator, SetRef set, Encoding target) {
        if (set.encoding() == target) {
            return;
        }
        Memory memory = allocator.memory();
        if (target == Encoding.INTSET && !allIntegers(memory, set)) {
            throw new IllegalArgumentException("an intset cannot hold the non-integer members of the " + set);
        }
        SetRef converted = create(allocator, target);
        SetMember member = new SetMember();
        forEach(memory, set.value(), set.encoding(), element -> {
            member.load(memory, element);
            switch (target) {
                case INTSET -> converted.set(Intset.add(allocator, converted.value(), member.integer()), Encoding.INTSET);
                case LISTPACK -> converted.set(Listpack.append(allocator, converted.value(), member.bytes(), 0, member.length()),
                        Encoding.LISTPACK);
                default -> Dict.insert(allocator, converted.value(), member.bytes(), 0, member.length());
            }
        });
        release(allocator, set);
        set.set(converted.value(), converted.encoding());
    }

    /**
     * Makes a set whose members are all canonical integers an intset, when they are few enough for one
     * (Redis 7.2's {@code maybeConvertToIntset}, for sets built anew); otherwise leaves it as it is.
     */
    public static void compactToIntset(Allocator allocator, EngineConfig config, SetRef set) {
        Memory memory = allocator.memory();
        if (set.encoding() != Encoding.INTSET && size(memory, set.value(), set.encoding()) <= intsetMaxEntries(config)
                && allIntegers(memory, set)) {
            convert(allocator, set, Encoding.INTSET);
        }
    }

    /** Whether every member is a canonical integer. */
    private static boolean allIntegers(Memory memory, SetRef set) {
        SetMember member = new SetMember();
        boolean[] integers = {true};
        forEachWhile(memory, set.value(), set.encoding(), element -> {
            integers[0] = member.load(memory, element).isInteger();
            return integers[0];
        });
        return integers[0];
    }

    // ---------------------------------------------------------------------------------------------
    // Adding and removing, on the writer

    /** Adds {@code member} unless present, converting the set when it must; returns whether it was added. */
    public static boolean add(Allocator allocator, EngineConfig config, SetRef set, SetMember member) {
        return switch (set.encoding()) {
            case INTSET -> addToIntset(allocator, config, set, member);
            case LISTPACK -> addToListpack(allocator, config, set, member);
            case HASHTABLE -> addToHashtable(allocator, set, member);
            default -> throw notASet(set.encoding());
        };
    }

    private static boolean addToIntset(Allocator allocator, EngineConfig config, SetRef set, SetMember member) {
        Memory memory = allocator.memory();
        long intset = set.value();
        if (member.isInteger()) {
            int before = Intset.size(memory, intset);
            set.set(Intset.add(allocator, intset, member.integer()), Encoding.INTSET);
            if (Intset.size(memory, set.value()) == before) {
                return false;
            }
            if (before + 1 > intsetMaxEntries(config)) {
                convert(allocator, set, Encoding.HASHTABLE);
            }
            return true;
        }
        if (listpackCouldTake(memory, intset, config, member.length())) {
            convert(allocator, set, Encoding.LISTPACK);
            set.set(Listpack.append(allocator, set.value(), member.bytes(), 0, member.length()), Encoding.LISTPACK);
        } else {
            convert(allocator, set, Encoding.HASHTABLE);
            Dict.insert(allocator, set.value(), member.bytes(), 0, member.length());
        }
        return true;
    }

    /**
     * Whether an intset and one more string of {@code length} bytes fit a listpack's limits: fewer members
     * than the entry limit, and the string and the widest integer (in decimal) within the value limit.
     */
    private static boolean listpackCouldTake(Memory memory, long intset, EngineConfig config, int length) {
        int count = Intset.size(memory, intset);
        int widest = 0;
        if (count > 0) {
            widest = Math.max(IntegerText.decimalLength(Intset.get(memory, intset, 0)),
                    IntegerText.decimalLength(Intset.get(memory, intset, count - 1)));
        }
        long estimate = (long) count * LISTPACK_INTEGER_ENTRY_BYTES + length;
        return count < config.setMaxListpackEntries && length <= config.setMaxListpackValue
                && widest <= config.setMaxListpackValue && estimate <= LISTPACK_SAFETY_LIMIT;
    }

    private static boolean addToListpack(Allocator allocator, EngineConfig config, SetRef set, SetMember member) {
        Memory memory = allocator.memory();
        long listpack = set.value();
        if (Listpack.find(memory, listpack, Listpack.first(memory, listpack), member.bytes(), 0, member.length(), 0) >= 0) {
            return false;
        }
        if (Listpack.size(memory, listpack) < config.setMaxListpackEntries && member.length() <= config.setMaxListpackValue
                && Listpack.totalBytes(memory, listpack) + member.length() <= LISTPACK_SAFETY_LIMIT) {
            set.set(Listpack.append(allocator, listpack, member.bytes(), 0, member.length()), Encoding.LISTPACK);
        } else {
            convert(allocator, set, Encoding.HASHTABLE);
            Dict.insert(allocator, set.value(), member.bytes(), 0, member.length());
        }
        return true;
    }

    private static boolean addToHashtable(Allocator allocator, SetRef set, SetMember member) {
        if (Dict.findForWrite(allocator, set.value(), member.bytes(), 0, member.length()) != 0) {
            return false;
        }
        Dict.insert(allocator, set.value(), member.bytes(), 0, member.length());
        return true;
    }

    /** Removes {@code member} if present; returns whether it was. The encoding stays. */
    public static boolean remove(Allocator allocator, SetRef set, SetMember member) {
        Memory memory = allocator.memory();
        switch (set.encoding()) {
            case INTSET -> {
                if (!member.isInteger() || !Intset.contains(memory, set.value(), member.integer())) {
                    return false;
                }
                set.set(Intset.remove(allocator, set.value(), member.integer()), Encoding.INTSET);
                return true;
            }
            case LISTPACK -> {
                long listpack = set.value();
                int position = Listpack.find(memory, listpack, Listpack.first(memory, listpack), member.bytes(), 0, member.length(), 0);
                if (position < 0) {
                    return false;
                }
                set.set(Listpack.delete(allocator, listpack, position), Encoding.LISTPACK);
                return true;
            }
            case HASHTABLE -> {
                long entry = Dict.unlink(allocator, set.value(), member.bytes(), 0, member.length());
                if (entry == 0) {
                    return false;
                }
                Dict.freeEntry(allocator, entry);
                Dict.shrinkIfSparse(allocator, set.value());
                return true;
            }
            default -> throw notASet(set.encoding());
        }
    }

    /** Removes a member picked at random and loads it into {@code out}; the set must not be empty. */
    public static void popRandom(Allocator allocator, SetRef set, RandomGenerator random, SetMember out) {
        Memory memory = allocator.memory();
        if (set.encoding() == Encoding.LISTPACK) {
            long listpack = set.value();
            int position = Listpack.seek(memory, listpack, random.nextInt(Listpack.size(memory, listpack)));
            Element element = new Element();
            Listpack.get(memory, listpack, position, element);
            out.load(memory, element);
            set.set(Listpack.delete(allocator, listpack, position), Encoding.LISTPACK);
            return;
        }
        Element element = new Element();
        randomMember(memory, set.value(), set.encoding(), random, element);
        out.load(memory, element);
        remove(allocator, set, out);
    }

    /** The most members an intset holds under {@code config}: set-max-intset-entries, within a hard limit. */
    public static int intsetLimit(EngineConfig config) {
        return intsetMaxEntries(config);
    }

    /** The most bytes a set's listpack may grow to (Redis's LISTPACK_MAX_SAFETY_SIZE). */
    public static long listpackLimit() {
        return LISTPACK_SAFETY_LIMIT;
    }

    static int intsetMaxEntries(EngineConfig config) {
        return Math.min(config.setMaxIntsetEntries, INTSET_HARD_LIMIT);
    }

    private static IllegalArgumentException notASet(Encoding encoding) {
        return new IllegalArgumentException("a set is an intset, a listpack or a hashtable, not " + encoding);
    }

    // ---------------------------------------------------------------------------------------------
    // ValueHandler: what the keyspace does to any value

    /** Frees a set that belongs to no key (a key's set is freed by the keyspace, through {@link #HANDLER}). */
    public static void release(Allocator allocator, SetRef set) {
        freeStructure(allocator, set.value(), set.encoding());
    }

    private static void freeStructure(Allocator allocator, long set, Encoding encoding) {
        switch (encoding) {
            case INTSET -> Intset.free(allocator, set);
            case LISTPACK -> Listpack.free(allocator, set);
            case HASHTABLE -> Dict.free(allocator, set, entry -> { });
            default -> throw notASet(encoding);
        }
    }

    @Override
    public void free(Allocator allocator, long value, Encoding encoding) {
        freeStructure(allocator, value, encoding);
    }

    @Override
    public long duplicate(Allocator allocator, long value, Encoding encoding) {
        Memory memory = allocator.memory();
        long bytes = switch (encoding) {
            case INTSET -> Intset.totalBytes(memory, value);
            case LISTPACK -> Listpack.totalBytes(memory, value);
            case HASHTABLE -> -1;
            default -> throw notASet(encoding);
        };
        if (bytes >= 0) {
            long copy = allocator.allocate(bytes);
            memory.copy(value, copy, bytes);
            return copy;
        }
        long copy = Dict.create(allocator, 0);
        Dict.forEach(memory, value, entry -> {
            byte[] key = Dict.keyBytes(memory, entry);
            Dict.insert(allocator, copy, key, 0, key.length);
        });
        return copy;
    }

    /**
     * The compact encodings' bytes; for a hashtable its tables plus its entries, {@code samples} of them
     * measured (0 = all) and scaled to the whole, as Redis's {@code objectComputeSize}.
     */
    @Override
    public long memoryUsage(Memory memory, long value, Encoding encoding, int samples) {
        return switch (encoding) {
            case INTSET -> Intset.totalBytes(memory, value);
            case LISTPACK -> Listpack.totalBytes(memory, value);
            case HASHTABLE -> hashtableUsage(memory, value, samples);
            default -> throw notASet(encoding);
        };
    }

    private static long hashtableUsage(Memory memory, long dict, int samples) {
        long tables = Dict.tableBytes(memory, dict);
        long size = Dict.size(memory, dict);
        long[] measured = {0, 0};   // entries, bytes
        long cursor = 0;
        do {
            cursor = Dict.scan(memory, dict, cursor, entry -> {
                if (samples == 0 || measured[0] < samples) {
                    int length = Dict.keyLength(memory, entry);
                    measured[0]++;
                    measured[1] += DICT_ENTRY_HEADER_BYTES + varintBytes(length) + length;
                }
            });
        } while (cursor != 0 && (samples == 0 || measured[0] < samples));
        return measured[0] == 0 ? tables : tables + measured[1] * size / measured[0];
    }

    private static int varintBytes(int value) {
        return (32 - Integer.numberOfLeadingZeros(value | 1) + 6) / 7;
    }
}
