package io.forkline.server.resp;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.ThreadMXBean;
import io.forkline.engine.command.Arguments;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.lang.management.ManagementFactory;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Once its buffers have grown, the parser allocates nothing per command. */
class RespRequestParserAllocationTest {

    private static final int COMMANDS = 2_000;
    private static final int ROUNDS = 20;

    @Test
    void parsingAPipelineAgainAllocatesNothing() throws Exception {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        RandomRequests requests = new RandomRequests(new Random(7)).add(COMMANDS);
        ByteBuf in = Unpooled.wrappedBuffer(requests.stream());
        RespRequestParser parser = new RespRequestParser(Limits.DEFAULTS);
        Arguments arguments = new Arguments();
        assertThat(parseAll(parser, in, arguments)).isEqualTo(COMMANDS);

        long before = threads.getCurrentThreadAllocatedBytes();
        long parsed = 0;
        for (int round = 0; round < ROUNDS; round++) {
            parsed += parseAll(parser, in, arguments);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertThat(parsed).isEqualTo((long) COMMANDS * ROUNDS);
        assertThat(allocated).as("bytes allocated for %d commands", parsed).isLessThan(16 * 1024);
    }

    private static int parseAll(RespRequestParser parser, ByteBuf in, Arguments arguments) throws ProtocolException {
        in.readerIndex(0);
        int commands = 0;
        while (parser.parse(in, arguments)) {
            commands++;
        }
        return commands;
    }
}
