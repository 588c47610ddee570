package io.forkline.engine.struct;

import io.forkline.engine.struct.LexRange.Bound;
import io.forkline.pages.PageSize;
import io.forkline.pages.PagedMemory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LexRangeTest {

    @Test
    void itemsParseAsRedisDoes() {
        LexRange range = LexRange.parse(bytes("[abc"), bytes("(x\u00ff"));
        assertThat(range.minBound()).isEqualTo(Bound.INCLUSIVE);
        assertThat(range.min()).isEqualTo(bytes("abc"));
        assertThat(range.maxBound()).isEqualTo(Bound.EXCLUSIVE);
        assertThat(range.max()).isEqualTo(bytes("x\u00ff"));
        assertThat(LexRange.parse(bytes("-"), bytes("+"))).isEqualTo(LexRange.all());
        assertThat(LexRange.parse(bytes("+"), bytes("-")))
                .isEqualTo(new LexRange(Bound.POSITIVE_INFINITY, null, Bound.NEGATIVE_INFINITY, null));
        LexRange emptyMembers = LexRange.parse(bytes("["), bytes("("));
        assertThat(emptyMembers.min()).isEmpty();
        assertThat(emptyMembers.maxBound()).isEqualTo(Bound.EXCLUSIVE);
        assertThat(LexRange.parse(bytes("[-"), bytes("[+")).min()).isEqualTo(bytes("-"));
    }

    @Test
    void aSignFollowedByANulByteIsStillAnInfinityAsInC() {
        LexRange range = LexRange.parse(new byte[] {'-', 0, 'x'}, new byte[] {'+', 0});
        assertThat(range).isEqualTo(LexRange.all());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a", "-a", "+a", "--", "++", "]a", " [a"})
    void anythingElseIsNotAStringRangeItem(String text) {
        assertThatThrownBy(() -> LexRange.parse(bytes(text), bytes("+"))).isInstanceOf(InvalidRangeException.class)
                .hasMessage("min or max not valid string range item");
        assertThatThrownBy(() -> LexRange.parse(bytes("-"), bytes(text))).isInstanceOf(InvalidRangeException.class)
                .hasMessage(InvalidRangeException.NOT_A_STRING_RANGE_ITEM);
    }

    @Test
    void argumentsMayBeSlicesOfABuffer() {
        byte[] buffer = bytes("..[b..(d..");
        assertThat(LexRange.parse(buffer, 2, 2, buffer, 6, 2))
                .isEqualTo(new LexRange(Bound.INCLUSIVE, bytes("b"), Bound.EXCLUSIVE, bytes("d")));
    }

    @ParameterizedTest
    @CsvSource({
            "[b, [d, a, false", "[b, [d, b, true", "[b, [d, c, true", "[b, [d, d, true", "[b, [d, e, false",
            "(b, (d, b, false", "(b, (d, bb, true", "(b, (d, d, false", "(b, (d, cz, true",
            "-, +, '', true", "-, [a, '', true", "[, +, '', true", "(, +, '', false",
            "+, +, z, false", "-, -, a, false", "[a, +, \u00ff, true", "-, (\u0080, \u007f, true"})
    void containsComparesUnsignedBytes(String min, String max, String member, boolean expected) {
        LexRange range = LexRange.parse(bytes(min), bytes(max));
        assertThat(range.contains(bytes(member))).isEqualTo(expected);
        byte[] padded = bytes("##" + member + "#");
        assertThat(range.contains(padded, 2, member.length())).isEqualTo(expected);
        try (PagedMemory memory = PagedMemory.create(PageSize.KIB_4)) {
            long address = memory.firstAddress();
            memory.map(address, 4096);
            memory.putBytes(address, padded, 2, member.length());
            assertThat(range.contains(memory, address, member.length())).isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @CsvSource({
            "-, +, false", "+, -, true", "-, -, true", "+, +, true", "[a, +, false", "-, [a, false", "+, [a, true",
            "[a, -, true", "[a, [a, false", "[a, (a, true", "(a, [a, true", "[b, [a, true", "[a, [b, false",
            "[, [, false", "(, [a, false"})
    void emptyAsRedisJudgesIt(String min, String max, boolean empty) {
        assertThat(LexRange.parse(bytes(min), bytes(max)).isEmpty()).isEqualTo(empty);
    }

    @Test
    void endsAreCopiesAndValuesCompareByContent() {
        byte[] member = bytes("a");
        LexRange range = new LexRange(Bound.INCLUSIVE, member, Bound.POSITIVE_INFINITY, bytes("ignored"));
        member[0] = 'z';
        assertThat(range.min()).isEqualTo(bytes("a"));
        range.min()[0] = 'q';
        assertThat(range.min()).isEqualTo(bytes("a"));
        assertThat(range.max()).isEmpty();
        LexRange same = LexRange.parse(bytes("[a"), bytes("+"));
        assertThat(range).isEqualTo(same).hasSameHashCodeAs(same);
        assertThat(range).isNotEqualTo(LexRange.parse(bytes("(a"), bytes("+")));
        assertThat(range.toString()).contains("[", "+");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
