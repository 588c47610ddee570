package io.forkline.server.persistence;

import io.forkline.server.ForklineServer;
import io.forkline.server.RespConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.forkline.server.persistence.Servers.await;
import static io.forkline.server.persistence.Servers.field;
import static io.forkline.server.persistence.Servers.number;
import static org.assertj.core.api.Assertions.assertThat;

/** The append-only file on a running server: start-up, restart, BGREWRITEAOF, CONFIG SET, INFO. */
class AofIntegrationTest {

    @TempDir
    Path dir;
    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void stopEverything() throws Exception {
        for (AutoCloseable closeable : opened.reversed()) {
            closeable.close();
        }
        opened.clear();
    }

    private <T extends AutoCloseable> T keep(T closeable) {
        opened.add(closeable);
        return closeable;
    }

    private ForklineServer start(String... directives) throws Exception {
        List<String> all = new ArrayList<>(List.of("--save", "", "--appendonly", "yes"));
        all.addAll(List.of(directives));
        return keep(Servers.start(dir, all.toArray(String[]::new)));
    }

    private Path appendDir() {
        return dir.resolve("appendonlydir");
    }

    private List<String> files() throws Exception {
        try (Stream<Path> list = Files.list(appendDir())) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aFirstStartCreatesABaseAndAnIncrAndARestartLoadsWhatWasWritten() throws Exception {
        ForklineServer server = start();
        assertThat(files()).containsExactly("appendonly.aof.1.base.rdb", "appendonly.aof.1.incr.aof", "appendonly.aof.manifest");
        assertThat(Files.readString(appendDir().resolve("appendonly.aof.manifest")))
                .isEqualTo("file appendonly.aof.1.base.rdb seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n");
        Map<String, String> before;
        try (Jedis jedis = new Jedis("127.0.0.1", server.port())) {
            SampleData.populate(jedis, 1);
            before = DatasetDigest.of(jedis, 16);
        }
        server.close();
        ForklineServer again = start();
        try (Jedis jedis = new Jedis("127.0.0.1", again.port())) {
            assertThat(DatasetDigest.of(jedis, 16)).isEqualTo(before);
        }
        try (RespConnection connection = new RespConnection(again.port())) {
            assertThat(field(connection, "persistence", "aof_enabled")).isEqualTo("1");
            assertThat(number(connection, "persistence", "aof_current_size"))
                    .isEqualTo(Files.size(appendDir().resolve("appendonly.aof.1.base.rdb")) + Files.size(appendDir().resolve("appendonly.aof.1.incr.aof")));
        }
    }
}
