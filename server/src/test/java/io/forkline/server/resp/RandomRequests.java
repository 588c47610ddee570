package io.forkline.server.resp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random commands and a random encoding of them: multibulk, inline (bare, double- or single-quoted
 * arguments, blanks, with or without {@code '\r'}), with empty requests in between. Remembers where each
 * request starts in the stream, so a test can tell which request a byte belongs to.
 */
final class RandomRequests {

    private static final String[] EMPTY_REQUESTS = {"*0\r\n", "*-1\r\n", "*-42\r\n", "\r\n", "\n", " \t \r\n", "\f\u000b\n"};

    private final Random random;
    private final ByteArrayOutputStream stream = new ByteArrayOutputStream();
    private final List<List<String>> commands = new ArrayList<>();
    private final List<Integer> requestStarts = new ArrayList<>();

    RandomRequests(Random random) {
        this.random = random;
    }

    /** Adds {@code count} commands, each maybe preceded by empty requests. */
    RandomRequests add(int count) {
        for (int i = 0; i < count; i++) {
            while (random.nextInt(5) == 0) {
                start();
                write(EMPTY_REQUESTS[random.nextInt(EMPTY_REQUESTS.length)]);
            }
            List<String> command = command();
            commands.add(command);
            start();
            String inline = random.nextBoolean() ? inline(command) : null;
            write(inline != null ? inline : multibulk(command));
        }
        return this;
    }

    byte[] stream() {
        return stream.toByteArray();
    }

    List<List<String>> commands() {
        return commands;
    }

    /** How many bytes of its request come before stream offset {@code at}; 0 at a request's start. */
    long bytesBeforeInItsRequest(int at) {
        int start = 0;
        for (int requestStart : requestStarts) {
            if (requestStart <= at) {
                start = requestStart;
            }
        }
        return at == stream.size() ? 0 : at - start;
    }

    private void start() {
        requestStarts.add(stream.size());
    }

    private List<String> command() {
        int count = 1 + random.nextInt(random.nextInt(10) == 0 ? 40 : 6);
        List<String> command = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            command.add(argument());
        }
        return command;
    }

    private String argument() {
        int kind = random.nextInt(40);
        int length = kind < 4 ? 0 : kind == 4 ? random.nextInt(70_000) : kind < 13 ? random.nextInt(300) : 1 + random.nextInt(12);
        boolean binary = random.nextInt(3) == 0;
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = binary ? (char) random.nextInt(256) : (char) (' ' + random.nextInt(95));
        }
        return new String(chars);
    }

    private static String multibulk(List<String> command) {
        StringBuilder out = new StringBuilder("*").append(command.size()).append("\r\n");
        for (String argument : command) {
            out.append('$').append(argument.length()).append("\r\n").append(argument).append("\r\n");
        }
        return out.toString();
    }

    /** An inline line for the command, or null when it would be too long for one. */
    private String inline(List<String> command) {
        if (command.stream().mapToInt(String::length).sum() > 15_000) {
            return null;
        }
        StringBuilder out = new StringBuilder(random.nextInt(4) == 0 ? blank() : "");
        for (int i = 0; i < command.size(); i++) {
            out.append(i == 0 ? "" : blank()).append(inlineArgument(command.get(i)));
        }
        out.append(random.nextBoolean() ? " " : "").append(random.nextBoolean() ? "\r\n" : "\n");
        if (out.charAt(0) == '*') {
            out.insert(0, ' ');
        }
        return out.length() < 60_000 ? out.toString() : null;
    }

    private String blank() {
        return random.nextBoolean() ? " " : "\t".repeat(1 + random.nextInt(2));
    }

    private String inlineArgument(String argument) {
        if (isBare(argument) && random.nextBoolean()) {
            return argument;
        }
        if (canBeSingleQuoted(argument) && random.nextBoolean()) {
            return "'" + argument.replace("'", "\\'") + "'";
        }
        return doubleQuoted(argument);
    }

    private static boolean isBare(String argument) {
        return !argument.isEmpty() && argument.chars().noneMatch(c -> " \t\n\r\u000b\f\"'\0".indexOf(c) >= 0);
    }

    private static boolean canBeSingleQuoted(String argument) {
        return argument.chars().noneMatch(c -> c == '\n' || c == 0) && !argument.endsWith("\\");
    }

    private String doubleQuoted(String argument) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : argument.toCharArray()) {
            out.append(switch (c) {
                case '"' -> "\\\"";
                case '\\' -> "\\\\";
                case '\n' -> "\\n";
                case '\r' -> random.nextBoolean() ? "\\r" : "\r";
                case '\t' -> random.nextBoolean() ? "\\t" : "\t";
                default -> c >= ' ' && c < 127 && random.nextInt(8) != 0 ? String.valueOf(c) : hexEscape(c);
            });
        }
        return out.append('"').toString();
    }

    private String hexEscape(char c) {
        String digits = random.nextBoolean() ? "0123456789abcdef" : "0123456789ABCDEF";
        return "\\x" + digits.charAt(c >> 4) + digits.charAt(c & 0xF);
    }

    private void write(String latin1) {
        stream.writeBytes(latin1.getBytes(StandardCharsets.ISO_8859_1));
    }
}
