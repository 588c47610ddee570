package io.forkline.server.config;

import io.forkline.pages.Seeded;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArgumentSplitterTest {

    static LongStream seeds() {
        return Seeded.seeds(20);
    }

    @Test
    void splitsAtBlanksAndSkipsRunsOfThem() throws Exception {
        assertThat(ArgumentSplitter.split("  save   900 1\t300  10 ")).containsExactly("save", "900", "1", "300", "10");
        assertThat(ArgumentSplitter.split("")).isEmpty();
        assertThat(ArgumentSplitter.split(" \t ")).isEmpty();
    }

    @Test
    void readsDoubleQuotedArgumentsWithEscapes() throws Exception {
        assertThat(ArgumentSplitter.split("requirepass \"a b\\\"c\\\\d\\n\\r\\t\\a\\b\\q\""))
                .containsExactly("requirepass", "a b\"c\\d\n\r\t\u0007\bq");
        assertThat(ArgumentSplitter.split("x \"\\x41\\x62\\xc3\\xa9\"")).containsExactly("x", "Abé");
        assertThat(ArgumentSplitter.split("x \"\\x4\"")).containsExactly("x", "x4");   // not two hex digits
        assertThat(ArgumentSplitter.split("save \"\"")).containsExactly("save", "");
    }

    @Test
    void readsSingleQuotedArgumentsWhereOnlyTheQuoteIsEscaped() throws Exception {
        assertThat(ArgumentSplitter.split("x 'it\\'s \\n here'")).containsExactly("x", "it's \\n here");
        assertThat(ArgumentSplitter.split("x ''")).containsExactly("x", "");
    }

    @Test
    void aQuoteInsideAWordOpensAQuotedPartOfThatWord() throws Exception {
        assertThat(ArgumentSplitter.split("ab\"c d\" e")).containsExactly("abc d", "e");
    }

    @Test
    void keepsNonAsciiText() throws Exception {
        assertThat(ArgumentSplitter.split("logfile journal-été.log \"😀 x\"")).containsExactly("logfile",
                "journal-été.log", "😀 x");
    }

    @ParameterizedTest
    @ValueSource(strings = {"x \"abc", "x 'abc", "x \"abc\"def", "x 'abc'def", "x \"abc\\\""})
    void refusesUnbalancedQuotes(String line) {
        assertThatThrownBy(() -> ArgumentSplitter.split(line))
                .isInstanceOf(LineSplitException.class)
                .satisfies(e -> assertThat(((LineSplitException) e).redisReason())
                        .isEqualTo("Unbalanced quotes in configuration line"))
                .hasMessage("unbalanced quotes in '" + line + "'");
    }

    @Test
    void refusesBytesThatAreNotUtf8() {
        assertThatThrownBy(() -> ArgumentSplitter.split("requirepass \"\\xff\""))
                .isInstanceOf(LineSplitException.class)
                .hasMessageContaining("not UTF-8");
    }

    @Test
    void quotesAsSdscatreprDoes() {
        assertThat(ArgumentSplitter.quote("dump.rdb")).isEqualTo("\"dump.rdb\"");
        assertThat(ArgumentSplitter.quote("a\"b\\c\n\r\t\u0007\b")).isEqualTo("\"a\\\"b\\\\c\\n\\r\\t\\a\\b\"");
        assertThat(ArgumentSplitter.quote("é\u0001")).isEqualTo("\"\\xc3\\xa9\\x01\"");
        assertThat(ArgumentSplitter.quote("")).isEqualTo("\"\"");
    }

    @Test
    void quotesOnlyWhenNeededForBindAddresses() {
        assertThat(ArgumentSplitter.quoteIfNeeded("127.0.0.1")).isEqualTo("127.0.0.1");
        assertThat(ArgumentSplitter.quoteIfNeeded("-::*")).isEqualTo("-::*");
        assertThat(ArgumentSplitter.quoteIfNeeded("")).isEqualTo("\"\"");
        assertThat(ArgumentSplitter.quoteIfNeeded("a b")).isEqualTo("\"a b\"");
        assertThat(ArgumentSplitter.quoteIfNeeded("it's")).isEqualTo("\"it's\"");
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void quotedTextSplitsBackToItself(long seed) {
        Seeded.run(seed, random -> {
            for (int i = 0; i < 200; i++) {
                List<String> arguments = List.of(randomText(random), randomText(random), randomText(random));
                String line = String.join(" ", arguments.stream().map(ArgumentSplitter::quote).toList());
                assertThat(ArgumentSplitter.split(line)).isEqualTo(arguments);
                String loose = String.join(" ", arguments.stream().map(ArgumentSplitter::quoteIfNeeded).toList());
                assertThat(ArgumentSplitter.split(loose)).isEqualTo(arguments);
            }
        });
    }

    /** Text of every kind a value can hold: blanks, quotes, backslashes, control characters, non-ASCII. */
    static String randomText(Random random) {
        String alphabet = "ab Z09 \t\"'\\#\n\r\u0007\b\u0001x€é";
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(12);
        for (int i = 0; i < length; i++) {
            if (random.nextInt(20) == 0) {
                text.appendCodePoint(0x1F600 + random.nextInt(50));
            } else {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
        }
        return text.toString();
    }
}
