package io.forkline.server.blocking;

import io.forkline.server.RespConnection;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Expected replies as RESP text, and waiting for the server to report blocked clients. */
final class Resp {

    static final String NULL_ARRAY = "*-1\r\n";
    static final String NULL_BULK = "$-1\r\n";
    static final String RESP3_NULL = "_\r\n";
    static final String WRONGTYPE = "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";

    private Resp() {
    }

    static String bulk(String text) {
        return "$" + text.getBytes(StandardCharsets.UTF_8).length + "\r\n" + text + "\r\n";
    }

    static String integer(long value) {
        return ":" + value + "\r\n";
    }

    /** An array: a String is a bulk string, a Long an integer, anything else its own RESP text (a nested array). */
    static String array(Object... elements) {
        StringBuilder out = new StringBuilder("*").append(elements.length).append("\r\n");
        for (Object element : elements) {
            if (element instanceof String text) {
                out.append(bulk(text));
            } else if (element instanceof Long number) {
                out.append(integer(number));
            } else {
                out.append(((Raw) element).text());
            }
        }
        return out.toString();
    }

    /** RESP text to nest as it is. */
    record Raw(String text) {
    }

    static Raw raw(String text) {
        return new Raw(text);
    }

    /**
     * Waits until the server counts {@code count} blocked clients (INFO's blocked_clients), asking through
     * {@code control}: the way to order a push after a block without sleeping.
     */
    static void awaitBlocked(RespConnection control, int count) throws IOException {
        long giveUp = System.nanoTime() + 10_000_000_000L;
        String expected = "blocked_clients:" + count + "\r\n";
        while (!control.call("INFO", "clients").contains(expected)) {
            if (System.nanoTime() > giveUp) {
                throw new AssertionError("the server never counted " + count + " blocked clients: "
                        + control.call("INFO", "clients"));
            }
            Thread.onSpinWait();
        }
    }
}
