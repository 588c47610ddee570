package io.forkline.server.config;

import io.forkline.pages.Seeded;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigRewriterTest {

    @TempDir
    Path root;

    private Path work;
    private ConfigParser parser;

    static LongStream seeds() {
        return Seeded.seeds(30);
    }

    @BeforeEach
    void setUp() throws IOException {
        work = root.toRealPath();
        parser = new ConfigParser(work);
    }

    private ServerConfig config(String... options) throws ConfigException {
        return parser.parse(null, List.of(options));
    }

    private static String lines(String... lines) {
        return String.join("\n", lines) + "\n";
    }

    @Test
    void keepsCommentsAndOrderUpdatesInPlaceAndAppendsTheRest() throws Exception {
        String old = lines(
                "# Redis configuration",
                "# port comment",
                "",
                "port 6379",
                "bind 127.0.0.1",
                "hash-max-ziplist-entries 512",
                "save 900 1",
                "save 300 10",
                "save 60 10000",
                "include extra.conf",
                "unknownthing 1",
                "requirepass \"old\"",
                "",
                "",
                "   # indented comment\r",
                "appendonly no");
        ServerConfig config = config("--port", "7000", "--hash-max-listpack-entries", "100", "--save", "3600 1",
                "--maxmemory", "1gb", "--dbfilename", "my dump.rdb");

        assertThat(ConfigRewriter.rewrite(old, config)).isEqualTo(lines(
                "# Redis configuration",
                "# port comment",
                "",
                "port 7000",
                "",
                "hash-max-listpack-entries 100",
                "save 3600 1",
                "",
                "include extra.conf",
                "# ??? unknownthing 1",
                "",
                "# indented comment",
                "appendonly no",
                "",
                ConfigRewriter.SIGNATURE,
                "dir \"" + work + "\"",
                "dbfilename \"my dump.rdb\"",
                "maxmemory 1gb"));
    }

    @Test
    void anEmptyFileGetsWhatIsNotDefaultPlusDirAndSaveWhichAreAlwaysWritten() throws Exception {
        assertThat(ConfigRewriter.rewrite("", config("--appendfsync", "always", "--client-output-buffer-limit",
                "pubsub 64mb 16mb 90", "--proto-max-bulk-len", "1g"))).isEqualTo(lines(
                ConfigRewriter.SIGNATURE,
                "client-output-buffer-limit pubsub 64mb 16mb 90",
                "proto-max-bulk-len 1000000000",
                "dir \"" + work + "\"",
                "save 3600 1",
                "save 300 100",
                "save 60 10000",
                "appendfsync always"));
    }

    @Test
    void theSignatureIsWrittenOnce() throws Exception {
        String once = ConfigRewriter.rewrite(lines("port 1"), config("--timeout", "5"));
        String twice = ConfigRewriter.rewrite(once, config("--timeout", "5", "--hz", "20"));
        assertThat(twice.split(ConfigRewriter.SIGNATURE, -1)).hasSize(2);
        assertThat(twice).endsWith("hz 20\n").contains("timeout 5\n");
    }

    @Test
    void disabledSaveIsWrittenAsSaveEmptyAndUnsetValuesLoseTheirLines() throws Exception {
        String rewritten = ConfigRewriter.rewrite(lines("save 1 1", "requirepass \"x\"", "bind 10.0.0.1", "logfile x.log"),
                config("--save", ""));
        assertThat(rewritten).isEqualTo(lines("save \"\"", "", "logfile \"\"", "", ConfigRewriter.SIGNATURE,
                "dir \"" + work + "\""));
    }

    @Test
    void writesValuesSoTheyReadBack() throws Exception {
        String rewritten = ConfigRewriter.rewrite("", config("--requirepass", "a \"b\"\n\\é", "--bind", "* -::*",
                "--bind", "", "--client-output-buffer-limit", "normal 1kb 1000 5"));
        assertThat(rewritten).contains("requirepass \"a \\\"b\\\"\\n\\\\\\xc3\\xa9\"\n", "bind \"\"\n",
                "client-output-buffer-limit normal 1kb 1000 5\n");
    }

    @Test
    void clientOutputBufferLimitReusesOldLinesThenAppendsClassesThatDiffer() throws Exception {
        String rewritten = ConfigRewriter.rewrite(lines("client-output-buffer-limit normal 0 0 0"),
                config("--client-output-buffer-limit", "pubsub 1mb 1mb 1"));
        assertThat(rewritten).startsWith(lines("client-output-buffer-limit normal 0 0 0", "",
                ConfigRewriter.SIGNATURE, "client-output-buffer-limit pubsub 1mb 1mb 1"));
    }

    @Test
    void unparsableLinesAndUnknownDirectivesBecomeComments() throws Exception {
        String rewritten = ConfigRewriter.rewrite(lines("requirepass \"unbalanced", "loadmodule x.so",
                "list-max-ziplist-entries 512"), ServerConfig.defaults().with(ConfigTable.DIR, work));
        assertThat(rewritten).startsWith(lines("# ??? requirepass \"unbalanced", "# ??? loadmodule x.so",
                "# ??? list-max-ziplist-entries 512"));
    }

    @Test
    void aDefaultValueAlreadyInTheFileStaysThere() throws Exception {
        assertThat(ConfigRewriter.rewrite(lines("Port 6379", "HZ 10", "dir /somewhere"), config()))
                .isEqualTo(lines("port 6379", "hz 10", "dir \"" + work + "\"", "", ConfigRewriter.SIGNATURE,
                        "save 3600 1", "save 300 100", "save 60 10000"));
    }

    @Test
    void anIncludeLineIsKeptAndTheIncludedValuesStillLoad() throws Exception {
        Files.writeString(work.resolve("extra.conf"), "timeout 30\nhz 50\n");
        Path file = work.resolve("redis.conf");
        Files.writeString(file, lines("include extra.conf", "# my port", "port 7000"));
        RuntimeConfig runtime = new RuntimeConfig(parser.parse(file, List.of()), file);
        runtime.set(List.of("port", "7001", "maxmemory", "2mb"));
        runtime.rewrite();
        assertThat(Files.readString(file)).startsWith(lines("include extra.conf", "# my port", "port 7001"));
        assertThat(parser.parse(file, List.of())).isEqualTo(runtime.current());
        assertThat(parser.parse(file, List.of()).timeout()).isEqualTo(30);
    }

    @Test
    void rewritingAFileReplacesItAtomicallyWithReadableMode() throws Exception {
        Path file = work.resolve("redis.conf");
        ConfigRewriter.rewrite(file, config("--port", "1"));
        assertThat(Files.readString(file)).contains("port 1\n");
        Files.writeString(file, "# mine\nport 1\n");
        ConfigRewriter.rewrite(file, config("--port", "2"));
        assertThat(Files.readString(file)).startsWith("# mine\nport 2\n");
        try (Stream<Path> files = Files.list(work)) {
            assertThat(files).containsExactly(file);
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r--r--");
    }

    /**
     * A random old file (directives under names and aliases in any case, comments, blanks, lines no
     * directive reads) and a config read from it, changed by random CONFIG SETs (some back to the
     * default, which a stale old line would hide): the rewritten file
     * reads back as that config, and keeps every comment, in order.
     */
    @ParameterizedTest
    @MethodSource("seeds")
    void rewrittenFilesReadBackAsTheConfigAndKeepCommentsInOrder(long seed) throws IOException {
        List<Path> directories = List.of(work, Files.createDirectories(work.resolve("data")),
                Files.createDirectories(work.resolve("other dir")));
        Seeded.run(seed, random -> {
            for (int round = 0; round < 10; round++) {
                roundTrip(random, new RandomValues(random, directories));
            }
        });
    }

    private void roundTrip(Random random, RandomValues values) throws Exception {
        List<ConfigDirective<?>> directives = ConfigTable.standard().directives();
        List<String> readable = new ArrayList<>();
        List<String> old = new ArrayList<>();
        for (int i = random.nextInt(40); i > 0; i--) {
            switch (random.nextInt(6)) {
                case 0 -> old.add((random.nextBoolean() ? "  " : "") + "# comment " + i);
                case 1 -> old.add(random.nextBoolean() ? "" : " \t");
                case 2 -> old.add(random.nextBoolean() ? "no-such-directive " + i : "port \"" + i);
                default -> {
                    ConfigDirective<?> directive = directives.get(random.nextInt(directives.size()));
                    String line = values.line(directive, values.arguments(directive));
                    readable.add(line);
                    old.add(line);
                }
            }
        }
        Path file = work.resolve("redis.conf");
        Files.writeString(file, String.join("\n", readable) + "\n");
        RuntimeConfig runtime = new RuntimeConfig(parser.parse(file, List.of()), file);
        for (int i = random.nextInt(8); i > 0; i--) {
            ConfigDirective<?> directive = directives.get(random.nextInt(directives.size()));
            if (directive.isMutable()) {
                String value = random.nextInt(3) == 0 ? directive.show(ServerConfig.defaults())
                        : RandomValues.setValue(values.arguments(directive));
                runtime.set(List.of(directive.name(), value));
            }
        }

        String rewritten = ConfigRewriter.rewrite(String.join("\n", old) + "\n", runtime.current());
        Files.writeString(file, rewritten);
        assertThat(parser.parse(file, List.of())).as(rewritten).isEqualTo(runtime.current());
        List<String> comments = old.stream().map(String::strip).filter(line -> line.startsWith("#")).toList();
        List<String> kept = Stream.of(rewritten.split("\n")).filter(line -> line.startsWith("# comment")).toList();
        assertThat(kept).isEqualTo(comments);
    }
}
