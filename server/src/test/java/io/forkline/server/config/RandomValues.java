package io.forkline.server.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/** Random valid arguments for each directive, written the many ways redis.conf allows, for property tests. */
final class RandomValues {

    private static final String[] UNITS = {"", "b", "k", "kb", "m", "mb", "g", "gb"};
    private static final long[] MULTIPLIERS = {1, 1, 1000, 1024, 1_000_000, 1 << 20, 1_000_000_000, 1 << 30};
    private static final String[] ADDRESSES = {"127.0.0.1", "::1", "*", "-::*", "10.0.0.1", "192.168.1.2"};

    private final Random random;
    private final List<Path> directories;

    /** {@code directories}: existing directories a random dir may name. */
    RandomValues(Random random, List<Path> directories) {
        this.random = random;
        this.directories = directories;
    }

    /** Valid arguments for {@code directive}, one per element; for several-argument directives maybe {@code [""]}. */
    List<String> arguments(ConfigDirective<?> directive) {
        return switch (directive.name()) {
            case "bind" -> bind();
            case "save" -> save();
            case "client-output-buffer-limit" -> outputBufferLimits();
            case "dir" -> List.of(directories.get(random.nextInt(directories.size())).toString());
            case "daemonize" -> List.of(mixedCase("no"));
            case "requirepass", "logfile" -> List.of(ArgumentSplitterTest.randomText(random));
            case "dbfilename" -> List.of(random.nextInt(5) == 0 ? "" : baseName());
            case "appendfilename", "appenddirname" -> List.of(baseName());
            case "page-size" -> List.of(memory(4096L << random.nextInt(10), true));
            case "ring-size" -> List.of(Integer.toString(64 << random.nextInt(15)));
            default -> List.of(single(directive));
        };
    }

    /** A random selection of keyspace-notification class letters, possibly empty. */
    private String eventClasses() {
        String letters = "Ag$lshzxeKEtmdn";
        StringBuilder chosen = new StringBuilder();
        for (int i = 0; i < letters.length(); i++) {
            if (random.nextInt(3) == 0) {
                chosen.append(letters.charAt(i));
            }
        }
        return chosen.toString();
    }

    private String single(ConfigDirective<?> directive) {
        if (directive.type() == Boolean.class) {
            return mixedCase(random.nextBoolean() ? "yes" : "no");
        }
        if (directive.type().isEnum()) {
            Object[] constants = directive.type().getEnumConstants();
            return mixedCase(EnumSyntax.configName((Enum<?>) constants[random.nextInt(constants.length)]));
        }
        return switch (directive.name()) {
            case "port" -> Integer.toString(random.nextInt(65536));
            case "databases" -> Integer.toString(1 + random.nextInt(1000));
            case "maxclients" -> Long.toString(1 + (random.nextLong() & 0xFFFF_FFFFL) % 0xFFFF_FFFFL);
            case "hz" -> Integer.toString(random.nextInt(1000));
            case "notify-keyspace-events" -> eventClasses();
            case "list-max-listpack-size" -> Integer.toString(random.nextInt());
            case "slowlog-log-slower-than" -> Long.toString(random.nextLong(-1, 1_000_000));
            case "client-query-buffer-limit", "proto-max-bulk-len" -> memory(random.nextLong(1 << 20, 1L << 40), false);
            case "auto-aof-rewrite-min-size", "maxmemory", "hash-max-listpack-value", "zset-max-listpack-value" ->
                    memory(random.nextLong(0, 1L << 40), false);
            default -> Long.toString(random.nextInt(3) == 0 ? random.nextLong(0, Integer.MAX_VALUE) : random.nextInt(1000));
        };
    }

    /** {@code bytes} written with a random exact unit; {@code exact} keeps the value as is. */
    private String memory(long bytes, boolean exact) {
        int unit = random.nextInt(UNITS.length);
        long multiplier = MULTIPLIERS[unit];
        if (exact && bytes % multiplier != 0) {
            return Long.toString(bytes);
        }
        return Math.ceilDiv(bytes, multiplier) + mixedCase(UNITS[unit]);   // never below bytes, so within bounds
    }

    private List<String> bind() {
        int count = random.nextInt(4);
        if (count == 0) {
            return List.of("");
        }
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            addresses.add(ADDRESSES[random.nextInt(ADDRESSES.length)]);
        }
        return addresses;
    }

    private List<String> save() {
        int pairs = random.nextInt(4);
        if (pairs == 0) {
            return List.of("");
        }
        List<String> arguments = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
            arguments.add(Long.toString(1 + random.nextInt(100_000)));
            arguments.add(Integer.toString(random.nextInt(100_000)));
        }
        return arguments;
    }

    private List<String> outputBufferLimits() {
        String[] classes = {"normal", "replica", "slave", "pubsub"};
        List<String> arguments = new ArrayList<>();
        int groups = 1 + random.nextInt(3);
        for (int i = 0; i < groups; i++) {
            arguments.add(mixedCase(classes[random.nextInt(classes.length)]));
            arguments.add(memory(random.nextLong(0, 1L << 34), false));
            arguments.add(memory(random.nextLong(0, 1L << 34), false));
            arguments.add(Integer.toString(random.nextInt(1000)));
        }
        return arguments;
    }

    private String baseName() {
        String alphabet = "abcxyz019.-_ é";
        StringBuilder name = new StringBuilder();
        int length = 1 + random.nextInt(10);
        for (int i = 0; i < length; i++) {
            name.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return name.toString();
    }

    private String mixedCase(String text) {
        return switch (random.nextInt(3)) {
            case 0 -> text.toUpperCase(Locale.ROOT);
            case 1 -> text;
            default -> text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
        };
    }

    /** A config file line setting {@code directive} (by its name or an alias, in any case) to {@code arguments}. */
    String line(ConfigDirective<?> directive, List<String> arguments) {
        List<String> names = new ArrayList<>(directive.aliases());
        names.add(directive.name());
        String name = mixedCase(names.get(random.nextInt(names.size())));
        StringBuilder line = new StringBuilder(name);
        for (String argument : arguments) {
            line.append(random.nextInt(3) == 0 ? " \t " : " ");
            line.append(random.nextBoolean() ? ArgumentSplitter.quote(argument) : ArgumentSplitter.quoteIfNeeded(argument));
        }
        return line.toString();
    }

    /** The value as a CONFIG SET argument: several arguments joined by single spaces. */
    static String setValue(List<String> arguments) {
        return String.join(" ", arguments);
    }
}
