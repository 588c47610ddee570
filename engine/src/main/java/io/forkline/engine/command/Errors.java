package io.forkline.engine.command;

import java.nio.charset.StandardCharsets;

/**
 * Redis 7.0's error replies, pre-encoded: the text of each is what Redis sends, byte for byte, since
 * clients and Redis's own test suite match on it.
 */
public final class Errors {

    public static final byte[] WRONGTYPE = encode("WRONGTYPE Operation against a key holding the wrong kind of value");
    public static final byte[] SYNTAX = encode("ERR syntax error");
    public static final byte[] NOT_AN_INTEGER = encode("ERR value is not an integer or out of range");
    public static final byte[] NOT_A_FLOAT = encode("ERR value is not a valid float");
    public static final byte[] OVERFLOW = encode("ERR increment or decrement would overflow");
    public static final byte[] NAN_OR_INFINITY = encode("ERR increment would produce NaN or Infinity");
    public static final byte[] NO_SUCH_KEY = encode("ERR no such key");
    public static final byte[] INDEX_OUT_OF_RANGE = encode("ERR index out of range");
    public static final byte[] DB_INDEX_OUT_OF_RANGE = encode("ERR DB index is out of range");
    public static final byte[] BIT_OFFSET = encode("ERR bit offset is not an integer or out of range");
    public static final byte[] BIT_VALUE = encode("ERR bit is not an integer or out of range");
    public static final byte[] STRING_TOO_LONG = encode("ERR string exceeds maximum allowed size (proto-max-bulk-len)");
    public static final byte[] MUST_BE_POSITIVE = encode("ERR value is out of range, must be positive");
    public static final byte[] HASH_VALUE_NOT_INTEGER = encode("ERR hash value is not an integer");
    public static final byte[] HASH_VALUE_NOT_FLOAT = encode("ERR hash value is not a float");

    private Errors() {
    }

    /** {@code -message\r\n}. */
    public static byte[] encode(String message) {
        return ("-" + message + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Redis 7.0's reply to a wrong argument count; {@code name} is the command's full name, e.g. {@code config|get}. */
    public static String wrongArity(String name) {
        return "ERR wrong number of arguments for '" + name + "' command";
    }

    /** Redis 7.0's reply to an unknown command: its name and the first arguments, 128 characters of each at most. */
    public static String unknownCommand(Arguments args) {
        StringBuilder message = new StringBuilder("ERR unknown command '")
                .append(clip(args.string(0))).append("', with args beginning with: ");
        for (int i = 1; i < args.count() && message.length() < 128; i++) {
            message.append('\'').append(clip(args.string(i))).append("' ");
        }
        return message.toString();
    }

    /** Redis 7.0's reply to an unknown subcommand. */
    public static String unknownSubcommand(Arguments args) {
        return "ERR unknown subcommand '" + clip(args.string(1)) + "'. Try " + args.string(0).toUpperCase(java.util.Locale.ROOT)
                + " HELP.";
    }

    private static String clip(String text) {
        return text.length() > 128 ? text.substring(0, 128) : text;
    }
}
