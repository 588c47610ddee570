package io.forkline.server.blocking;

import io.forkline.server.RespConnection;
import io.forkline.server.ServerFixture;
import org.junit.jupiter.api.Test;

import static io.forkline.server.blocking.Resp.NULL_ARRAY;
import static io.forkline.server.blocking.Resp.RESP3_NULL;
import static io.forkline.server.blocking.Resp.array;
import static io.forkline.server.blocking.Resp.awaitBlocked;
import static io.forkline.server.blocking.Resp.bulk;
import static io.forkline.server.blocking.Resp.integer;
import static io.forkline.server.blocking.Resp.raw;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * XREAD and XREADGROUP with BLOCK on a real server: served by a later XADD with what came after their ID (or
 * after the group's last delivered ID, delivering into the PEL), timing out with the null array, answering at
 * once inside MULTI, and ending with NOGROUP when the group is destroyed.
 */
class BlockingStreamIntegrationTest extends ServerFixture {

    /** An entry as XREAD replies it: [id, [field, value, ...]]. */
    private static Resp.Raw entry(String id, String... fieldsAndValues) {
        return raw(array(id, raw(array((Object[]) fieldsAndValues))));
    }

    /** XREAD's RESP2 reply for one stream: [[key, [entry, ...]]]. */
    private static String read(String key, Resp.Raw... entries) {
        return array(raw(array(key, raw(array((Object[]) entries)))));
    }

    @Test
    void xreadBlocksUntilAnEntryAfterItsIdArrives() throws Exception {
        try (RespConnection reader = connect(); RespConnection writer = connect()) {
            writer.call("XADD", "s1", "1-0", "a", "old");
            reader.send("XREAD", "BLOCK", "0", "STREAMS", "other", "s1", "0", "$");
            awaitBlocked(control, 1);
            assertThat(writer.call("XADD", "s1", "2-0", "b", "new")).isEqualTo(bulk("2-0"));
            assertThat(reader.readReply()).isEqualTo(read("s1", entry("2-0", "b", "new")));

            reader.call("HELLO", "3");
            reader.send("XREAD", "BLOCK", "0", "COUNT", "1", "STREAMS", "s2", "0");
            awaitBlocked(control, 1);
            writer.call("XADD", "s2", "5-0", "c", "1");
            assertThat(reader.readReply()).isEqualTo("%1\r\n" + bulk("s2") + array(entry("5-0", "c", "1")));
        }
    }

    @Test
    void xreadTimesOutOrAnswersAtOnceInsideMulti() throws Exception {
        try (RespConnection c = connect()) {
            long start = System.nanoTime();
            assertThat(c.call("XREAD", "BLOCK", "50", "STREAMS", "nothing", "$")).isEqualTo(NULL_ARRAY);
            assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(50);
            c.call("MULTI");
            c.call("XREAD", "BLOCK", "0", "STREAMS", "nothing", "$");
            assertThat(c.call("EXEC")).isEqualTo(array(raw(NULL_ARRAY)));
            c.call("HELLO", "3");
            assertThat(c.call("XREAD", "BLOCK", "10", "STREAMS", "nothing", "$")).isEqualTo(RESP3_NULL);
        }
    }

    @Test
    void xreadgroupBlocksThenDeliversIntoThePel() throws Exception {
        try (RespConnection reader = connect(); RespConnection writer = connect()) {
            writer.call("XGROUP", "CREATE", "jobs", "g", "$", "MKSTREAM");
            reader.send("XREADGROUP", "GROUP", "g", "worker", "BLOCK", "0", "STREAMS", "jobs", ">");
            awaitBlocked(control, 1);
            writer.call("XADD", "jobs", "7-0", "task", "x");
            assertThat(reader.readReply()).isEqualTo(read("jobs", entry("7-0", "task", "x")));
            assertThat(writer.call("XPENDING", "jobs", "g")).isEqualTo(
                    array(1L, "7-0", "7-0", raw(array(raw(array("worker", "1"))))));

            reader.send("XREADGROUP", "GROUP", "g", "worker", "BLOCK", "0", "STREAMS", "jobs", ">");
            awaitBlocked(control, 1);
            assertThat(writer.call("XGROUP", "DESTROY", "jobs", "g")).isEqualTo(integer(1));
            assertThat(reader.readReply()).startsWith("-NOGROUP ");
            assertThat(control.call("INFO", "errorstats")).contains("errorstat_NOGROUP:count=1");
        }
    }
}
