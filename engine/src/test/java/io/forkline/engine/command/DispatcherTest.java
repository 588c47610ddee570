package io.forkline.engine.command;

import io.forkline.engine.Engine;
import io.forkline.engine.keyspace.Clock;
import io.forkline.engine.resp.RespReply;
import io.forkline.pages.PageSize;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.forkline.engine.command.Specs.command;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Running a command the caller has already resolved does exactly what running it from its name does; a
 * handler's bug becomes an error reply.
 */
class DispatcherTest {

    @Test
    void executingAResolvedCommandRepliesAndPropagatesAsExecutingItByName() {
        List<Arguments> commands = List.of(
                Arguments.of("SET", "k", "v"), Arguments.of("get", "k"), Arguments.of("GET"), Arguments.of("INCR", "k"),
                Arguments.of("NOSUCH", "a"), Arguments.of("OBJECT"), Arguments.of("OBJECT", "NOSUCH", "k"),
                Arguments.of("OBJECT", "ENCODING", "k"), Arguments.of("OBJECT", "ENCODING"), Arguments.of("DEL", "k"),
                Arguments.of("LPUSH", "l", "a", "b"), Arguments.of("LPOP", "l", "5"));
        Engine byName = new Engine(new EngineConfig(), PageSize.KIB_4, Clock.system(), 1);
        Engine resolved = new Engine(new EngineConfig(), PageSize.KIB_4, Clock.system(), 1);
        for (Arguments command : commands) {
            RespReply expectedReply = new RespReply();
            Effects expectedEffects = new Effects();
            byName.execute(0, command, expectedReply, expectedEffects);

            RespReply reply = new RespReply();
            Effects effects = new Effects();
            resolved.context().begin(0, reply, effects);
            Dispatcher dispatcher = resolved.dispatcher();
            dispatcher.execute(resolved.context(), dispatcher.resolve(command), command);

            assertThat(reply.toString()).as(command.toString()).isEqualTo(expectedReply.toString());
            assertThat(effects.count()).as(command.toString()).isEqualTo(expectedEffects.count());
        }
    }

    @Test
    void aHandlerThatBreaksIsAnsweredWithAnErrorInsteadOfItsHalfReplyAndTheNextCommandRuns() {
        CommandHandler broken = (context, args) -> {
            context.reply().array(2);
            context.reply().bulk("half");
            throw new IllegalStateException("a bug");
        };
        CommandHandler fine = (context, args) -> context.reply().ok();
        Dispatcher dispatcher = new Dispatcher(CommandTable.of(List.of(
                command("string", "broken", 1, "write", 0, 0, 0, "", broken),
                command("string", "fine", 1, "write", 0, 0, 0, "", fine))));
        Engine engine = new Engine(new EngineConfig(), PageSize.KIB_4, Clock.system(), 1);
        RespReply reply = new RespReply();
        Effects effects = new Effects();
        engine.context().begin(0, reply, effects);
        reply.integer(7);   // an earlier command's reply in the same buffer stays
        dispatcher.execute(engine.context(), Arguments.of("BROKEN"));
        dispatcher.execute(engine.context(), Arguments.of("FINE"));
        assertThat(reply.toString()).isEqualTo(
                ":7\r\n-ERR internal error in 'broken': java.lang.IllegalStateException: a bug\r\n+OK\r\n");
        assertThat(effects.count()).isZero();
    }
}
