package io.forkline.bench.crash;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The keys a restarted server holds, read back as the verifier compares them: counters as {@link Long}, lists as a
 * {@link ListDigest}, strings as {@link String}; a key of an unexpected type holds the error its read returned.
 */
public final class RecoveredState {

    private static final int CHUNK = 1000;

    private final Map<String, Object> values;

    public RecoveredState(Map<String, Object> values) {
        this.values = Map.copyOf(values);
    }

    public Map<String, Object> values() {
        return values;
    }

    /** Reads every key of database 0 through {@code client}. */
    public static RecoveredState read(RespClient client) throws IOException {
        Object keys = client.call("KEYS", "*");
        if (!(keys instanceof List<?> names)) {
            throw new IOException("KEYS * answered " + keys);
        }
        Map<String, Object> values = new HashMap<>();
        for (int from = 0; from < names.size(); from += CHUNK) {
            List<String> chunk = new ArrayList<>();
            for (Object name : names.subList(from, Math.min(names.size(), from + CHUNK))) {
                String key = RespClient.text(name);
                chunk.add(key);
                if (key.startsWith("l:")) {
                    client.send("LRANGE", key, "0", "-1");
                } else {
                    client.send("GET", key);
                }
            }
            client.flush();
            for (String key : chunk) {
                values.put(key, value(key, client.read()));
            }
        }
        return new RecoveredState(values);
    }

    private static Object value(String key, Object reply) {
        if (reply instanceof List<?> elements) {
            List<String> texts = new ArrayList<>(elements.size());
            for (Object element : elements) {
                texts.add(RespClient.text(element));
            }
            return ListDigest.of(texts);
        }
        if (reply instanceof RespClient.ErrorReply error) {
            return error.toString();
        }
        String text = RespClient.text(reply);
        if (key.startsWith("c:") || key.equals(Operation.GLOBAL_COUNTER)) {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException notACounter) {
                return text;
            }
        }
        return text;
    }
}
