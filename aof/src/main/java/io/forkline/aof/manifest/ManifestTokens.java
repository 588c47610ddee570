package io.forkline.aof.manifest;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Splits a manifest line into tokens as Redis's {@code sdssplitargs}: spaces separate, double quotes allow C escapes. */
final class ManifestTokens {

    private ManifestTokens() {
    }

    static List<String> split(String line, String file, int number) throws AofManifestException {
        List<String> tokens = new ArrayList<>();
        int i = 0;
        int n = line.length();
        while (true) {
            while (i < n && Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            if (i >= n) {
                return tokens;
            }
            ByteArrayOutputStream token = new ByteArrayOutputStream();
            char quote = line.charAt(i) == '"' || line.charAt(i) == '\'' ? line.charAt(i) : 0;
            if (quote != 0) {
                i++;
                while (true) {
                    if (i >= n) {
                        throw new AofManifestException(file, number, "unbalanced quotes");
                    }
                    char c = line.charAt(i);
                    if (c == quote) {
                        i++;
                        if (i < n && !Character.isWhitespace(line.charAt(i))) {
                            throw new AofManifestException(file, number, "a closing quote must be followed by a space");
                        }
                        break;
                    }
                    if (quote == '"' && c == '\\' && i + 1 < n) {
                        i = escape(line, i + 1, token);
                    } else if (quote == '\'' && c == '\\' && i + 1 < n && line.charAt(i + 1) == '\'') {
                        token.write('\'');
                        i += 2;
                    } else {
                        byte[] bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                        token.write(bytes, 0, bytes.length);
                        i++;
                    }
                }
            } else {
                int start = i;
                while (i < n && !Character.isWhitespace(line.charAt(i))) {
                    i++;
                }
                byte[] bytes = line.substring(start, i).getBytes(StandardCharsets.UTF_8);
                token.write(bytes, 0, bytes.length);
            }
            tokens.add(token.toString(StandardCharsets.UTF_8));
        }
    }

    /** Decodes the escape after a backslash at {@code at}; returns the index after it. */
    private static int escape(String line, int at, ByteArrayOutputStream token) {
        char c = line.charAt(at);
        if (c == 'x' && at + 2 < line.length() && isHex(line.charAt(at + 1)) && isHex(line.charAt(at + 2))) {
            token.write(Integer.parseInt(line.substring(at + 1, at + 3), 16));
            return at + 3;
        }
        token.write(switch (c) {
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'b' -> '\b';
            case 'a' -> 7;
            default -> c;
        });
        return at + 1;
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }
}
