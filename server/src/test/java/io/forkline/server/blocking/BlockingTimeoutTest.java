package io.forkline.server.blocking;

import io.forkline.engine.command.Arguments;
import io.forkline.engine.command.CommandError;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The timeout argument read as Redis 7.0 reads it. */
class BlockingTimeoutTest {

    private static final long NOW = 1_700_000_000_000L;

    private static long deadline(String timeout) {
        return BlockingTimeout.deadline(Arguments.of("BLPOP", "k", timeout), 2, NOW);
    }

    @Test
    void secondsBecomeADeadlineInMillisecondsRoundedUp() {
        assertThat(deadline("1")).isEqualTo(NOW + 1000);
        assertThat(deadline("0.1")).isEqualTo(NOW + 100);
        assertThat(deadline("0.001")).isEqualTo(NOW + 1);
        assertThat(deadline("0.0001")).isEqualTo(NOW + 1);   // ceil: never 0 for a positive timeout
        assertThat(deadline("1.5e1")).isEqualTo(NOW + 15_000);
        assertThat(deadline("+2")).isEqualTo(NOW + 2000);
    }

    @Test
    void zeroMeansNoTimeout() {
        assertThat(deadline("0")).isEqualTo(BlockingTimeout.NONE);
        assertThat(deadline("0.0")).isEqualTo(BlockingTimeout.NONE);
        assertThat(deadline("-0")).isEqualTo(BlockingTimeout.NONE);
        assertThat(deadline("-0.0001")).isEqualTo(BlockingTimeout.NONE);   // rounds up to -0, as ceill does in Redis
    }

    @Test
    void hugeTimeoutsSaturate() {
        assertThat(deadline("1e300")).isEqualTo(Long.MAX_VALUE);
        assertThat(deadline("inf")).isEqualTo(Long.MAX_VALUE);
        assertThat(deadline("9223372036854775")).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void badTimeoutsAreRefusedWithRedisErrors() {
        for (String bad : new String[]{"abc", "", " 1", "1 ", "nan", "1x"}) {
            assertThatThrownBy(() -> deadline(bad)).as(bad).isSameAs(BlockingTimeout.NOT_A_FLOAT);
        }
        for (String negative : new String[]{"-1", "-0.5", "-inf", "-0.001"}) {
            assertThatThrownBy(() -> deadline(negative)).as(negative).isSameAs(BlockingTimeout.NEGATIVE);
        }
        assertThat(BlockingTimeout.NOT_A_FLOAT.getMessage()).isEqualTo("ERR timeout is not a float or out of range");
        assertThat(BlockingTimeout.NEGATIVE).isInstanceOf(CommandError.class);
        assertThat(BlockingTimeout.NEGATIVE.getMessage()).isEqualTo("ERR timeout is negative");
    }
}
