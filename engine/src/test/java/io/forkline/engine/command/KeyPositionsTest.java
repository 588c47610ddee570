package io.forkline.engine.command;

import io.forkline.engine.EngineTester;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Key positions as Redis's getKeysFromCommand finds them, for fixed and movable keys, with the engine's table. */
class KeyPositionsTest {

    private final EngineTester tester = new EngineTester();

    @AfterEach
    void close() {
        tester.close();
    }

    private int[] keys(String... args) {
        Arguments arguments = Arguments.of(args);
        return KeyPositions.of(tester.engine.dispatcher().resolve(arguments), arguments);
    }

    @Test
    void fixedPositionsFollowFirstLastAndStep() {
        assertThat(keys("GET", "k")).containsExactly(1);
        assertThat(keys("MGET", "a", "b", "c")).containsExactly(1, 2, 3);
        assertThat(keys("MSET", "a", "1", "b", "2")).containsExactly(1, 3);
        assertThat(keys("MSET", "a", "1", "b")).containsExactly(1, 3);   // as Redis, which checks arity only
        assertThat(keys("LMOVE", "s", "d", "LEFT", "RIGHT")).containsExactly(1, 2);
        assertThat(keys("DBSIZE")).isEmpty();
    }

    @Test
    void numkeysCommandsTakeTheirKeysFromTheCount() {
        assertThat(keys("ZUNION", "2", "a", "b", "WITHSCORES")).containsExactly(2, 3);
        assertThat(keys("ZINTERSTORE", "d", "2", "a", "b", "WEIGHTS", "1", "2")).containsExactly(1, 3, 4);
        assertThat(keys("SINTERCARD", "1", "s", "LIMIT", "3")).containsExactly(2);
        assertThat(keys("LMPOP", "2", "a", "b", "LEFT")).containsExactly(2, 3);
        assertThat(keys("ZMPOP", "1", "z", "MIN", "COUNT", "2")).containsExactly(2);
    }

    @Test
    void aCountThatTheArgumentsCannotHoldIsInvalid() {
        assertThat(keys("ZUNION", "5", "a", "b")).isNull();
        assertThat(keys("ZUNION", "0", "a")).isNull();
        assertThat(keys("ZUNION", "-1", "a")).isNull();
        assertThat(keys("ZUNION", "x", "a")).isNull();
    }

    @Test
    void sortStoresIntoItsLastStoreDestination() {
        assertThat(keys("SORT", "a")).containsExactly(1);
        assertThat(keys("SORT", "a", "BY", "store", "GET", "store", "LIMIT", "0", "1", "STORE", "z", "STORE", "w"))
                .containsExactly(1, 12);
        assertThat(keys("SORT_RO", "a", "BY", "x")).containsExactly(1);
    }
}
