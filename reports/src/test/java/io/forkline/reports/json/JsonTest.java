package io.forkline.reports.json;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonTest {

    @TempDir
    Path dir;

    @Test
    void parseFileReadsAFileAndNamesItWhenItIsNotJson() throws IOException {
        Path good = Files.writeString(dir.resolve("good.json"), "[1, {\"a\": true}]");
        assertThat(Json.parseFile(good)).isEqualTo(List.of(1L, Map.of("a", true)));
        Path bad = Files.writeString(dir.resolve("bad.json"), "[1, ");
        assertThatThrownBy(() -> Json.parseFile(bad)).isInstanceOf(IOException.class).hasMessageStartingWith(bad + ": ");
    }

    @Test
    void parsesEveryKindOfValue() {
        Object value = Json.parse(" {\"a\": [1, -2.5, 3e2, true, false, null], \"b\": {\"c\": \"x\\\"y\\n\\u00e9\"}, \"d\": []} ");
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("a", java.util.Arrays.asList(1L, -2.5, 300.0, true, false, null));
        expected.put("b", Map.of("c", "x\"y\né"));
        expected.put("d", List.of());
        assertThat(value).isEqualTo(expected);
    }

    @Test
    void writesWhatItReads() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("name", "tab\there \"quoted\" \u0001");
        value.put("n", 42);
        value.put("x", 0.5);
        value.put("whole", 3.0);
        value.put("nan", Double.NaN);
        value.put("list", List.of(1, "two", Map.of()));
        String text = Json.write(value);
        Object back = Json.parse(text);
        assertThat(back).isEqualTo(Json.parse(Json.write(back)));
        assertThat(((Map<?, ?>) back).get("name")).isEqualTo("tab\there \"quoted\" \u0001");
        assertThat(((Map<?, ?>) back).get("whole")).isEqualTo(3.0);
        assertThat(((Map<?, ?>) back).get("nan")).isNull();
        assertThat(text).contains("\n  \"n\": 42,");
    }

    @Test
    void errorsSayWhereAndWhat() {
        assertThatThrownBy(() -> Json.parse("{\"a\" 1}")).hasMessage("at offset 5: expected ':', got '1'");
        assertThatThrownBy(() -> Json.parse("[1, 2")).hasMessage("at offset 5: expected ',' or ']', got end of input");
        assertThatThrownBy(() -> Json.parse("{} x")).hasMessage("at offset 3: expected end of input, got 'x'");
        assertThatThrownBy(() -> Json.parse("\"\\q\"")).hasMessageContaining("at offset 2: expected an escape");
        assertThatThrownBy(() -> Json.parseObject("[]")).hasMessageContaining("expected a JSON object");
        JsonObject object = JsonObject.parse("{\"n\": \"7\", \"o\": {\"deep\": true}}", "cfg");
        assertThatThrownBy(() -> object.integer("n")).hasMessage("cfg.n: expected an integer, got a string \"7\"");
        assertThatThrownBy(() -> object.object("o").integer("deep")).hasMessage("cfg.o.deep: expected an integer, got a boolean");
        assertThatThrownBy(() -> object.string("missing")).hasMessage("cfg.missing: missing");
    }
}
