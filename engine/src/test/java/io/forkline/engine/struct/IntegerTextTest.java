package io.forkline.engine.struct;

import io.forkline.pages.PageSize;
import io.forkline.pages.PagedMemory;
import io.forkline.pages.Seeded;
import io.forkline.pages.alloc.Allocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;
import java.util.stream.LongStream;

import static io.forkline.engine.struct.TestBytes.ascii;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Redis's string2ll / ll2string rules, and a property test against Long.parseLong / Long.toString. */
class IntegerTextTest {

    static LongStream seeds() {
        return Seeded.seeds(10);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "1", "9", "-1", "10", "-10", "127", "4096", "-4096", "9223372036854775807",
            "-9223372036854775808", "1000000000000000000"})
    void canonical(String text) {
        byte[] bytes = ascii(text);
        assertThat(IntegerText.isCanonicalLong(bytes, 0, bytes.length)).isTrue();
        assertThat(IntegerText.parseCanonicalLong(bytes, 0, bytes.length)).isEqualTo(Long.parseLong(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-", "+1", "-0", "00", "007", "-01", " 1", "1 ", "1a", "a1", "--1", "1-", "1.0", "1e3",
            "9223372036854775808", "-9223372036854775809", "99999999999999999999", "-99999999999999999999",
            "000000000000000000001", "\u0661"})
    void notCanonical(String text) {
        byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(IntegerText.isCanonicalLong(bytes, 0, bytes.length)).isFalse();
        assertThatThrownBy(() -> IntegerText.parseCanonicalLong(bytes, 0, bytes.length))
                .isInstanceOf(NumberFormatException.class).hasMessageContaining("not a canonical 64-bit integer");
    }

    @Test
    void slicesOfAnArray() {
        byte[] bytes = ascii("x-123y");
        assertThat(IntegerText.isCanonicalLong(bytes, 1, 4)).isTrue();
        assertThat(IntegerText.parseCanonicalLong(bytes, 1, 4)).isEqualTo(-123);
        assertThat(IntegerText.isCanonicalLong(bytes, 2, 3)).isTrue();
        assertThat(IntegerText.isCanonicalLong(bytes, 1, 5)).isFalse();
        assertThatThrownBy(() -> IntegerText.isCanonicalLong(bytes, 4, 3)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void fromPagedMemoryAcrossAPageBoundary() {
        try (PagedMemory memory = PagedMemory.create(PageSize.KIB_4)) {
            Allocator allocator = new Allocator(memory);
            long block = allocator.allocate(5 * 4096);   // large, so block-aligned
            long address = block + 4096 - 7;   // the 20 digits straddle a page boundary
            byte[] text = ascii("-9223372036854775808");
            memory.putBytes(address, text, 0, text.length);
            assertThat(IntegerText.isCanonicalLong(memory, address, text.length)).isTrue();
            assertThat(IntegerText.parseCanonicalLong(memory, address, text.length)).isEqualTo(Long.MIN_VALUE);
            assertThat(IntegerText.isCanonicalLong(memory, address, 1)).as("'-' alone").isFalse();
            assertThat(IntegerText.parseCanonicalLong(memory, address + 1, 3)).isEqualTo(922);
            assertThatThrownBy(() -> IntegerText.parseCanonicalLong(memory, address, 1))
                    .isInstanceOf(NumberFormatException.class);
        }
    }

    @Test
    void formatting() {
        java.util.List<Long> values = new java.util.ArrayList<>(java.util.List.of(0L, 9L, 10L, -1L, -9L, -10L, 99L, 100L,
                Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1));
        for (long power = 1; power <= 1_000_000_000_000_000_000L; power *= 10) {   // every digit count's edges
            for (long value : new long[] {power - 1, power, power + 1}) {
                values.add(value);
                values.add(-value);
            }
        }
        for (long value : values) {
            String expected = Long.toString(value);
            assertThat(IntegerText.decimalLength(value)).as("%d", value).isEqualTo(expected.length());
            assertThat(IntegerText.formatLong(value)).isEqualTo(ascii(expected));
            byte[] buffer = new byte[24];
            assertThat(IntegerText.formatLong(value, buffer, 3)).isEqualTo(expected.length());
            assertThat(java.util.Arrays.copyOfRange(buffer, 3, 3 + expected.length())).isEqualTo(ascii(expected));
        }
        assertThatThrownBy(() -> IntegerText.formatLong(-100, new byte[5], 2)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void agreesWithTheJdk(long seed) {
        Seeded.run(seed, random -> {
            for (int i = 0; i < 20_000; i++) {
                long value = randomLong(random);
                byte[] text = ascii(Long.toString(value));
                assertThat(IntegerText.formatLong(value)).isEqualTo(text);
                assertThat(IntegerText.decimalLength(value)).isEqualTo(text.length);
                assertThat(IntegerText.parseCanonicalLong(text, 0, text.length)).isEqualTo(value);

                byte[] noise = randomText(random);
                assertThat(IntegerText.isCanonicalLong(noise, 0, noise.length))
                        .as("\"%s\"", new String(noise, java.nio.charset.StandardCharsets.ISO_8859_1))
                        .isEqualTo(ReferenceListpack.canonicalInteger(noise) != null);
            }
        });
    }

    private static long randomLong(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> random.nextLong();
            case 1 -> random.nextLong() >> random.nextInt(64);
            case 2 -> random.nextInt(2001) - 1000;
            default -> random.nextBoolean() ? Long.MAX_VALUE - random.nextInt(10) : Long.MIN_VALUE + random.nextInt(10);
        };
    }

    /** Text that is often almost a number: digits, signs, a space, a letter; now and then a long number. */
    private static byte[] randomText(Random random) {
        if (random.nextInt(4) == 0) {
            String number = Long.toString(randomLong(random));
            return ascii(random.nextBoolean() ? number : number + random.nextInt(10));   // sometimes one digit too many
        }
        String alphabet = "0123456789000--+ a";
        int length = random.nextInt(22);
        byte[] text = new byte[length];
        for (int i = 0; i < length; i++) {
            text[i] = (byte) alphabet.charAt(random.nextInt(alphabet.length()));
        }
        return text;
    }
}
