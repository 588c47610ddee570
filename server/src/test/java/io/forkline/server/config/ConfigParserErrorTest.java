package io.forkline.server.config;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Every kind of configuration error, each naming where it is (file:line or command line) and what is wrong. */
class ConfigParserErrorTest {

    private static final String MEMORY = " bytes (units k, kb, m, mb, g, gb allowed), got '";

    @TempDir
    Path root;

    private Path work;
    private ConfigParser parser;

    @BeforeEach
    void setUp() throws IOException {
        work = root.toRealPath();
        parser = new ConfigParser(work);
        Files.writeString(work.resolve("a-file"), "not a directory\n");
    }

    static Stream<Arguments> badLines() {
        return Stream.of(
                arguments("prot 6379", "unknown directive 'prot' (Bad directive or wrong number of arguments)"),
                arguments("rename-command FLUSHALL \"\"",
                        "unknown directive 'rename-command' (Bad directive or wrong number of arguments)"),
                arguments("list-max-ziplist-entries 1 2",
                        "unknown directive 'list-max-ziplist-entries' (Bad directive or wrong number of arguments)"),
                arguments("port abc",
                        "'port' must be an integer from 0 to 65535, got 'abc' (argument couldn't be parsed into an integer)"),
                arguments("port 70000",
                        "'port' must be an integer from 0 to 65535, got '70000' (argument must be between 0 and 65535 inclusive)"),
                arguments("port 007",
                        "'port' must be an integer from 0 to 65535, got '007' (argument couldn't be parsed into an integer)"),
                arguments("port 1 2", "'port' takes one argument, got 2 (wrong number of arguments)"),
                arguments("port", "'port' takes one argument, got none (wrong number of arguments)"),
                arguments("databases 0",
                        "'databases' must be an integer from 1 to 2147483647, got '0' (argument must be between 1 and 2147483647 inclusive)"),
                arguments("maxclients 4294967296", "'maxclients' must be an integer from 1 to 4294967295, got '4294967296'"
                        + " (argument must be between 1 and 4294967295 inclusive)"),
                arguments("appendonly maybe", "'appendonly' must be yes or no, got 'maybe' (argument must be 'yes' or 'no')"),
                arguments("appendfsync sometimes", "'appendfsync' must be one of everysec, always, no, got 'sometimes'"
                        + " (argument(s) must be one of the following: everysec, always, no)"),
                arguments("loglevel loud", "'loglevel' must be one of debug, verbose, notice, warning, got 'loud'"
                        + " (argument(s) must be one of the following: debug, verbose, notice, warning)"),
                arguments("maxmemory-policy lru", "'maxmemory-policy' must be one of volatile-lru, volatile-lfu, "
                        + "volatile-random, volatile-ttl, allkeys-lru, allkeys-lfu, allkeys-random, noeviction, got 'lru'"
                        + " (argument(s) must be one of the following: volatile-lru, volatile-lfu, volatile-random, "
                        + "volatile-ttl, allkeys-lru, allkeys-lfu, allkeys-random, noeviction)"),
                arguments("snapshot-strategy fork", "'snapshot-strategy' must be one of fork-cow, stop-the-world, got 'fork'"
                        + " (argument(s) must be one of the following: fork-cow, stop-the-world)"),
                arguments("maxmemory 10xb", "'maxmemory' must be a size from 0 to 9223372036854775807" + MEMORY
                        + "10xb' (argument must be a memory value)"),
                arguments("maxmemory -1mb", "'maxmemory' must be a size from 0 to 9223372036854775807" + MEMORY
                        + "-1mb' (argument must be a memory value)"),
                arguments("proto-max-bulk-len 1kb", "'proto-max-bulk-len' must be a size from 1mb to 9223372036854775807"
                        + MEMORY + "1kb' (argument must be between 1048576 and 9223372036854775807 inclusive)"),
                arguments("page-size 1gb", "'page-size' must be a size from 4kb to 2mb" + MEMORY
                        + "1gb' (argument must be between 4096 and 2097152 inclusive)"),
                arguments("page-size 12kb", "'page-size' must be a power of two from 4kb to 2mb, got '12kb'"),
                arguments("ring-size 1000", "'ring-size' must be a power of two from 64 to 1048576, got '1000'"),
                arguments("ring-size 32", "'ring-size' must be an integer from 64 to 1048576, got '32' (argument must be"
                        + " between 64 and 1048576 inclusive)"),
                arguments("save 100", "'save' must be pairs of <seconds> <changes> (seconds at least 1, changes at least 0)"
                        + " or \"\", got '100' (Invalid save parameters)"),
                arguments("save 0 1", "'save' must be pairs of <seconds> <changes> (seconds at least 1, changes at least 0)"
                        + " or \"\", got '0 1' (Invalid save parameters)"),
                arguments("save 10 -1", "'save' must be pairs of <seconds> <changes> (seconds at least 1, changes at least 0)"
                        + " or \"\", got '10 -1' (Invalid save parameters)"),
                arguments("save \"10 x\"", "'save' must be pairs of <seconds> <changes> (seconds at least 1, changes at"
                        + " least 0) or \"\", got '10 x' (Invalid save parameters)"),
                arguments("client-output-buffer-limit normal 1 2", "'client-output-buffer-limit' must be groups of <class>"
                        + " <hard> <soft> <soft-seconds>, got 3 arguments (Wrong number of arguments in buffer limit configuration.)"),
                arguments("client-output-buffer-limit master 0 0 0", "'client-output-buffer-limit' client class must be"
                        + " normal, replica or pubsub, got 'master' (Invalid client class specified in buffer limit configuration.)"),
                arguments("client-output-buffer-limit normal 1x 0 0", "'client-output-buffer-limit' limits must be sizes"
                        + " and the seconds a number at least 0, got 'normal 1x 0 0' (Error in hard, soft or soft_seconds"
                        + " setting in buffer limit configuration.)"),
                arguments("client-output-buffer-limit pubsub 0 0 -1", "'client-output-buffer-limit' limits must be sizes"
                        + " and the seconds a number at least 0, got 'pubsub 0 0 -1' (Error in hard, soft or soft_seconds"
                        + " setting in buffer limit configuration.)"),
                arguments("bind 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17",
                        "'bind' takes at most 16 addresses, got 17 (Too many bind addresses specified.)"),
                arguments("dbfilename dir/dump.rdb", "'dbfilename' must be a file name without a path, got 'dir/dump.rdb'"
                        + " (dbfilename can't be a path, just a filename)"),
                arguments("appendfilename \"\"", "'appendfilename' must not be empty (appendfilename can't be empty)"),
                arguments("appenddirname a\\b", "'appenddirname' must be a directory name without a path, got 'a\\b'"
                        + " (appenddirname can't be a path, just a dirname)"),
                arguments("dir no-such-dir", "'dir' must be an existing directory, got 'no-such-dir' (No such file or directory)"),
                arguments("dir a-file", "'dir' must be an existing directory, got 'a-file' (Not a directory)"),
                arguments("dir \"\"", "'dir' must be an existing directory, got '' (No such file or directory)"),
                arguments("daemonize yes", "'daemonize' must be no: forkline does not daemonize (run it in the"
                        + " foreground, under a supervisor), got 'yes'"),
                arguments("requirepass \"abc", "unbalanced quotes in 'requirepass \"abc' (Unbalanced quotes in"
                        + " configuration line)"),
                arguments("requirepass 'abc'def", "unbalanced quotes in 'requirepass 'abc'def' (Unbalanced quotes in"
                        + " configuration line)"),
                arguments("requirepass \"\\xff\"", "an argument is not UTF-8 text in 'requirepass \"\\xff\"'"),
                arguments("include", "'include' takes one argument, got 0 (Bad directive or wrong number of arguments)"),
                arguments("include a b", "'include' takes one argument, got 2 (Bad directive or wrong number of arguments)"),
                arguments("include missing.conf", "can't open config file 'missing.conf': No such file or directory"),
                arguments("include a-file/x.conf", "can't open config file 'a-file/x.conf': Not a directory"),
                arguments("include \"a\\x00b\"", "can't open config file 'a\u0000b': not a valid path"));
    }

    @ParameterizedTest
    @MethodSource("badLines")
    void aBadLineNamesTheFileTheLineAndTheProblem(String badLine, String problem) throws IOException {
        Files.writeString(work.resolve("redis.conf"), "# header\n\nport 7000\n" + badLine + "\ntimeout 1\n");
        assertThatThrownBy(() -> parser.parse(Path.of("redis.conf"), List.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("redis.conf:4: " + problem)
                .satisfies(e -> {
                    assertThat(((ConfigException) e).source()).isEqualTo("redis.conf");
                    assertThat(((ConfigException) e).line()).isEqualTo(4);
                });
    }

    @ParameterizedTest
    @MethodSource("badLines")
    void theSameLineAsCommandLineOptionsNamesTheCommandLine(String badLine, String problem) throws Exception {
        if (problem.startsWith("unbalanced") || problem.contains("UTF-8")) {
            return;   // these are about a line's quoting, which command-line arguments do not have
        }
        List<String> tokens = ArgumentSplitter.split(badLine);
        if (tokens.size() == 1) {
            return;   // an option with no value: the command line reads it otherwise (see commandLineShapeErrorsAreNamed)
        }
        List<String> options = Stream.concat(Stream.of("--" + tokens.get(0)), tokens.stream().skip(1)).toList();
        assertThatThrownBy(() -> parser.parse(null, options))
                .isInstanceOf(ConfigException.class)
                .hasMessage("command line: " + problem)
                .satisfies(e -> assertThat(((ConfigException) e).line()).isZero());
    }

    @Test
    void anErrorInAnIncludedFileNamesThatFileAndItsLine() throws IOException {
        Files.writeString(work.resolve("redis.conf"), "port 1\ninclude other.conf\n");
        Files.writeString(work.resolve("other.conf"), "# other\nhz fast\n");
        assertThatThrownBy(() -> parser.parse(Path.of("redis.conf"), List.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("other.conf:2: 'hz' must be an integer from 0 to 2147483647, got 'fast'"
                        + " (argument couldn't be parsed into an integer)");
    }

    @Test
    void anIncludeCycleIsAnErrorNotAStackOverflow() throws IOException {
        Files.writeString(work.resolve("a.conf"), "include b.conf\n");
        Files.writeString(work.resolve("b.conf"), "port 1\ninclude a.conf\n");
        assertThatThrownBy(() -> parser.parse(Path.of("a.conf"), List.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("b.conf:2: include cycle: a.conf -> b.conf -> a.conf");
    }

    @Test
    void aConfigFileNameThatIsNoPathIsNamed() {
        assertThatThrownBy(() -> parser.parseCommandLine(List.of("a\u0000b", "--port", "1")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("a\u0000b: can't open config file 'a\u0000b': not a valid path");
    }

    @Test
    void aMissingConfigFileIsNamed() {
        assertThatThrownBy(() -> parser.parse(Path.of("missing.conf"), List.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("missing.conf: can't open config file 'missing.conf': No such file or directory")
                .satisfies(e -> assertThat(((ConfigException) e).line()).isZero());
    }

    @Test
    void aDirectoryIsNotAConfigFile() {
        assertThatThrownBy(() -> parser.parse(Path.of("."), List.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(".: can't open config file '.': ");
    }

    @Test
    void aFileThatIsNotUtf8IsRefused() throws IOException {
        Files.write(work.resolve("binary.conf"), new byte[] {'p', 'o', 'r', 't', ' ', (byte) 0xff, '\n'});
        assertThatThrownBy(() -> parser.parse(Path.of("binary.conf"), List.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("binary.conf: can't open config file 'binary.conf': not UTF-8 text");
    }

    @Test
    void commandLineShapeErrorsAreNamed() {
        assertThatThrownBy(() -> parser.parse(null, List.of("6379", "--port", "1")))
                .hasMessage("command line: '6379' comes before any --directive");
        assertThatThrownBy(() -> parser.parse(null, List.of("--", "x")))
                .hasMessage("command line: '--' names no directive");
        assertThatThrownBy(() -> parser.parseCommandLine(List.of("-")))
                .hasMessage("command line: reading the configuration from standard input ('-') is not supported");
        assertThatThrownBy(() -> parser.parseCommandLine(List.of("redis.conf", "--port", "1", "-")))
                .hasMessage("command line: reading the configuration from standard input ('-') is not supported");
        assertThatThrownBy(() -> parser.parse(null, List.of("--appendonly")))
                .hasMessage("command line: 'appendonly' takes one argument, got none (wrong number of arguments)");
        assertThatThrownBy(() -> parser.parse(null, List.of("--port \"1")))
                .hasMessage("command line: unbalanced quotes in 'port \"1' (Unbalanced quotes in configuration line)");
    }

    @Test
    void theFirstErrorStopsTheLoad() throws IOException {
        Files.writeString(work.resolve("redis.conf"), "port x\nhz y\n");
        assertThatThrownBy(() -> parser.parse(Path.of("redis.conf"), List.of()))
                .hasMessageStartingWith("redis.conf:1: 'port'");
    }
}
