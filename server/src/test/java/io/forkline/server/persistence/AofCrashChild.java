package io.forkline.server.persistence;

import io.forkline.server.ForklineServer;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * A forkline server in a JVM of its own, for tests that kill it with SIGKILL: {@code dir} then directives
 * as on the command line. Prints {@code PORT <n>} once clients may connect, then runs until killed.
 */
public final class AofCrashChild {

    private AofCrashChild() {
    }

    public static void main(String[] args) throws Exception {
        ForklineServer server = Servers.start(Path.of(args[0]), Arrays.copyOfRange(args, 1, args.length));
        System.out.println("PORT " + server.port());
        System.out.flush();
        server.terminated().join();
    }
}
