package io.forkline.cli;

import io.forkline.bench.memory.MemoryPerKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code forkline memory}: bytes per key of forkline's store, against Redis's used_memory in the same run. */
@Command(name = "memory", mixinStandardHelpOptions = true,
        description = "Sets N string keys (key:%%012d) of a given size and prints used memory per key: forkline at 4 KiB and "
                + "2 MiB pages, and Debian's redis-server (started on a free 127.0.0.1 port) when --compare-redis is given.")
final class MemoryCommand implements Callable<Integer> {

    @Option(names = "--keys", defaultValue = "1000000", description = "Keys to set (default ${DEFAULT-VALUE}).")
    int keys;

    @Option(names = "--value-size", defaultValue = "100", description = "Bytes per value (default ${DEFAULT-VALUE}).")
    int valueSize;

    @Option(names = "--compare-redis", description = "Also measure redis-server (needs Debian's redis-server).")
    boolean compareRedis;

    @Option(names = "--redis-server", defaultValue = "/usr/bin/redis-server", description = "The redis-server binary.")
    Path redisServer;

    @Override
    public Integer call() throws Exception {
        if (compareRedis && !Files.isExecutable(redisServer)) {
            System.err.println("forkline memory: " + redisServer + " not found; install Debian's redis-server, or drop --compare-redis");
            return 2;
        }
        var results = MemoryPerKey.study(keys, valueSize, compareRedis ? redisServer.toString() : null);
        System.out.print(MemoryPerKey.table(results));
        return 0;
    }
}
