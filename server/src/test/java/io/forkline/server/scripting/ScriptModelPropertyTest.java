package io.forkline.server.scripting;

import io.forkline.pages.Seeded;
import io.forkline.server.ForklineServer;
import io.forkline.server.RespConnection;
import io.forkline.server.ServerSettings;
import io.forkline.server.config.ConfigParser;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeded random string commands, some sent directly and some gathered into EVAL scripts (each call through
 * redis.pcall, its reply one element of the script's result), against a Java map: every reply must be the
 * model's. Then the server restarts from its AOF, which holds the scripts' effects, not the scripts, and the
 * data must still be the model's.
 */
class ScriptModelPropertyTest {

    private static final String NOT_AN_INTEGER = "-ERR value is not an integer or out of range\r\n";

    static LongStream seeds() {
        return Seeded.seeds(8);
    }

    @TempDir
    Path dir;

    @ParameterizedTest
    @MethodSource("seeds")
    void repliesAndTheReplayedDataMatchTheModel(long seed) throws Exception {
        ServerSettings settings = ServerSettings.of(new ConfigParser().parseCommandLine(List.of("--port", "0", "--bind", "127.0.0.1",
                "--dir", dir.toString(), "--save", "", "--appendonly", "yes")), "");
        Map<String, String> model = new TreeMap<>();
        ForklineServer server = ForklineServer.start(settings);
        try (RespConnection client = new RespConnection(server.port())) {
            Seeded.run(seed, random -> {
                for (int step = 0; step < 60; step++) {
                    List<String[]> commands = new ArrayList<>();
                    List<String> expected = new ArrayList<>();
                    int count = 1 + random.nextInt(6);
                    for (int i = 0; i < count; i++) {
                        String[] command = command(random);
                        commands.add(command);
                        expected.add(apply(model, command));
                    }
                    if (random.nextBoolean()) {
                        for (int i = 0; i < count; i++) {
                            assertThat(client.call(commands.get(i))).as("%s", String.join(" ", commands.get(i))).isEqualTo(expected.get(i));
                        }
                    } else {
                        String script = script(commands);
                        assertThat(client.call("EVAL", script, "0")).as(script).isEqualTo("*" + count + "\r\n" + String.join("", expected));
                    }
                }
            });
        } finally {
            server.close();
        }
        ForklineServer again = ForklineServer.start(settings);
        try (RespConnection client = new RespConnection(again.port())) {
            Seeded.run(seed, random -> {
                for (int k = 0; k < 8; k++) {
                    String key = "k" + k;
                    String value = model.get(key);
                    assertThat(client.call("GET", key)).as(key)
                            .isEqualTo(value == null ? "$-1\r\n" : "$" + value.length() + "\r\n" + value + "\r\n");
                }
            });
        } finally {
            again.close();
        }
    }

    private static String[] command(Random random) {
        String key = "k" + random.nextInt(8);
        return switch (random.nextInt(6)) {
            case 0 -> new String[] {"SET", key, random.nextBoolean() ? Integer.toString(random.nextInt(100)) : "v" + random.nextInt(10)};
            case 1 -> new String[] {"INCRBY", key, Integer.toString(random.nextInt(21) - 10)};
            case 2 -> new String[] {"APPEND", key, Integer.toString(random.nextInt(10))};
            case 3 -> new String[] {"DEL", key};
            case 4 -> new String[] {"GET", key};
            default -> new String[] {"STRLEN", key};
        };
    }

    /** The command's reply according to the model, which it updates. */
    private static String apply(Map<String, String> model, String[] command) {
        String key = command[1];
        String value = model.get(key);
        switch (command[0]) {
            case "SET" -> {
                model.put(key, command[2]);
                return "+OK\r\n";
            }
            case "INCRBY" -> {
                if (value != null && !value.matches("0|-?[1-9][0-9]{0,17}")) {
                    return NOT_AN_INTEGER;   // Redis's string2ll: no leading zeros, no sign on zero ("08" is no number)
                }
                long current = value == null ? 0 : Long.parseLong(value);
                long next = current + Long.parseLong(command[2]);
                model.put(key, Long.toString(next));
                return ":" + next + "\r\n";
            }
            case "APPEND" -> {
                String next = (value == null ? "" : value) + command[2];
                model.put(key, next);
                return ":" + next.length() + "\r\n";
            }
            case "DEL" -> {
                return model.remove(key) == null ? ":0\r\n" : ":1\r\n";
            }
            case "GET" -> {
                return value == null ? "$-1\r\n" : "$" + value.length() + "\r\n" + value + "\r\n";
            }
            default -> {
                return ":" + (value == null ? 0 : value.length()) + "\r\n";
            }
        }
    }

    /** A script that runs the commands through redis.pcall and returns their replies; a nil reply stays false. */
    private static String script(List<String[]> commands) {
        StringBuilder lua = new StringBuilder("local r = {}\n");
        for (int i = 0; i < commands.size(); i++) {
            lua.append("r[").append(i + 1).append("] = redis.pcall(");
            String[] command = commands.get(i);
            for (int a = 0; a < command.length; a++) {
                lua.append(a == 0 ? "" : ", ").append('\'').append(command[a]).append('\'');
            }
            lua.append(")\n");
        }
        return lua.append("return r").toString();
    }
}
