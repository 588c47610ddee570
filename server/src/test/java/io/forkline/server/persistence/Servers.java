package io.forkline.server.persistence;

import io.forkline.engine.keyspace.Clock;
import io.forkline.server.ForklineServer;
import io.forkline.server.RespConnection;
import io.forkline.server.ServerSettings;
import io.forkline.server.config.ConfigParser;
import io.forkline.server.config.ServerConfig;
import io.forkline.snapshot.storage.FileStorage;
import io.forkline.snapshot.storage.Storage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Persistence tests' servers: 127.0.0.1, a free port, a directory of the test's own, and what they read INFO for. */
final class Servers {

    private Servers() {
    }

    /** A server whose dir is {@code dir}, with directives given as on the command line ("--save", "10 2"). */
    static ForklineServer start(Path dir, String... directives) throws Exception {
        return start(dir, Clock.system(), FileStorage.INSTANCE, directives);
    }

    static ForklineServer start(Path dir, Clock clock, Storage storage, String... directives) throws Exception {
        return ForklineServer.start(settings(dir, storage, directives), clock);
    }

    static ServerSettings settings(Path dir, Storage storage, String... directives) throws Exception {
        List<String> arguments = new ArrayList<>(List.of("--port", "0", "--bind", "127.0.0.1", "--dir", dir.toString()));
        arguments.addAll(List.of(directives));
        ServerConfig config = new ConfigParser().parseCommandLine(arguments);
        return ServerSettings.of(config, "").withStorage(storage);
    }

    /** One INFO field's value, e.g. {@code field(c, "persistence", "rdb_saves")}. */
    static String field(RespConnection connection, String section, String name) throws IOException {
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(name) + ":([^\r\n]*)").matcher(connection.call("INFO", section));
        if (!matcher.find()) {
            throw new AssertionError("INFO " + section + " has no " + name);
        }
        return matcher.group(1);
    }

    static long number(RespConnection connection, String section, String name) throws IOException {
        return Long.parseLong(field(connection, section, name));
    }

    /** Waits for something the server does on its own (a cron tick, the snapshot thread), giving up after 30 s. */
    static void await(String what, Condition condition) throws Exception {
        long giveUp = System.nanoTime() + 30_000_000_000L;
        while (!condition.holds()) {
            if (System.nanoTime() > giveUp) {
                throw new AssertionError("gave up waiting for " + what);
            }
            LockSupport.parkNanos(2_000_000);
        }
    }

    /** A check that may ask the server. */
    @FunctionalInterface
    interface Condition {
        boolean holds() throws Exception;
    }
}
