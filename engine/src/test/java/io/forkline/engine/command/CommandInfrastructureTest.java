package io.forkline.engine.command;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.forkline.engine.command.Specs.command;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Arguments, Effects and the command table: the pieces every command goes through. */
class CommandInfrastructureTest {

    @Test
    void argumentsSliceOneBufferAndCompareIgnoringCase() {
        Arguments args = new Arguments(4, 1);
        args.add("SET".getBytes());
        int at = args.reserve(3);
        System.arraycopy("key".getBytes(), 0, args.buffer(), at, 3);
        args.add(new byte[0]);
        assertThat(args.count()).isEqualTo(3);
        assertThat(args.is(0, "set")).isTrue();
        assertThat(args.is(0, "get")).isFalse();
        assertThat(args.string(1)).isEqualTo("key");
        assertThat(args.length(2)).isZero();
        args.truncate(1);
        args.add("x".getBytes());
        assertThat(args).hasToString("[SET x]");
        assertThatThrownBy(() -> args.string(5)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void effectsAreRespCommandsTaggedWithTheirDatabase() {
        Effects effects = new Effects();
        effects.add(3, "DEL".getBytes(), "k".getBytes());
        effects.begin(0, 3);
        effects.argument("PEXPIREAT");
        effects.argument("k");
        effects.argument(-1700000000000L);
        assertThat(effects.count()).isEqualTo(2);
        assertThat(effects.db(0)).isEqualTo(3);
        assertThat(effects.toString()).isEqualTo("*2\r\n$3\r\nDEL\r\n$1\r\nk\r\n"
                + "*3\r\n$9\r\nPEXPIREAT\r\n$1\r\nk\r\n$14\r\n-1700000000000\r\n");
        effects.truncate(1);
        assertThat(effects.toString()).isEqualTo("*2\r\n$3\r\nDEL\r\n$1\r\nk\r\n");
        effects.begin(0, 1);
        assertThatThrownBy(() -> effects.begin(0, 1)).isInstanceOf(IllegalStateException.class);
        effects.argument("PING");
        assertThatThrownBy(() -> effects.argument("extra")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void effectsNotRecordedLeaveNothingAndRecordingResumesWhereItIsTurnedOn() {
        Effects effects = new Effects();
        effects.add(0, "SET".getBytes(), "kept".getBytes(), "1".getBytes());
        effects.recording(false);
        effects.add(0, Arguments.of("SET", "dropped", "2"));
        effects.add(1, "DEL".getBytes(), "dropped".getBytes());
        effects.begin(2, 3);
        effects.argument("PEXPIREAT");
        effects.argument("dropped".getBytes());
        effects.argument(1700000000000L);
        assertThat(effects.count()).isEqualTo(1);
        assertThat(effects.recording()).isFalse();
        effects.recording(true);
        effects.add(0, Arguments.of("INCR", "n"));
        assertThat(effects.count()).isEqualTo(2);
        assertThat(effects.toString()).isEqualTo("*3\r\n$3\r\nSET\r\n$4\r\nkept\r\n$1\r\n1\r\n*2\r\n$4\r\nINCR\r\n$1\r\nn\r\n");
        effects.clear();
        assertThat(effects.recording()).isTrue();

        effects.begin(0, 2);
        effects.argument("DEL");
        assertThatThrownBy(() -> effects.recording(false)).isInstanceOf(IllegalStateException.class);   // half an effect
    }

    @Test
    void theTableFindsNamesIgnoringCaseAndRefusesDuplicates() {
        CommandHandler nothing = (context, args) -> { };
        CommandTable table = CommandTable.of(List.of(
                command("string", "get", 2, "readonly fast", 1, 1, 1, "", nothing),
                command("string", "getdel", 2, "write fast", 1, 1, 1, "", nothing)));
        assertThat(table.lookup(Arguments.of("GeT", "k")).name()).isEqualTo("get");
        assertThat(table.lookup(Arguments.of("GETDEL", "k")).name()).isEqualTo("getdel");
        assertThat(table.lookup(Arguments.of("GETX"))).isNull();
        assertThat(table.lookup(Arguments.of("GE"))).isNull();
        assertThatThrownBy(() -> CommandTable.of(List.of(command("string", "get", 2, "", 1, 1, 1, "", nothing),
                command("string", "get", 2, "", 1, 1, 1, "", nothing)))).hasMessageContaining("defined twice");
        assertThatThrownBy(() -> command("string", "GET", 2, "", 1, 1, 1, "", nothing)).hasMessageContaining("lower case");
        assertThatThrownBy(() -> command("string", "get", 2, "nosuchflag", 1, 1, 1, "", nothing))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void commandErrorsCarryRedisText() {
        assertThat(CommandError.WRONGTYPE.getMessage()).isEqualTo("WRONGTYPE Operation against a key holding the wrong kind of value");
        assertThat(Errors.unknownCommand(Arguments.of("foo", "a", "b")))
                .isEqualTo("ERR unknown command 'foo', with args beginning with: 'a' 'b' ");
        assertThat(Errors.wrongArity("config|get")).isEqualTo("ERR wrong number of arguments for 'config|get' command");
    }
}
