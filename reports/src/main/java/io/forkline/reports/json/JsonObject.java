package io.forkline.reports.json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Typed reads from a parsed JSON object; a missing member or one of the wrong type raises
 * {@link JsonException} naming the member's path (for example {@code workload.keys}).
 */
public final class JsonObject {

    private final Map<String, Object> members;
    private final String path;

    public JsonObject(Map<String, Object> members, String path) {
        this.members = members;
        this.path = path;
    }

    public static JsonObject parse(String text, String what) {
        return new JsonObject(Json.parseObject(text), what);
    }

    public Map<String, Object> members() {
        return members;
    }

    public Set<String> names() {
        return members.keySet();
    }

    public boolean has(String name) {
        return members.containsKey(name) && members.get(name) != null;
    }

    /** Fails on a member not in {@code known}, so that a misspelt option is not silently ignored. */
    public void onlyKnown(Set<String> known) {
        for (String name : members.keySet()) {
            if (!known.contains(name)) {
                throw new JsonException(where(name) + ": unknown member; known: " + String.join(", ", known));
            }
        }
    }

    public String string(String name) {
        Object value = required(name);
        if (!(value instanceof String s)) {
            throw wrong(name, "a string", value);
        }
        return s;
    }

    public String string(String name, String otherwise) {
        return has(name) ? string(name) : otherwise;
    }

    public long integer(String name) {
        Object value = required(name);
        if (value instanceof Long l) {
            return l;
        }
        if (value instanceof Double d && d == Math.rint(d) && Math.abs(d) < 9.0e18) {
            return d.longValue();
        }
        throw wrong(name, "an integer", value);
    }

    public long integer(String name, long otherwise) {
        return has(name) ? integer(name) : otherwise;
    }

    public double number(String name) {
        Object value = required(name);
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        throw wrong(name, "a number", value);
    }

    public double number(String name, double otherwise) {
        return has(name) ? number(name) : otherwise;
    }

    public boolean bool(String name, boolean otherwise) {
        if (!has(name)) {
            return otherwise;
        }
        Object value = members.get(name);
        if (!(value instanceof Boolean b)) {
            throw wrong(name, "true or false", value);
        }
        return b;
    }

    @SuppressWarnings("unchecked")
    public JsonObject object(String name) {
        Object value = required(name);
        if (!(value instanceof Map)) {
            throw wrong(name, "an object", value);
        }
        return new JsonObject((Map<String, Object>) value, where(name));
    }

    public JsonObject objectOrEmpty(String name) {
        return has(name) ? object(name) : new JsonObject(new LinkedHashMap<>(), where(name));
    }

    @SuppressWarnings("unchecked")
    public List<Object> array(String name) {
        Object value = required(name);
        if (!(value instanceof List)) {
            throw wrong(name, "an array", value);
        }
        return (List<Object>) value;
    }

    /** The array's members, each an object. */
    @SuppressWarnings("unchecked")
    public List<JsonObject> objects(String name) {
        List<JsonObject> out = new ArrayList<>();
        List<Object> items = has(name) ? array(name) : List.of();
        for (int i = 0; i < items.size(); i++) {
            Object item = items.get(i);
            if (!(item instanceof Map)) {
                throw new JsonException(where(name) + "[" + i + "]: expected an object, got " + Json.describe(item));
            }
            out.add(new JsonObject((Map<String, Object>) item, where(name) + "[" + i + "]"));
        }
        return out;
    }

    /** The members of a nested object as strings (numbers and booleans in their JSON spelling). */
    public Map<String, String> strings(String name) {
        Map<String, String> out = new LinkedHashMap<>();
        if (!has(name)) {
            return out;
        }
        for (Map.Entry<String, Object> entry : object(name).members.entrySet()) {
            Object value = entry.getValue();
            out.put(entry.getKey(), value == null ? "" : value instanceof String s ? s : Json.write(value));
        }
        return out;
    }

    private Object required(String name) {
        if (!has(name)) {
            throw new JsonException(where(name) + ": missing");
        }
        return members.get(name);
    }

    private JsonException wrong(String name, String expected, Object value) {
        return new JsonException(where(name) + ": expected " + expected + ", got " + Json.describe(value)
                + (value instanceof String s ? " \"" + s + "\"" : value instanceof Number ? " " + value : ""));
    }

    private String where(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}
