package io.forkline.server.interop;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HyperLogLogs against forkline and Debian's redis-server 7.0.15 (on free loopback ports, stopped by the test):
 * after the same seeded PFADDs, PFMERGEs and config changes, the strings themselves (sparse, promoted to dense,
 * merged, with their cached counts) and every reply must be byte for byte the same, errors included.
 */
class HyperLogLogInteropTest extends SideBySideFixture {

    @Test
    void stringsAndRepliesAgree() throws Exception {
        long seed = 20261126L;
        SplittableRandom random = new SplittableRandom(seed);
        List<String[]> commands = new ArrayList<>();
        commands.add(new String[] {"PFADD", "empty"});
        commands.add(new String[] {"GET", "empty"});
        commands.add(new String[] {"PFCOUNT", "empty", "missing"});
        for (int key = 0; key < 4; key++) {
            int adds = new int[] {3, 60, 400, 2500}[key];
            for (int i = 0; i < adds; i++) {
                commands.add(new String[] {"PFADD", "h" + key, "e" + random.nextInt(1_000_000), "e" + random.nextInt(1_000_000)});
            }
            commands.add(new String[] {"GET", "h" + key});
            commands.add(new String[] {"PFCOUNT", "h" + key});
            commands.add(new String[] {"GET", "h" + key});   // now with its count cached
            commands.add(new String[] {"STRLEN", "h" + key});
        }
        commands.add(new String[] {"PFCOUNT", "h0", "h1", "h2", "h3", "missing"});
        commands.add(new String[] {"PFMERGE", "m1", "h0", "h1"});
        commands.add(new String[] {"GET", "m1"});
        commands.add(new String[] {"PFMERGE", "m2", "h1", "h3", "missing"});
        commands.add(new String[] {"GET", "m2"});
        commands.add(new String[] {"PFMERGE", "m3", "missing"});
        commands.add(new String[] {"GET", "m3"});
        commands.add(new String[] {"CONFIG", "SET", "hll-sparse-max-bytes", "30"});
        commands.add(new String[] {"PFADD", "small", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"});
        commands.add(new String[] {"STRLEN", "small"});
        commands.add(new String[] {"CONFIG", "SET", "hll-sparse-max-bytes", "3000"});
        commands.add(new String[] {"SET", "plain", "not an hll"});
        commands.add(new String[] {"PFADD", "plain", "x"});
        commands.add(new String[] {"PFCOUNT", "plain"});
        commands.add(new String[] {"LPUSH", "list", "x"});
        commands.add(new String[] {"PFADD", "list", "x"});
        commands.add(new String[] {"PFMERGE", "list", "h0"});
        commands.add(new String[] {"APPEND", "h0", "hello"});   // a sparse string with bytes after its registers
        commands.add(new String[] {"PFCOUNT", "h0"});
        commands.add(new String[] {"SETRANGE", "h1", "4", "x"});   // an unknown encoding
        commands.add(new String[] {"PFCOUNT", "h1"});
        for (String[] command : commands) {
            servers.compare(command);
        }
        assertThat(servers.differences()).as("seed %d", seed).isEmpty();
    }
}
