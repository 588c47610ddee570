package io.forkline.engine.struct;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.forkline.engine.struct.TestBytes.ascii;
import static io.forkline.engine.struct.TestBytes.hex;
import static io.forkline.engine.struct.TestBytes.repeat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

/** What {@link Listpack#validate} rejects, and that each rejection names its offset. */
class ListpackValidateTest {

    /** ["a","b",3,-5]: entries at 6, 9, 12 and 14; terminator at 17. */
    private static final byte[] GOOD = hex("12 00 00 00 04 00 | 81 61 02 | 81 62 02 | 03 01 | df fb 02 | ff");

    private static void assertCorrupt(byte[] blob, boolean deep, long offset, String... phrases) {
        assertThatThrownBy(() -> Listpack.validate(blob, deep))
                .isInstanceOf(CorruptEncodingException.class)
                .hasMessageContaining("at offset " + offset)
                .hasMessageContainingAll(phrases)
                .asInstanceOf(type(CorruptEncodingException.class))
                .satisfies(e -> assertThat(e.offset()).isEqualTo(offset));
    }

    private static byte[] withTotal(byte[] blob) {
        byte[] fixed = blob.clone();
        fixed[0] = (byte) fixed.length;
        fixed[1] = (byte) (fixed.length >> 8);
        fixed[2] = (byte) (fixed.length >> 16);
        fixed[3] = (byte) (fixed.length >> 24);
        return fixed;
    }

    @Test
    void acceptsGoodBlobs() {
        assertThatCode(() -> Listpack.validate(GOOD, true)).doesNotThrowAnyException();
        assertThatCode(() -> Listpack.validate(hex("07 00 00 00 00 00 FF"), true)).doesNotThrowAnyException();
        byte[] large = ReferenceListpack.encode(List.of(repeat('a', 70000), repeat('b', 16378), ascii("1"), repeat('c', 100)));
        assertThatCode(() -> Listpack.validate(large, true)).doesNotThrowAnyException();
        byte[] unknownCount = GOOD.clone();
        unknownCount[4] = (byte) 0xFF;
        unknownCount[5] = (byte) 0xFF;
        assertThatCode(() -> Listpack.validate(unknownCount, true)).as("65535 = count by walking").doesNotThrowAnyException();
    }

    @Test
    void rejectsABlobTooShortForAHeader() {
        assertCorrupt(hex("07 00 00 00 00 00"), false, 6, "at least 7 bytes", "a blob of 6 bytes");
        assertCorrupt(new byte[0], true, 0, "a blob of 0 bytes");
    }

    @Test
    void rejectsCutBlobs() {
        for (int cut = 1; cut < GOOD.length - 7; cut++) {
            byte[] shorter = java.util.Arrays.copyOf(GOOD, GOOD.length - cut);
            assertCorrupt(shorter, false, 0, "header total bytes " + shorter.length, "found 18");
        }
    }

    @Test
    void rejectsACutBlobWhoseHeaderWasPatched() {
        // cut inside the string "b" and end with FF: the entry at 9 now runs past the terminator
        byte[] cut = withTotal(hex("00 00 00 00 04 00 | 81 61 02 | 81 62 | ff"));
        assertThatCode(() -> Listpack.validate(cut, false)).as("shallow sees a good header").doesNotThrowAnyException();
        assertCorrupt(cut, true, 9, "an entry of 3 bytes ending before the terminator at offset 11");
    }

    @Test
    void rejectsAWrongTotal() {
        byte[] wrong = GOOD.clone();
        wrong[0]++;
        assertCorrupt(wrong, false, 0, "expected header total bytes 18 (the blob's length)", "found 19");
        wrong[0] -= 2;
        assertCorrupt(wrong, true, 0, "found 17");
    }

    @Test
    void rejectsAMissingTerminator() {
        byte[] noTerminator = GOOD.clone();
        noTerminator[17] = 0x00;
        assertCorrupt(noTerminator, false, 17, "the terminator 0xFF", "found 0x00");
    }

    @Test
    void rejectsAFlippedEncodingByte() {
        for (int bad = 0xF5; bad <= 0xFE; bad++) {
            byte[] flipped = GOOD.clone();
            flipped[12] = (byte) bad;
            assertThatCode(() -> Listpack.validate(flipped, false)).as("shallow").doesNotThrowAnyException();
            assertCorrupt(flipped, true, 12, "encoding byte", String.format("found 0x%02X", bad));
        }
    }

    @Test
    void rejectsAnEncodingThatChangesTheEntrySize() {
        byte[] flipped = GOOD.clone();
        flipped[9] = (byte) 0x85;   // "b" now claims 5 bytes: the backlen is read inside the next entries
        assertCorrupt(flipped, true, 15, "a backlen of 6", "found 28667");   // FB DF 01 read leftward
    }

    @Test
    void rejectsAWrongCount() {
        byte[] wrongCount = GOOD.clone();
        wrongCount[4] = 3;
        assertThatCode(() -> Listpack.validate(wrongCount, false)).doesNotThrowAnyException();
        assertCorrupt(wrongCount, true, 4, "header element count 4 (entries walked)", "found 3");
    }

    @Test
    void rejectsABadBacklen() {
        byte[] badBacklen = GOOD.clone();
        badBacklen[13] = 0x02;   // the integer 3's backlen says 2, its entry is 1 byte
        assertCorrupt(badBacklen, true, 13, "a backlen of 1", "found 2");
    }

    @Test
    void rejectsABacklenOfMoreThanFiveBytes() {
        // "\x80\x80\x80\x80" (84 80 80 80 80) with a backlen of 80: five bytes read leftward all continue
        byte[] blob = withTotal(hex("00 00 00 00 01 00 | 84 80 80 80 80 80 | ff"));
        assertCorrupt(blob, true, 11, "a backlen of 5", "more than 5 backlen bytes");
    }

    @Test
    void rejectsAnEntryWhoseHeaderRunsPastTheEnd() {
        // a 32-bit string header (5 bytes) with only 2 bytes before the terminator
        byte[] blob = withTotal(hex("00 00 00 00 01 00 | f0 01 | ff"));
        assertCorrupt(blob, true, 6, "an entry header of 5 bytes", "only 2 bytes");
    }

    @Test
    void rejectsEntriesPastTheEnd() {
        byte[] blob = withTotal(hex("00 00 00 00 01 00 | 8a 61 62 63 | ff"));   // a 10-byte string with 3 bytes
        assertCorrupt(blob, true, 6, "an entry of 12 bytes ending before the terminator at offset 10", "runs 8 bytes past it");
        byte[] huge = withTotal(hex("00 00 00 00 01 00 | f0 ff ff ff ff 61 | ff"));
        assertCorrupt(huge, true, 6, "an entry of");
    }

    @Test
    void rejectsATerminatorBeforeTheEnd() {
        byte[] blob = withTotal(hex("00 00 00 00 02 00 | 01 01 | ff | 02 01 | ff"));
        assertCorrupt(blob, true, 8, "entries up to the terminator at offset 11", "a terminator byte 0xFF");
    }

    @Test
    void exceptionCarriesExpectedAndFound() {
        CorruptEncodingException e = new CorruptEncodingException("listpack", 42, "this", "that");
        assertThat(e).hasMessage("corrupt listpack at offset 42: expected this, found that");
        assertThat(e.offset()).isEqualTo(42);
        assertThat(e.expected()).isEqualTo("this");
        assertThat(e.found()).isEqualTo("that");
    }
}
