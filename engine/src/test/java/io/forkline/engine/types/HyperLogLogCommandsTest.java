package io.forkline.engine.types;

import io.forkline.engine.EngineTester;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static io.forkline.engine.EngineTester.OK;
import static io.forkline.engine.EngineTester.bulk;
import static io.forkline.engine.EngineTester.command;
import static io.forkline.engine.EngineTester.error;
import static io.forkline.engine.EngineTester.integer;
import static org.assertj.core.api.Assertions.assertThat;

/** PFADD, PFCOUNT, PFMERGE in the engine (HyperLogLogInteropTest in the server compares the strings with Redis's). */
class HyperLogLogCommandsTest {

    private final EngineTester t = new EngineTester();

    @AfterEach
    void close() {
        t.close();
    }

    @Test
    void countsAndReportsChanges() {
        assertThat(t.call("PFADD", "hll")).isEqualTo(integer(1));   // created
        assertThat(t.call("PFCOUNT", "hll")).isEqualTo(integer(0));
        assertThat(t.call("PFADD", "hll", "a", "b", "c")).isEqualTo(integer(1));
        assertThat(t.call("PFADD", "hll", "a", "b", "c")).isEqualTo(integer(0));
        assertThat(t.effects()).isEmpty();   // nothing changed: nothing propagated
        assertThat(t.call("PFCOUNT", "hll")).isEqualTo(integer(3));
        t.call("PFADD", "other", "c", "d");
        assertThat(t.call("PFCOUNT", "hll", "other", "missing")).isEqualTo(integer(4));
        assertThat(t.call("PFMERGE", "union", "hll", "other")).isEqualTo(OK);
        assertThat(t.effects()).isEqualTo(command("PFMERGE", "union", "hll", "other"));
        assertThat(t.call("PFCOUNT", "union")).isEqualTo(integer(4));
    }

    @Test
    void estimatesWithinTheStandardError() {
        SplittableRandom random = new SplittableRandom(11);
        for (int n : new int[] {100, 1000, 20_000}) {
            t.call("DEL", "hll");
            for (int i = 0; i < n; i++) {
                t.call("PFADD", "hll", Long.toString(random.nextLong()));
            }
            long count = Long.parseLong(t.call("PFCOUNT", "hll").substring(1).trim());
            assertThat(Math.abs(count - n)).as("n = %d", n).isLessThanOrEqualTo(Math.max(2, n * 3 / 100));   // 0.81% standard error
        }
    }

    @Test
    void refusesWhatIsNoHyperLogLog() {
        t.call("SET", "plain", "not an hll");
        assertThat(t.call("PFADD", "plain", "x")).isEqualTo(error("WRONGTYPE Key is not a valid HyperLogLog string value."));
        t.call("PFADD", "hll", "a");
        t.call("APPEND", "hll", "hello");   // opcodes past the 16384 registers
        assertThat(t.call("PFCOUNT", "hll")).isEqualTo(error("INVALIDOBJ Corrupted HLL object detected"));
        t.call("LPUSH", "list", "x");
        assertThat(t.call("PFCOUNT", "list")).isEqualTo(EngineTester.WRONGTYPE);
        assertThat(t.call("GET", "missing")).isEqualTo(EngineTester.NIL);
        assertThat(t.call("PFADD", "fresh")).isEqualTo(integer(1));
        assertThat(t.call("GETRANGE", "fresh", "0", "3")).isEqualTo(bulk("HYLL"));
    }
}
