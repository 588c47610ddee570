package io.forkline.bench.crash;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Just enough JSON writing for the campaign's report: maps, lists, strings, numbers, booleans, null. */
final class Json {

    private Json() {
    }

    static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out, "");
        return out.append('\n').toString();
    }

    private static void write(Object value, StringBuilder out, String indent) {
        switch (value) {
            case null -> out.append("null");
            case String text -> quote(text, out);
            case Boolean flag -> out.append(flag);
            case Double number -> out.append(Double.isFinite(number) ? number.toString() : "null");
            case Number number -> out.append(number);
            case Map<?, ?> map -> {
                out.append('{');
                Iterator<? extends Map.Entry<?, ?>> entries = map.entrySet().iterator();
                String inner = indent + "  ";
                while (entries.hasNext()) {
                    Map.Entry<?, ?> entry = entries.next();
                    out.append('\n').append(inner);
                    quote(String.valueOf(entry.getKey()), out);
                    out.append(": ");
                    write(entry.getValue(), out, inner);
                    out.append(entries.hasNext() ? "," : "\n" + indent);
                }
                out.append('}');
            }
            case List<?> list -> {
                out.append('[');
                String inner = indent + "  ";
                for (int i = 0; i < list.size(); i++) {
                    out.append('\n').append(inner);
                    write(list.get(i), out, inner);
                    out.append(i + 1 < list.size() ? "," : "\n" + indent);
                }
                out.append(']');
            }
            default -> quote(value.toString(), out);
        }
    }

    private static void quote(String text, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
