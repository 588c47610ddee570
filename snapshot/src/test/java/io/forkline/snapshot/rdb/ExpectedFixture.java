package io.forkline.snapshot.rdb;

import io.forkline.engine.command.EngineConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A fixture's NAME.expected (format: generate-rdb-fixtures.sh): what Redis held when it saved NAME*.rdb. */
record ExpectedFixture(Map<String, String> config, Map<String, KeyModel> keys, List<KeyModel> expired, List<String> functions,
                       List<String> streams) {

    static final Path DIRECTORY = Path.of("src/test/resources/rdb");

    static Path rdb(String name) {
        return DIRECTORY.resolve(name + ".rdb");
    }

    /** The expected content of NAME.rdb, or of types*.rdb for NAME "types-lru" and the like. */
    static ExpectedFixture of(String name) {
        String base = name.startsWith("types") ? "types" : name;
        try {
            return parse(Files.readAllLines(DIRECTORY.resolve(base + ".expected")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ExpectedFixture parse(List<String> lines) {
        Map<String, String> config = new LinkedHashMap<>();
        Map<String, KeyModel> keys = new LinkedHashMap<>();
        List<KeyModel> expired = new ArrayList<>();
        List<String> functions = new ArrayList<>();
        List<String> streams = new ArrayList<>();
        for (String line : lines) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split(" ");
            switch (f[0]) {
                case "config" -> config.put(f[1], f[2]);
                case "expired" -> expired.add(new KeyModel(Integer.parseInt(f[1]), f[2], "", "", Long.parseLong(f[3]), List.of()));
                case "function" -> functions.add(f[1]);
                case "stream" -> streams.add(f[1] + " " + f[2]);
                case "key" -> {
                    KeyModel key = key(f);
                    keys.put(key.db() + " " + key.key(), key);
                }
                default -> throw new IllegalArgumentException("unknown expected line: " + line);
            }
        }
        return new ExpectedFixture(config, keys, expired, functions, streams);
    }

    private static KeyModel key(String[] f) {
        String type = f[3];
        List<String> rest = Arrays.asList(f).subList(6, f.length);
        List<String> value = new ArrayList<>();
        switch (type) {
            case "hash" -> {
                for (int i = 0; i < rest.size(); i += 2) {
                    value.add(rest.get(i) + "=" + rest.get(i + 1));
                }
                value.sort(null);
            }
            case "zset" -> {
                for (int i = 0; i < rest.size(); i += 2) {
                    value.add(rest.get(i) + "=" + KeyModel.score(parseScore(rest.get(i + 1))));
                }
            }
            case "set" -> {
                value.addAll(rest);
                value.sort(null);
            }
            default -> value.addAll(rest);
        }
        return new KeyModel(Integer.parseInt(f[1]), f[2], type, f[4], Long.parseLong(f[5]), value);
    }

    private static double parseScore(String text) {
        return switch (text) {
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }

    /** The bytes of a fixture string ("x" + hex). */
    static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex.substring(1));
    }

    /** An engine configuration with the thresholds the fixture's server ran with. */
    EngineConfig engineConfig() {
        EngineConfig engine = new EngineConfig();
        config.forEach((name, value) -> {
            int v = Integer.parseInt(value);
            switch (name) {
                case "hash-max-listpack-entries" -> engine.hashMaxListpackEntries = v;
                case "hash-max-listpack-value" -> engine.hashMaxListpackValue = v;
                case "set-max-intset-entries" -> engine.setMaxIntsetEntries = v;
                case "zset-max-listpack-entries" -> engine.zsetMaxListpackEntries = v;
                case "zset-max-listpack-value" -> engine.zsetMaxListpackValue = v;
                case "list-max-listpack-size" -> engine.listMaxListpackSize = v;
                case "list-compress-depth" -> engine.listCompressDepth = v;
                default -> throw new IllegalArgumentException("unknown fixture config " + name);
            }
        });
        return engine;
    }
}
