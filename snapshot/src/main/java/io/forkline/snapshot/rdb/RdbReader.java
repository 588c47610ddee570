package io.forkline.snapshot.rdb;

import io.forkline.snapshot.io.ByteSource;
import io.forkline.snapshot.io.ChecksummedSource;
import io.forkline.snapshot.io.TruncatedInputException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads an RDB file of any version from 1 to {@value #MAX_VERSION} (Redis 7.2) and reports what it
 * holds to an {@link RdbVisitor}, in file order:
 *
 * <pre>
 *  "REDIS" + 4 digits      the version
 *  opcodes and keys:       fa AUX key value | fe SELECTDB db | fb RESIZEDB keys expires
 *                          fd EXPIRETIME seconds (int32 LE) | fc EXPIRETIME_MS ms (int64 LE)
 *                          f8 IDLE seconds | f9 FREQ counter | f5 FUNCTION2 code | f7 MODULE_AUX (refused)
 *                          type key value      (EXPIRETIME*, IDLE and FREQ apply to the next key)
 *  ff                      EOF, then from version 5 on the CRC64 of every byte before it, LE (0: not computed)
 * </pre>
 *
 * Reading stops right after the checksum, so that an AOF whose base is an RDB preamble goes on from
 * there. Any byte that does not follow the format stops the read with an {@link RdbFormatException}
 * naming its offset and what was expected, or a {@code TruncatedInputException} when the input ends
 * early; a wrong non-zero checksum is "Wrong RDB checksum expected: (computed) but got (stored)".
 * Module values stop the read with an error naming the key.
 */
public final class RdbReader {

    public static final int MIN_VERSION = 1;
    public static final int MAX_VERSION = 11;
    /** The first version whose files end with a CRC64. */
    public static final int FIRST_VERSION_WITH_CRC = 5;

    private static final byte[] MAGIC = "REDIS".getBytes(StandardCharsets.US_ASCII);

    private final ByteSource source;
    private final long length;

    /** A reader of an input whose length is not known. */
    public RdbReader(ByteSource source) {
        this(source, -1);
    }

    /**
     * A reader that knows the input holds {@code length} bytes from its current position (a file's
     * size), so that a length past the end is refused before anything is allocated for it.
     */
    public RdbReader(ByteSource source, long length) {
        this.source = source;
        this.length = length;
    }

    /** Reads the whole file, from the magic to the checksum. */
    public void read(RdbVisitor visitor) throws IOException {
        ChecksummedSource crc = source.checksummed();
        RdbInput in = new RdbInput(crc, length);
        int version = readHeader(in);
        call(in.position(), () -> visitor.header(version));
        boolean hasCrc = version >= FIRST_VERSION_WITH_CRC;
        long crcOffset;
        long stored;
        try {
            new Records(in, visitor).readAll();
            crcOffset = source.position();
            long computed = crc.finishCrc();
            if (!hasCrc) {
                stored = 0;
            } else {
                stored = new RdbInput(source, -1).readLittleEndian(8);
                if (stored != 0 && stored != computed) {
                    throw new RdbFormatException(crcOffset, "Wrong RDB checksum expected: (" + Long.toHexString(computed)
                            + ") but got (" + Long.toHexString(stored) + ")");
                }
            }
        } catch (RdbFormatException | TruncatedInputException unreadable) {
            visitor.readFailed();
            throw unreadable;
        }
        if (!hasCrc) {
            visitor.end(0, false);
            return;
        }
        call(crcOffset, () -> visitor.end(stored, stored != 0));
    }

    /**
     * One object's payload of {@code type} (RESTORE's, after its type byte), from a source whose length is
     * not known; module values are refused.
     */
    public static RdbValue readValue(RdbType type, ByteSource source) throws IOException {
        return RdbValueDecoder.read(type, new RdbInput(source, -1));
    }

    private static int readHeader(RdbInput in) throws IOException {
        long offset = in.position();
        byte[] header = new byte[9];
        for (int i = 0; i < header.length; i++) {
            header[i] = (byte) in.readByte();
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (header[i] != MAGIC[i]) {
                throw new RdbFormatException(offset, "the signature \"REDIS\"",
                        Printable.quote(java.util.Arrays.copyOf(header, MAGIC.length)) + " (Wrong signature trying to load DB from file)");
            }
        }
        int version = 0;
        for (int i = MAGIC.length; i < header.length; i++) {
            int digit = header[i] - '0';
            if (digit < 0 || digit > 9) {
                throw new RdbFormatException(offset + MAGIC.length, "a version of 4 digits",
                        Printable.quote(java.util.Arrays.copyOfRange(header, MAGIC.length, header.length)));
            }
            version = version * 10 + digit;
        }
        if (version < MIN_VERSION || version > MAX_VERSION) {
            throw new RdbFormatException(offset + MAGIC.length, "Can't handle RDB format version " + version
                    + " (forkline reads versions " + MIN_VERSION + " to " + MAX_VERSION + ")");
        }
        return version;
    }

    /** A visitor call whose {@link RdbContentException} becomes an {@link RdbFormatException} at {@code offset}. */
    static void call(long offset, VisitorCall call) throws IOException {
        try {
            call.run();
        } catch (RdbContentException refused) {
            throw new RdbFormatException(offset, refused.getMessage(), refused);
        }
    }

    @FunctionalInterface
    interface VisitorCall {
        void run() throws IOException;
    }

    /** The loop over opcodes and keys, with the per-key state the prefix opcodes set. */
    private static final class Records {

        private final RdbInput in;
        private final RdbVisitor visitor;
        private int db;
        private long expireAt = -1;

        Records(RdbInput in, RdbVisitor visitor) {
            this.in = in;
            this.visitor = visitor;
        }

        /** Reads records up to and including the EOF opcode. */
        void readAll() throws IOException {
            while (true) {
                long offset = in.position();
                int code = in.readByte();
                switch (code) {
                    case RdbOpcode.EOF -> {
                        return;
                    }
                    case RdbOpcode.SELECTDB -> selectDb(offset);
                    case RdbOpcode.RESIZEDB -> {
                        long keys = in.readLength("a RESIZEDB key count");
                        long expires = in.readLength("a RESIZEDB expire count");
                        call(offset, () -> visitor.resizeDb(keys, expires));
                    }
                    case RdbOpcode.AUX -> {
                        byte[] key = in.readString("an AUX field name");
                        byte[] value = in.readString("an AUX field value");
                        call(offset, () -> visitor.aux(key, value));
                    }
                    case RdbOpcode.EXPIRETIME -> expireAt = (int) in.readLittleEndian(4) * 1000L;
                    case RdbOpcode.EXPIRETIME_MS -> expireAt = in.readLittleEndian(8);
                    case RdbOpcode.IDLE -> in.readLength("an IDLE time");
                    case RdbOpcode.FREQ -> in.readByte();
                    case RdbOpcode.FUNCTION2 -> {
                        byte[] code2 = in.readString("a function library");
                        call(offset, () -> visitor.function(code2));
                    }
                    case RdbOpcode.FUNCTION_PRE_GA -> throw new RdbFormatException(offset,
                            "Pre-release function format not supported (opcode 0xf6 of Redis 7.0 release candidates)");
                    case RdbOpcode.MODULE_AUX -> moduleAux(offset);
                    default -> entry(offset, code);
                }
            }
        }

        private void selectDb(long offset) throws IOException {
            long index = in.readLength("a database index");
            if (index > Integer.MAX_VALUE) {
                throw new RdbFormatException(offset + 1, "a database index below 2^31", Long.toString(index));
            }
            db = (int) index;
            call(offset, () -> visitor.selectDb(db));
        }

        private void moduleAux(long offset) throws IOException {
            long id = in.readUnsignedLength("a module id");
            throw new RdbFormatException(offset, "The RDB file contains AUX module data I can't load: no matching module '"
                    + ModuleIds.name(id) + "' (MODULE_AUX; forkline has no modules)");
        }

        private void entry(long offset, int code) throws IOException {
            RdbType type = RdbType.ofCode(code);
            if (type == null) {
                throw new RdbFormatException(offset, "an object type or an opcode", RdbInput.hex(code)
                        + (code >= 0xF0 ? " (an opcode no Redis up to 7.2 writes)" : " (no such RDB type)"));
            }
            byte[] key = in.readString("a key");
            if (!RdbValueDecoder.isSupported(type)) {
                throw new RdbFormatException(offset, "key " + Printable.quote(key) + " in database " + db
                        + " holds a module value (RDB type " + code + ", " + type + "), which forkline cannot load");
            }
            int currentDb = db;
            call(offset, () -> visitor.beginEntry(offset, currentDb, type, key));
            RdbValue value = RdbValueDecoder.read(type, in);
            long expire = expireAt;
            expireAt = -1;
            if (value.isEmpty()) {
                call(offset, () -> visitor.emptyEntry(currentDb, key, type));
            } else {
                call(offset, () -> visitor.entry(currentDb, key, value, expire));
            }
        }
    }
}
