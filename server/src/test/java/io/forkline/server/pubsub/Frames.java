package io.forkline.server.pubsub;

/** Expected Pub/Sub frames as RESP text: a RESP2 array or a RESP3 push of bulk strings, integers and nulls. */
final class Frames {

    private Frames() {
    }

    /** A RESP2 array: a String is a bulk string, an Integer an integer, null the null bulk string. */
    static String array(Object... elements) {
        return aggregate('*', "$-1\r\n", elements);
    }

    /** A RESP3 push: as {@link #array}, with RESP3's null. */
    static String push(Object... elements) {
        return aggregate('>', "_\r\n", elements);
    }

    private static String aggregate(char type, String nullText, Object... elements) {
        StringBuilder out = new StringBuilder().append(type).append(elements.length).append("\r\n");
        for (Object element : elements) {
            if (element == null) {
                out.append(nullText);
            } else if (element instanceof Integer number) {
                out.append(':').append(number).append("\r\n");
            } else {
                String text = (String) element;
                out.append('$').append(text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).append("\r\n")
                        .append(text).append("\r\n");
            }
        }
        return out.toString();
    }
}
