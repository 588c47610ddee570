package io.forkline.snapshot.rdb;

import io.forkline.engine.Engine;
import io.forkline.engine.keyspace.Clock;
import io.forkline.pages.PageSize;
import io.forkline.snapshot.io.BufferSource;
import io.forkline.snapshot.io.TruncatedInputException;
import io.forkline.snapshot.storage.FileStorage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The real fixture files, cut short and with bytes flipped: each read fails with an exception that names
 * an offset inside the input (or, where only the checksum can tell, the checksum's message), and with no
 * other exception, no hang and no OutOfMemoryError.
 */
@Timeout(120)
class CorruptInputTest {

    private static final long NOW = 4_000_000_000_000L;

    private static byte[] fixture(String name) throws IOException {
        return Files.readAllBytes(ExpectedFixture.rdb(name));
    }

    /** How a read of corrupt input ended: null when it succeeded, else the allowed exception. */
    private static Throwable read(byte[] input, boolean knownLength, RdbVisitor visitor) {
        try {
            RdbReader reader = knownLength ? new RdbReader(new BufferSource(input), input.length) : new RdbReader(new BufferSource(input));
            reader.read(visitor);
            return null;
        } catch (Throwable thrown) {
            assertAllowed(thrown, input.length);
            return thrown;
        }
    }

    private static void assertAllowed(Throwable thrown, long length) {
        long offset;
        if (thrown instanceof RdbFormatException format) {
            offset = format.offset();
        } else if (thrown instanceof TruncatedInputException truncated) {
            offset = truncated.offset();
        } else {
            throw new AssertionError("a corrupt input must fail with RdbFormatException or TruncatedInputException", thrown);
        }
        assertThat(offset).as("offset named by: %s", thrown.getMessage()).isBetween(0L, length);
        assertThat(thrown.getMessage()).contains("offset " + offset);
    }

    private static byte[] flip(byte[] input, int at, int mask) {
        byte[] copy = input.clone();
        copy[at] ^= (byte) mask;
        return copy;
    }

    @ParameterizedTest
    @ValueSource(strings = {"small", "nochecksum", "empty", "function", "stream", "types"})
    void everyPrefixFailsWithAnOffset(String name) throws IOException {
        byte[] file = fixture(name);
        int step = file.length > 4096 ? 7 : 1;
        for (int length = 0; length < file.length; length += step) {
            byte[] cut = Arrays.copyOf(file, length);
            for (boolean known : new boolean[] {true, false}) {
                if (read(cut, known, new RecordingVisitor()) == null) {
                    fail("the first " + length + " bytes of " + name + ".rdb read as a whole file");
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"small", "types"})
    void everyFlippedByteOfAChecksummedFileFailsEvenThroughTheLoader(String name) throws IOException {
        byte[] file = fixture(name);
        int step = Math.max(1, file.length / 300);
        int checksumFailures = 0;
        try (Engine engine = new Engine(ExpectedFixture.of(name).engineConfig(), PageSize.KIB_4, new Clock.Manual(NOW), 1)) {
            for (int at = 0; at < file.length; at += step) {
                for (int mask : new int[] {0x01, 0x80, 0xFF}) {
                    byte[] flipped = flip(file, at, mask);
                    Throwable thrown = read(flipped, true, new RecordingVisitor());
                    if (thrown == null) {
                        fail(name + ".rdb with byte " + at + " ^ " + mask + " read without error");
                    }
                    if (thrown.getMessage().contains("Wrong RDB checksum expected: (")) {
                        assertThat(thrown.getMessage()).containsPattern("Wrong RDB checksum expected: \\([0-9a-f]+\\) but got \\([0-9a-f]+\\)");
                        checksumFailures++;
                    }
                    engine.keyspace().flushAll();
                    if (read(flipped, false, new KeyspaceLoader(engine, NOW, true)) == null) {
                        fail(name + ".rdb with byte " + at + " ^ " + mask + " loaded without error");
                    }
                }
            }
        }
        assertThat(checksumFailures).as("flips only the checksum catches (in values, and in the checksum itself)").isGreaterThan(50);
    }

    @ParameterizedTest
    @ValueSource(strings = {"nochecksum", "types-uncompressed"})
    void flippedBytesOfAFileWithoutChecksumEitherLoadOrFailWithAnOffset(String name) throws IOException {
        byte[] file = fixture(name);
        int step = Math.max(1, file.length / 300);
        try (Engine engine = new Engine(ExpectedFixture.of(name).engineConfig(), PageSize.KIB_4, new Clock.Manual(NOW), 1)) {
            for (int at = 0; at < file.length; at += step) {
                for (int mask : new int[] {0x01, 0x40, 0xFF}) {
                    byte[] flipped = flip(file, at, mask);
                    // zero the checksum: the reader then trusts whatever parses
                    Arrays.fill(flipped, flipped.length - 8, flipped.length, (byte) 0);
                    read(flipped, false, new RecordingVisitor());
                    engine.keyspace().flushAll();
                    read(flipped, true, new KeyspaceLoader(engine, NOW, true));
                }
            }
        }
    }

    @Test
    void wrongMagicVersion12AnUnknownTypeAndLength0x82NameTheFileAndOffset(@TempDir Path dir) throws IOException {
        byte[] file = fixture("small");
        int firstType = indexOf(file, new byte[] {0x00, 0x01, 's', (byte) 0xC0});   // STRING "s" = 1, int-encoded
        byte[] magic = file.clone();
        magic[1] = 'O';
        assertLoadFails(dir, "magic.rdb", magic, "magic.rdb, at offset 0: expected the signature \"REDIS\", got \"RODIS\"");
        byte[] version = file.clone();
        version[7] = '1';
        version[8] = '2';
        assertLoadFails(dir, "v12.rdb", version, "v12.rdb, at offset 5: Can't handle RDB format version 12");
        byte[] type = file.clone();
        type[firstType] = 0x08;
        assertLoadFails(dir, "type.rdb", type, "type.rdb, at offset " + firstType + ": expected an object type or an opcode, got 0x08");
        byte[] length = file.clone();
        length[firstType + 1] = (byte) 0x82;   // the first key's length
        assertLoadFails(dir, "length.rdb", length, "length.rdb, at offset " + (firstType + 1)
                + ": expected a length encoding (the length of a key), got 0x82");
        assertLoadFails(dir, "cut.rdb", Arrays.copyOf(file, 100), "cut.rdb, at offset");
    }

    private static int indexOf(byte[] file, byte[] pattern) {
        for (int i = 0; i + pattern.length <= file.length; i++) {
            if (Arrays.equals(file, i, i + pattern.length, pattern, 0, pattern.length)) {
                return i;
            }
        }
        throw new AssertionError("pattern not found");
    }

    private static void assertLoadFails(Path dir, String name, byte[] bytes, String message) throws IOException {
        Path path = dir.resolve(name);
        Files.write(path, bytes);
        try {
            RdbFiles.load(FileStorage.INSTANCE, path, new RecordingVisitor());
            fail(name + " loaded");
        } catch (RdbLoadException expected) {
            assertThat(expected.getMessage()).startsWith(path.getParent() + "/").contains(message);
            assertThat(expected.file()).isEqualTo(path);
        }
    }
}
