package io.forkline.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.Transaction;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A real server on a free loopback port, driven by Jedis and by raw RESP. */
class ServerIntegrationTest {

    private static ForklineServer server;

    @BeforeAll
    static void start() throws Exception {
        server = ForklineServer.start(ServerSettings.defaults(0));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void jedisTalksToIt() {
        try (Jedis jedis = new Jedis("127.0.0.1", server.port())) {
            assertThat(jedis.ping()).isEqualTo("PONG");
            assertThat(jedis.set("jedis:k", "v")).isEqualTo("OK");
            assertThat(jedis.get("jedis:k")).isEqualTo("v");
            assertThat(jedis.incr("jedis:n")).isEqualTo(1);
            assertThat(jedis.exists("jedis:k", "jedis:n", "nope")).isEqualTo(2);
            assertThatThrownBy(() -> jedis.incr("jedis:k")).hasMessageContaining("value is not an integer or out of range");
            Pipeline pipelined = jedis.pipelined();
            Response<String> set = null;
            for (int i = 0; i < 1000; i++) {
                set = pipelined.set("jedis:p" + i, Integer.toString(i));
            }
            Response<String> last = pipelined.get("jedis:p999");
            pipelined.sync();
            assertThat(set.get()).isEqualTo("OK");
            assertThat(last.get()).isEqualTo("999");
        }
    }

    @Test
    void transactionsQueueAndExecuteAndWatchBreaks() throws Exception {
        try (Jedis a = new Jedis("127.0.0.1", server.port()); Jedis b = new Jedis("127.0.0.1", server.port())) {
            Transaction multi = a.multi();
            multi.set("tx:a", "1");
            multi.incr("tx:a");
            List<Object> results = multi.exec();
            assertThat(results).containsExactly("OK", 2L);
            a.watch("tx:w");
            b.set("tx:w", "changed");
            Transaction doomed = a.multi();
            doomed.set("tx:w", "mine");
            assertThat(doomed.exec()).isNull();
            assertThat(a.get("tx:w")).isEqualTo("changed");
        }
        try (RespConnection c = new RespConnection(server.port())) {
            assertThat(c.call("MULTI")).isEqualTo("+OK\r\n");
            assertThat(c.call("SET", "tx:x", "1")).isEqualTo("+QUEUED\r\n");
            assertThat(c.call("NOSUCHCOMMAND")).startsWith("-ERR unknown command 'NOSUCHCOMMAND'");
            assertThat(c.call("EXEC")).isEqualTo("-EXECABORT Transaction discarded because of previous errors.\r\n");
            assertThat(c.call("GET", "tx:x")).isEqualTo("$-1\r\n");
            assertThat(c.call("EXEC")).isEqualTo("-ERR EXEC without MULTI\r\n");
            assertThat(c.call("DISCARD")).isEqualTo("-ERR DISCARD without MULTI\r\n");
            assertThat(c.call("MULTI")).isEqualTo("+OK\r\n");
            assertThat(c.call("MULTI")).isEqualTo("-ERR MULTI calls can not be nested\r\n");
            assertThat(c.call("WATCH", "x")).isEqualTo("-ERR WATCH inside MULTI is not allowed\r\n");
            assertThat(c.call("DISCARD")).isEqualTo("+OK\r\n");
        }
    }

    @Test
    void watchIsBrokenByExpiry() throws Exception {
        try (RespConnection c = new RespConnection(server.port())) {
            c.call("SET", "tx:e", "v", "PX", "1");
            assertThat(c.call("WATCH", "tx:e")).isEqualTo("+OK\r\n");
            long until = System.currentTimeMillis() + 5;
            while (System.currentTimeMillis() < until) {
                Thread.onSpinWait();
            }
            assertThat(c.call("GET", "tx:e")).isEqualTo("$-1\r\n");   // the lazy delete breaks the watch
            c.call("MULTI");
            c.call("SET", "tx:e", "w");
            assertThat(c.call("EXEC")).isEqualTo("*-1\r\n");
        }
    }

    @Test
    void connectionCommandsAndResp3() throws Exception {
        try (RespConnection c = new RespConnection(server.port())) {
            assertThat(c.call("PING")).isEqualTo("+PONG\r\n");
            assertThat(c.call("PING", "hi")).isEqualTo("$2\r\nhi\r\n");
            assertThat(c.call("ECHO", "x")).isEqualTo("$1\r\nx\r\n");
            assertThat(c.call("SELECT", "16")).isEqualTo("-ERR DB index is out of range\r\n");
            assertThat(c.call("SELECT", "3")).isEqualTo("+OK\r\n");
            c.call("SET", "db3key", "v");
            assertThat(c.call("DBSIZE")).isEqualTo(":1\r\n");
            assertThat(c.call("CLIENT", "SETNAME", "tester")).isEqualTo("+OK\r\n");
            assertThat(c.call("CLIENT", "GETNAME")).isEqualTo("$6\r\ntester\r\n");
            assertThat(c.call("CLIENT", "SETNAME", "bad name")).isEqualTo(
                    "-ERR Client names cannot contain spaces, newlines or special characters.\r\n");
            assertThat(c.call("CLIENT", "LIST")).contains("name=tester").contains("db=3").contains("cmd=client|list");
            assertThat(c.call("HELLO", "4")).isEqualTo("-NOPROTO unsupported protocol version\r\n");
            String hello = c.call("HELLO", "3");
            assertThat(hello).startsWith("%7\r\n").contains("$5\r\nproto\r\n:3\r\n");
            assertThat(c.call("GET", "missing")).isEqualTo("_\r\n");
            assertThat(c.call("RESET")).isEqualTo("+RESET\r\n");
            assertThat(c.call("GET", "missing")).isEqualTo("$-1\r\n");   // RESP2 again
            assertThat(c.call("GET", "db3key")).isEqualTo("$-1\r\n");   // and database 0 again
            String info = c.call("INFO");
            assertThat(info).contains("redis_version:7.0.15").contains("# Keyspace").contains("db3:keys=1,expires=0,avg_ttl=0")
                    .contains("tcp_port:" + server.port()).contains("connected_clients:");
            assertThat(c.call("INFO", "commandstats")).contains("cmdstat_ping:calls=").contains("cmdstat_client|setname:calls=");
            assertThat(c.call("COMMAND", "COUNT")).matches(":\\d+\r\n");
            assertThat(c.call("COMMAND", "GETKEYS", "MSET", "a", "1", "b", "2")).isEqualTo("*2\r\n$1\r\na\r\n$1\r\nb\r\n");
            assertThat(c.call("COMMAND", "GETKEYS", "EVAL", "return 1", "0")).isEqualTo("*0\r\n");   // no keys, but may have some
            assertThat(c.call("COMMAND", "GETKEYS", "PING")).isEqualTo("-ERR The command has no key arguments\r\n");
            c.call("CONFIG", "RESETSTAT");   // a transaction's commands count as themselves, as Redis's call() counts them
            c.call("MULTI");
            c.call("SET", "counted", "x");
            c.call("INCR", "counted");
            c.call("EXEC");
            assertThat(c.call("INFO", "commandstats")).contains("cmdstat_set:calls=1,").contains("cmdstat_exec:calls=1,")
                    .contains("cmdstat_incr:calls=1,usec=").containsPattern("cmdstat_incr:calls=1,usec=\\d+,usec_per_call=[0-9.]+,rejected_calls=0,failed_calls=1");
            assertThat(c.call("COMMAND", "INFO", "get")).startsWith("*1\r\n*10\r\n$3\r\nget\r\n:2\r\n");
            c.send("CLIENT", "REPLY", "SKIP");   // no reply, and none for the next command either
            c.send("PING");
            assertThat(c.call("ECHO", "after")).isEqualTo("$5\r\nafter\r\n");
            c.send("CLIENT", "REPLY", "OFF");
            c.send("SET", "quiet", "1");
            assertThat(c.call("CLIENT", "REPLY", "ON")).isEqualTo("+OK\r\n");
            assertThat(c.call("GET", "quiet")).isEqualTo("$1\r\n1\r\n");
        }
    }

    @Test
    void protocolErrorsCloseOnlyThatConnection() throws Exception {
        try (RespConnection good = new RespConnection(server.port()); RespConnection bad = new RespConnection(server.port())) {
            good.call("SET", "proto:k", "v");
            bad.sendRaw("*1\r\n$3\r\nGET\r\n");   // a bulk length that does not match: GET is 3 bytes, then garbage
            bad.sendRaw("*2\r\nxyz\r\n");
            assertThat(bad.readReply()).isEqualTo("-ERR wrong number of arguments for 'get' command\r\n");
            assertThat(bad.readReply()).isEqualTo("-ERR Protocol error: expected '$', got 'x'\r\n");
            assertThat(bad.isClosedByServer()).isTrue();
            assertThat(good.call("GET", "proto:k")).isEqualTo("$1\r\nv\r\n");
        }
    }

    @Test
    void inlineCommandsWork() throws Exception {
        try (RespConnection c = new RespConnection(server.port())) {
            c.sendRaw("SET inline:k \"hello world\"\r\n");
            assertThat(c.readReply()).isEqualTo("+OK\r\n");
            c.sendRaw("GET inline:k\n");
            assertThat(c.readReply()).isEqualTo("$11\r\nhello world\r\n");
        }
    }
}
