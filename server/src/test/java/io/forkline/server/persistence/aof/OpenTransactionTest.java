package io.forkline.server.persistence.aof;

import io.forkline.engine.command.Arguments;
import io.forkline.engine.command.Effects;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Where the log stops when the AOF is switched off inside EXEC: before the transaction's MULTI, so no half of it is logged. */
class OpenTransactionTest {

    @Test
    void aPointInsideATransactionMovesBackToItsMulti() {
        Effects effects = new Effects();
        effects.add(0, Arguments.of("SET", "before", "1"));
        effects.add(0, Arguments.of("MULTI"));
        effects.add(0, Arguments.of("SET", "inside", "2"));
        assertThat(AppendOnlyFile.openTransactionStart(effects)).isEqualTo(1);
    }

    @Test
    void aPointOutsideATransactionStaysWhereItIs() {
        Effects effects = new Effects();
        effects.add(0, Arguments.of("MULTI"));
        effects.add(0, Arguments.of("SET", "inside", "2"));
        effects.add(0, Arguments.of("EXEC"));
        effects.add(0, Arguments.of("SET", "after", "3"));
        assertThat(AppendOnlyFile.openTransactionStart(effects)).isEqualTo(4);
        assertThat(AppendOnlyFile.openTransactionStart(new Effects())).isZero();
    }
}
