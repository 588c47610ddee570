package io.forkline.engine.types;

import io.forkline.engine.command.EngineConfig;
import io.forkline.engine.keyspace.Encoding;
import io.forkline.engine.keyspace.ValueHandler;
import io.forkline.engine.struct.Element;
import io.forkline.engine.struct.Quicklist;
import io.forkline.engine.struct.QuicklistDescriptor;
import io.forkline.pages.Memory;
import io.forkline.pages.alloc.Allocator;

import java.util.function.Consumer;

/**
 * A list value: a {@link Quicklist} whose header address is the key's value field, which is how
 * Redis 7.0 holds every list whatever its size ({@code OBJECT ENCODING} says "quicklist"). A new
 * list takes {@code list-max-listpack-size} from the configuration when it is made and keeps it, as
 * Redis does; {@code list-compress-depth} is ignored, since only depth 0 (no compression) is
 * supported.
 */
public final class ListValue implements ValueHandler {

    public static final ListValue HANDLER = new ListValue();

    private ListValue() {
    }

    /** A new, empty list value with the configured node size. */
    public static long create(Allocator allocator, EngineConfig config) {
        return Quicklist.create(allocator, config.listMaxListpackSize);
    }

    /** The number of elements of a list value. */
    public static long length(Memory memory, long value, Encoding encoding) {
        checkEncoding(encoding);
        return Quicklist.size(memory, value);
    }

    /**
     * Every element, head to tail, through any {@link Memory} (the RDB writer reads a fork's view this
     * way): one reused {@link Element}, valid during the call only.
     */
    public static void forEach(Memory memory, long value, Encoding encoding, Consumer<Element> action) {
        checkEncoding(encoding);
        Quicklist.forEach(memory, value, action);
    }

    @Override
    public void free(Allocator allocator, long value, Encoding encoding) {
        checkEncoding(encoding);
        Quicklist.free(allocator, value);
    }

    @Override
    public long duplicate(Allocator allocator, long value, Encoding encoding) {
        checkEncoding(encoding);
        return Quicklist.duplicate(allocator, value);
    }

    /** The header, plus nodes and their listpacks, {@code samples} nodes measured and scaled (0: all), as Redis estimates. */
    @Override
    public long memoryUsage(Memory memory, long value, Encoding encoding, int samples) {
        checkEncoding(encoding);
        long nodes = Quicklist.nodes(memory, value);
        long measured = 0;
        long bytes = 0;
        for (long node = Quicklist.head(memory, value); node != 0 && (samples == 0 || measured < samples);
             node = Quicklist.nodeNext(memory, node)) {
            bytes += QuicklistDescriptor.NODE_SIZE + Quicklist.nodeSize(memory, node);
            measured++;
        }
        long scaled = measured == 0 ? 0 : (long) ((double) bytes / measured * nodes);
        return QuicklistDescriptor.HEADER_SIZE + scaled;
    }

    private static void checkEncoding(Encoding encoding) {
        if (encoding != Encoding.QUICKLIST) {
            throw new IllegalArgumentException("a list is encoded as a quicklist, not " + encoding.encodingName());
        }
    }
}
