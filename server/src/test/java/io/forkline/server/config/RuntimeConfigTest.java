package io.forkline.server.config;

import io.forkline.pages.Seeded;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RuntimeConfigTest {

    @TempDir
    Path root;

    private final RuntimeConfig runtime = new RuntimeConfig(ServerConfig.defaults());

    static LongStream seeds() {
        return Seeded.seeds(20);
    }

    // --- CONFIG GET

    @Test
    void getsOneDirectiveByNameInAnyCase() {
        assertThat(runtime.get(List.of("port"))).containsExactly(Map.entry("port", "6379"));
        assertThat(runtime.get(List.of("PORT"))).containsExactly(Map.entry("port", "6379"));
        assertThat(runtime.get(List.of("hash-max-ziplist-entries")))
                .containsExactly(Map.entry("hash-max-ziplist-entries", "512"));
        assertThat(runtime.get(List.of("no-such-thing"))).isEmpty();
    }

    @Test
    void getsEveryNameAndAliasAGlobMatches() {
        assertThat(runtime.get(List.of("*max-*-entries*"))).containsExactly(
                Map.entry("hash-max-listpack-entries", "512"), Map.entry("hash-max-ziplist-entries", "512"),
                Map.entry("set-max-intset-entries", "512"), Map.entry("set-max-listpack-entries", "128"),
                Map.entry("zset-max-listpack-entries", "128"), Map.entry("zset-max-ziplist-entries", "128"));
        assertThat(runtime.get(List.of("nothing*"))).isEmpty();
    }

    @Test
    void getsSeveralPatternsOnceEach() {
        assertThat(runtime.get(List.of("port", "*fsync*", "p?rt", "bind", "APPENDFSYNC"))).containsExactly(
                Map.entry("port", "6379"), Map.entry("appendfsync", "everysec"),
                Map.entry("no-appendfsync-on-rewrite", "no"), Map.entry("aof-rewrite-incremental-fsync", "yes"),
                Map.entry("bind", "127.0.0.1"));
        assertThat(runtime.get(List.of("*"))).hasSize(ConfigTable.standard().directives().size() + 6);
    }

    // --- CONFIG SET

    @Test
    void setsSeveralDirectivesAtOnce() throws Exception {
        runtime.set(List.of("maxmemory", "1gb", "Hash-Max-Ziplist-Entries", "7", "appendfsync", "ALWAYS"));
        ServerConfig config = runtime.current();
        assertThat(config.maxmemory()).isEqualTo(1L << 30);
        assertThat(config.hashMaxListpackEntries()).isEqualTo(7);
        assertThat(config.appendfsync()).isEqualTo(AppendFsync.ALWAYS);
        assertThat(runtime.get(List.of("maxmemory", "hash-max-listpack-entries"))).containsExactly(
                Map.entry("maxmemory", "1073741824"), Map.entry("hash-max-listpack-entries", "7"));
    }

    @Test
    void setsSeveralArgumentValuesSplitAtSpaces() throws Exception {
        runtime.set(List.of("save", "100 1 200 2", "bind", "127.0.0.1 ::1",
                "client-output-buffer-limit", "pubsub 1mb 1mb 1 normal 2mb 2mb 2"));
        assertThat(runtime.current().save().toString()).isEqualTo("100 1 200 2");
        assertThat(runtime.current().bind()).containsExactly("127.0.0.1", "::1");
        assertThat(runtime.current().clientOutputBufferLimits().replica())
                .isEqualTo(ClientOutputBufferLimits.REDIS_DEFAULTS.replica());
        runtime.set(List.of("save", "", "bind", ""));
        assertThat(runtime.current().save().isDisabled()).isTrue();
        assertThat(runtime.current().bind()).isEmpty();
    }

    @Test
    void keepsHzWithinRedisLimits() throws Exception {
        runtime.set(List.of("hz", "1000"));
        assertThat(runtime.get(List.of("hz"))).containsEntry("hz", "500");
        runtime.set(List.of("hz", "0"));
        assertThat(runtime.current().hz()).isEqualTo(1);
    }

    @Test
    void isAllOrNothing() throws Exception {
        ServerConfig before = runtime.current();
        assertThatThrownBy(() -> runtime.set(List.of("maxmemory", "1mb", "port", "abc", "timeout", "5")))
                .isInstanceOf(ConfigSetException.class)
                .hasMessage("ERR CONFIG SET failed (possibly related to argument 'port') - argument couldn't be parsed"
                        + " into an integer");
        assertThat(runtime.current()).isSameAs(before);
    }

    @Test
    void refusesWithRedis7Replies() {
        assertSetFails(List.of("prot", "1"), "ERR Unknown option or number of arguments for CONFIG SET - 'prot'");
        assertSetFails(List.of("port", "1", "bogus"), "ERR syntax error");
        assertSetFails(List.of("databases", "4"),
                "ERR CONFIG SET failed (possibly related to argument 'databases') - can't set immutable config");
        assertSetFails(List.of("Daemonize", "no"),
                "ERR CONFIG SET failed (possibly related to argument 'Daemonize') - can't set immutable config");
        assertSetFails(List.of("dir", "/tmp"),
                "ERR CONFIG SET failed (possibly related to argument 'dir') - can't set protected config");
        assertSetFails(List.of("dbfilename", "x.rdb"),
                "ERR CONFIG SET failed (possibly related to argument 'dbfilename') - can't set protected config");
        assertSetFails(List.of("port", "1", "PORT", "2"),
                "ERR CONFIG SET failed (possibly related to argument 'PORT') - duplicate parameter");
        assertSetFails(List.of("hash-max-listpack-entries", "1", "hash-max-ziplist-entries", "2"),
                "ERR CONFIG SET failed (possibly related to argument 'hash-max-ziplist-entries') - duplicate parameter");
        assertSetFails(List.of("port", "70000"),
                "ERR CONFIG SET failed (possibly related to argument 'port') - argument must be between 0 and 65535 inclusive");
        assertSetFails(List.of("maxmemory", "lots"),
                "ERR CONFIG SET failed (possibly related to argument 'maxmemory') - argument must be a memory value");
        assertSetFails(List.of("appendonly", "sure"),
                "ERR CONFIG SET failed (possibly related to argument 'appendonly') - argument must be 'yes' or 'no'");
        assertSetFails(List.of("loglevel", "loud"), "ERR CONFIG SET failed (possibly related to argument 'loglevel')"
                + " - argument(s) must be one of the following: debug, verbose, notice, warning");
        assertSetFails(List.of("save", "100"),
                "ERR CONFIG SET failed (possibly related to argument 'save') - Invalid save parameters");
        assertSetFails(List.of("save", "100  1"),
                "ERR CONFIG SET failed (possibly related to argument 'save') - Invalid save parameters");
        assertSetFails(List.of("client-output-buffer-limit", "master 0 0 0"), "ERR CONFIG SET failed (possibly related"
                + " to argument 'client-output-buffer-limit') - Invalid client class specified in buffer limit configuration.");
        assertSetFails(List.of("zset-max-ziplist-value", "-1"), "ERR CONFIG SET failed (possibly related to argument"
                + " 'zset-max-ziplist-value') - argument must be a memory value");
    }

    @Test
    void theFirstProblemInArgumentOrderWins() {
        assertSetFails(List.of("databases", "1", "prot", "1"),
                "ERR CONFIG SET failed (possibly related to argument 'databases') - can't set immutable config");
        assertSetFails(List.of("prot", "1", "databases", "1"),
                "ERR Unknown option or number of arguments for CONFIG SET - 'prot'");
        assertSetFails(List.of("port", "x", "databases", "1"),
                "ERR CONFIG SET failed (possibly related to argument 'databases') - can't set immutable config");
    }

    private void assertSetFails(List<String> namesAndValues, String reply) {
        ServerConfig before = runtime.current();
        assertThatThrownBy(() -> runtime.set(namesAndValues)).isInstanceOf(ConfigSetException.class).hasMessage(reply);
        assertThat(runtime.current()).isSameAs(before);
    }

    @Test
    void settingEveryMutableDirectiveToWhatGetShowsChangesNothing() throws Exception {
        for (ServerConfig start : List.of(ServerConfig.defaults(), sampleConfig())) {
            RuntimeConfig config = new RuntimeConfig(start);
            for (ConfigDirective<?> directive : ConfigTable.standard().directives()) {
                if (directive.isMutable()) {
                    config.set(List.of(directive.name(), directive.show(config.current())));
                }
            }
            assertThat(config.current()).isEqualTo(start);
        }
    }

    private ServerConfig sampleConfig() throws ConfigException {
        return new ConfigParser(root).parse(null, List.of("--bind", "* -::*", "--save", "", "--requirepass", "a b\"c",
                "--client-output-buffer-limit", "replica 1mb 2kb 3", "--maxmemory", "3gb", "--hz", "700"));
    }

    /**
     * A batch of random pairs, some invalid: it fails, leaving the config as it was, exactly when one
     * pair alone would fail or a directive repeats; else it equals the pairs applied one at a time.
     */
    @ParameterizedTest
    @MethodSource("seeds")
    void aBatchSucceedsExactlyWhenEachPairWouldAndEqualsThemOneByOne(long seed) {
        Seeded.run(seed, random -> {
            RandomValues values = new RandomValues(random, List.of(root));
            List<ConfigDirective<?>> mutable = ConfigTable.standard().directives().stream()
                    .filter(ConfigDirective::isMutable).toList();
            for (int round = 0; round < 50; round++) {
                List<String> batch = new ArrayList<>();
                for (int pair = 1 + random.nextInt(4); pair > 0; pair--) {
                    ConfigDirective<?> directive = mutable.get(random.nextInt(mutable.size()));
                    batch.add(directive.name());
                    batch.add(random.nextInt(6) == 0 ? "bad value" : RandomValues.setValue(values.arguments(directive)));
                }
                checkBatch(batch);
            }
        });
    }

    private void checkBatch(List<String> batch) throws Exception {
        ServerConfig before = runtime.current();
        RuntimeConfig oneByOne = new RuntimeConfig(before);
        boolean eachSucceeds = true;
        Set<String> names = new HashSet<>();
        for (int i = 0; i < batch.size(); i += 2) {
            eachSucceeds &= names.add(batch.get(i));
            try {
                oneByOne.set(batch.subList(i, i + 2));
            } catch (ConfigSetException e) {
                eachSucceeds = false;
            }
        }
        try {
            runtime.set(batch);
            assertThat(eachSucceeds).as("succeeded: %s", batch).isTrue();
            assertThat(runtime.current()).isEqualTo(oneByOne.current());
        } catch (ConfigSetException e) {
            assertThat(eachSucceeds).as("failed: %s with %s", batch, e.getMessage()).isFalse();
            assertThat(runtime.current()).isSameAs(before);
        }
    }

    // --- listeners

    @Test
    void aListenerHearsOnceOfChangesToWhatItWatches() throws Exception {
        List<String> heard = new ArrayList<>();
        runtime.addListener((previous, next) -> heard.add(previous.hz() + "->" + next.hz() + " " + next.appendfsync()),
                ConfigTable.HZ, ConfigTable.APPENDFSYNC);
        runtime.set(List.of("hz", "20", "appendfsync", "always", "port", "1"));
        runtime.set(List.of("port", "2"));
        runtime.set(List.of("hz", "20"));
        runtime.set(List.of("hz", "30"));
        assertThat(heard).containsExactly("10->20 ALWAYS", "20->30 ALWAYS");
    }

    @Test
    void aListenerSeesTheOldConfigAsCurrentUntilAllAccepted() throws Exception {
        List<Integer> seen = new ArrayList<>();
        runtime.addListener((previous, next) -> seen.add(runtime.current().port()), ConfigTable.PORT);
        runtime.set(List.of("port", "7000"));
        assertThat(seen).containsExactly(6379);
        assertThat(runtime.current().port()).isEqualTo(7000);
    }

    @Test
    void aRefusingListenerUndoesTheWholeSet() {
        List<String> calls = new ArrayList<>();
        runtime.addListener((previous, next) -> calls.add("hz " + previous.hz() + "->" + next.hz()), ConfigTable.HZ);
        runtime.addListener((previous, next) -> {
            throw new ConfigApplyException("Unable to listen on this port. Check server logs.");
        }, ConfigTable.PORT);
        runtime.addListener((previous, next) -> calls.add("never"), ConfigTable.TIMEOUT);
        ServerConfig before = runtime.current();

        assertThatThrownBy(() -> runtime.set(List.of("hz", "50", "Port", "80", "timeout", "9")))
                .isInstanceOf(ConfigSetException.class)
                .hasMessage("ERR CONFIG SET failed (possibly related to argument 'port') - Unable to listen on this port."
                        + " Check server logs.");
        assertThat(runtime.current()).isSameAs(before);
        assertThat(calls).containsExactly("hz 10->50", "hz 50->10");
    }

    @Test
    void aFailedUndoIsKeptWithTheRefusal() {
        runtime.addListener((previous, next) -> {
            if (next.hz() == 10) {
                throw new ConfigApplyException("cannot go back");
            }
        }, ConfigTable.HZ);
        runtime.addListener((previous, next) -> {
            throw new ConfigApplyException("no");
        }, ConfigTable.PORT);
        assertThatThrownBy(() -> runtime.set(List.of("hz", "50", "port", "80")))
                .isInstanceOf(ConfigSetException.class)
                .hasMessageEndingWith("- no")
                .hasRootCauseInstanceOf(ConfigApplyException.class)
                .satisfies(e -> assertThat(e.getCause().getSuppressed()).extracting(Throwable::getMessage)
                        .containsExactly("cannot go back"));
    }

    @Test
    void aListenerMustWatchSomething() {
        assertThatThrownBy(() -> runtime.addListener((previous, next) -> { }))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // --- CONFIG REWRITE

    @Test
    void rewritesTheFileItStartedFrom() throws Exception {
        Path file = root.resolve("redis.conf");
        java.nio.file.Files.writeString(file, "# mine\nport 6000\n");
        RuntimeConfig started = new RuntimeConfig(new ConfigParser(root).parse(file, List.of()), file);
        assertThat(started.configFile()).contains(file);
        started.set(List.of("port", "6001"));
        started.rewrite();
        assertThat(java.nio.file.Files.readString(file)).startsWith("# mine\nport 6001\n");
        assertThat(new ConfigParser(root).parse(file, List.of())).isEqualTo(started.current());
    }

    @Test
    void rewriteFailsWithRedisRepliesWithoutAFileOrWhenTheFileCannotBeWritten() {
        assertThat(runtime.configFile()).isEmpty();
        assertThatThrownBy(runtime::rewrite).isInstanceOf(ConfigRewriteException.class)
                .hasMessage("ERR The server is running without a config file");
        RuntimeConfig nowhere = new RuntimeConfig(ServerConfig.defaults(), root.resolve("missing/redis.conf"));
        assertThatThrownBy(nowhere::rewrite).isInstanceOf(ConfigRewriteException.class)
                .hasMessage("ERR Rewriting config file: No such file or directory")
                .hasCauseInstanceOf(java.io.IOException.class);
    }
}
