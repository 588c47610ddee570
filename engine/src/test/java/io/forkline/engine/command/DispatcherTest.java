package io.forkline.engine.command;

import io.forkline.engine.Engine;
import io.forkline.engine.keyspace.Clock;
import io.forkline.engine.resp.RespReply;
import io.forkline.pages.PageSize;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Running a command the caller has already resolved does exactly what running it from its name does. */
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
}
