package io.forkline.server.config;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Redis's argument syntax for configuration lines (sdssplitargs) and its inverse (sdscatrepr):
 * arguments separated by blanks; {@code "double quotes"} with {@code \n \r \t \b \a \xHH} and
 * backslash escapes; {@code 'single quotes'} where only {@code \'} is an escape; a closing quote must
 * be followed by a blank or the end. Arguments are UTF-8 text: {@code \xHH} escapes give bytes,
 * and the bytes of an argument must decode as UTF-8.
 */
final class ArgumentSplitter {

    private static final String UNBALANCED = "Unbalanced quotes in configuration line";

    private ArgumentSplitter() {
    }

    static List<String> split(String line) throws LineSplitException {
        List<String> arguments = new ArrayList<>();
        int position = 0;
        while (true) {
            while (position < line.length() && isSpace(line.charAt(position))) {
                position++;
            }
            if (position >= line.length()) {
                return arguments;
            }
            Token token = new Token(line);
            position = token.read(position);
            arguments.add(token.text());
        }
    }

    /** The value as one argument that {@link #split} reads back unchanged: always quoted, like sdscatrepr. */
    static String quote(String value) {
        StringBuilder quoted = new StringBuilder(value.length() + 2).append('"');
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            switch (b) {
                case '\\' -> quoted.append("\\\\");
                case '"' -> quoted.append("\\\"");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                case 7 -> quoted.append("\\a");
                case '\b' -> quoted.append("\\b");
                default -> {
                    if (b >= 0x20 && b < 0x7f) {
                        quoted.append((char) b);
                    } else {
                        quoted.append(String.format("\\x%02x", b & 0xff));
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }

    /** The value as is when {@link #split} reads it back as one argument, else {@link #quote quoted}. */
    static String quoteIfNeeded(String value) {
        if (value.isEmpty()) {
            return quote(value);
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == '"' || c == '\'' || c == '\\') {
                return quote(value);
            }
        }
        return value;
    }

    /** C's isspace in the "C" locale. */
    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0b || c == '\f';
    }

    private static boolean isHexDigit(char c) {
        return Character.digit(c, 16) >= 0 && c < 0x80;
    }

    /** One argument being read: its bytes so far and the quoting state. */
    private static final class Token {

        private final String line;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        Token(String line) {
            this.line = line;
        }

        /** Reads the argument that starts at {@code start}; returns the position after it. */
        int read(int start) throws LineSplitException {
            int position = start;
            while (position < line.length()) {
                char c = line.charAt(position);
                if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
                    return position + 1;
                } else if (c == '"') {
                    position = readDoubleQuoted(position + 1);
                    return position;
                } else if (c == '\'') {
                    position = readSingleQuoted(position + 1);
                    return position;
                }
                position = appendCodePoint(position);
            }
            return position;
        }

        private int readDoubleQuoted(int start) throws LineSplitException {
            int position = start;
            while (position < line.length()) {
                char c = line.charAt(position);
                if (c == '\\' && position + 3 < line.length() && line.charAt(position + 1) == 'x'
                        && isHexDigit(line.charAt(position + 2)) && isHexDigit(line.charAt(position + 3))) {
                    bytes.write(Integer.parseInt(line, position + 2, position + 4, 16));
                    position += 4;
                } else if (c == '\\' && position + 1 < line.length()) {
                    position = appendEscaped(position + 1);
                } else if (c == '"') {
                    return closeQuote(position);
                } else {
                    position = appendCodePoint(position);
                }
            }
            throw unbalanced();
        }

        private int readSingleQuoted(int start) throws LineSplitException {
            int position = start;
            while (position < line.length()) {
                char c = line.charAt(position);
                if (c == '\\' && position + 1 < line.length() && line.charAt(position + 1) == '\'') {
                    bytes.write('\'');
                    position += 2;
                } else if (c == '\'') {
                    return closeQuote(position);
                } else {
                    position = appendCodePoint(position);
                }
            }
            throw unbalanced();
        }

        /** A closing quote must end the line or be followed by a blank, which it consumes. */
        private int closeQuote(int quote) throws LineSplitException {
            int next = quote + 1;
            if (next < line.length() && !isSpace(line.charAt(next))) {
                throw unbalanced();
            }
            return Math.min(next + 1, line.length());
        }

        /** The character after a backslash: a control character for n r t b a, else itself. */
        private int appendEscaped(int position) {
            int control = switch (line.charAt(position)) {
                case 'n' -> '\n';
                case 'r' -> '\r';
                case 't' -> '\t';
                case 'b' -> '\b';
                case 'a' -> 7;
                default -> -1;
            };
            if (control < 0) {
                return appendCodePoint(position);
            }
            bytes.write(control);
            return position + 1;
        }

        private int appendCodePoint(int position) {
            int codePoint = line.codePointAt(position);
            bytes.writeBytes(new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8));
            return position + Character.charCount(codePoint);
        }

        private LineSplitException unbalanced() {
            return new LineSplitException("unbalanced quotes in '" + line + "'", UNBALANCED);
        }

        String text() throws LineSplitException {
            try {
                return StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes.toByteArray()))
                        .toString();
            } catch (CharacterCodingException e) {
                throw new LineSplitException("an argument is not UTF-8 text in '" + line + "'", null);
            }
        }
    }
}
