package io.forkline.engine.text;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class GlobTest {

    @ParameterizedTest(name = "{0} ~ {1} = {2}")
    @CsvSource(delimiter = '|', value = {
            "*|anything|true",
            "*|''|true",
            "h?llo|hello|true",
            "h?llo|hllo|false",
            "h*llo|heeeello|true",
            "h*llo|hello world|false",
            "h[ae]llo|hallo|true",
            "h[ae]llo|hillo|false",
            "h[^e]llo|hallo|true",
            "h[^e]llo|hello|false",
            "h[a-b]llo|hbllo|true",
            "h[b-a]llo|hallo|true",
            "h[a-b]llo|hcllo|false",
            "h\\*llo|h*llo|true",
            "h\\*llo|hello|false",
            "*a*b*c*|xxaxxbxxcxx|true",
            "*a*b*c*|xxaxxcxxbxx|false",
            "a*|a|true",
            "[abc|b|true",
            "user:*:name|user:1000:name|true",
            "user:*:name|user:1000:email|false",
            "[\\]]|]|true",
            "**********************x|aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa|false",
    })
    void matchesAsRedis(String pattern, String subject, boolean expected) {
        assertThat(Glob.matches(bytes(pattern), bytes(subject), false)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"HELLO|hello|true", "h[A-Z]llo|hello|true", "a?C|Abc|true", "x|y|false"})
    void ignoresCaseWhenAsked(String pattern, String subject, boolean expected) {
        assertThat(Glob.matches(bytes(pattern), bytes(subject), true)).isEqualTo(expected);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
