package io.forkline.server.resp;

import io.forkline.engine.command.Arguments;

/**
 * Splits an inline request line into arguments by the rules of Redis's {@code sdssplitargs}: blanks
 * separate arguments; {@code "double quotes"} understand {@code \n \r \t \b \a}, {@code \xHH} and a
 * backslash before any other byte; {@code 'single quotes'} understand only {@code \'}; quotes may start
 * inside an argument, and a closing quote must be followed by a blank or the end of the line.
 */
final class InlineArgumentSplitter {

    /** Stands for the end of the line, as the NUL terminator does in Redis's C string. */
    private static final int END = -1;

    private InlineArgumentSplitter() {
    }

    /**
     * Appends the arguments of {@code line[0, length)} to {@code out}, decoding each in place (the
     * line's bytes are overwritten).
     *
     * @return false if the quotes are unbalanced; {@code out} then holds some arguments, to be discarded
     */
    static boolean split(byte[] line, int length, Arguments out) {
        int at = skipBlanks(line, length, 0);
        while (at < length) {
            at = readArgument(line, length, at, out);
            if (at < 0) {
                return false;
            }
            at = skipBlanks(line, length, at);
        }
        return true;
    }

    /** Returns where the argument ends, or -1 for unbalanced quotes. */
    private static int readArgument(byte[] line, int length, int start, Arguments out) {
        int read = start;
        int written = start;
        int quote = 0;
        while (true) {
            int c = byteAt(line, length, read);
            if (quote == 0) {
                if (c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == END) {
                    out.add(line, start, written - start);
                    return c == END ? read : read + 1;
                }
                if (c == '"' || c == '\'') {
                    quote = c;
                } else {
                    line[written++] = (byte) c;
                }
                read++;
            } else if (closesQuote(line, length, read, quote)) {
                if (!endsArgument(byteAt(line, length, read + 1))) {
                    return -1;
                }
                out.add(line, start, written - start);
                return read + 1;
            } else if (c == END) {
                return -1;
            } else {
                int consumed = quote == '"'
                        ? unescapeDoubleQuoted(line, length, read, written)
                        : unescapeSingleQuoted(line, length, read, written);
                written++;
                read += consumed;
            }
        }
    }

    private static boolean closesQuote(byte[] line, int length, int at, int quote) {
        return byteAt(line, length, at) == quote;
    }

    /** Writes one byte at {@code to} for the text at {@code from}; returns how many bytes it read. */
    private static int unescapeDoubleQuoted(byte[] line, int length, int from, int to) {
        int c = byteAt(line, length, from);
        int next = byteAt(line, length, from + 1);
        if (c != '\\' || next == END) {
            line[to] = (byte) c;
            return 1;
        }
        int high = hexValue(byteAt(line, length, from + 2));
        int low = hexValue(byteAt(line, length, from + 3));
        if (next == 'x' && high >= 0 && low >= 0) {
            line[to] = (byte) (high * 16 + low);
            return 4;
        }
        line[to] = (byte) switch (next) {
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'b' -> '\b';
            case 'a' -> 7;
            default -> next;
        };
        return 2;
    }

    private static int unescapeSingleQuoted(byte[] line, int length, int from, int to) {
        int c = byteAt(line, length, from);
        if (c == '\\' && byteAt(line, length, from + 1) == '\'') {
            line[to] = '\'';
            return 2;
        }
        line[to] = (byte) c;
        return 1;
    }

    private static int skipBlanks(byte[] line, int length, int at) {
        while (at < length && isSpace(line[at] & 0xFF)) {
            at++;
        }
        return at;
    }

    private static boolean endsArgument(int c) {
        return c == END || isSpace(c);
    }

    /** C's isspace in the C locale. */
    private static boolean isSpace(int c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == 0x0C || c == '\r';
    }

    private static int hexValue(int c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private static int byteAt(byte[] line, int length, int at) {
        return at < length ? line[at] & 0xFF : END;
    }
}
