package io.forkline.engine.resp;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RespReplyTest {

    @Test
    void resp2AndResp3FormsOfEachType() {
        RespReply two = new RespReply();
        RespReply three = new RespReply();
        three.protocol(3);
        for (RespReply reply : new RespReply[] {two, three}) {
            reply.nullBulk();
            reply.nullArray();
            reply.map(1);
            reply.set(2);
            reply.bool(true);
            reply.doubleText("1.5".getBytes());
            reply.verbatim("txt", "hi".getBytes());
            reply.bulkLong(-9223372036854775808L);
            reply.integer(0);
            reply.integer(-42);
        }
        assertThat(two.toString()).isEqualTo("$-1\r\n*-1\r\n*2\r\n*2\r\n:1\r\n$3\r\n1.5\r\n$2\r\nhi\r\n"
                + "$20\r\n-9223372036854775808\r\n:0\r\n:-42\r\n");
        assertThat(three.toString()).isEqualTo("_\r\n_\r\n%1\r\n~2\r\n#t\r\n,1.5\r\n=6\r\ntxt:hi\r\n"
                + "$20\r\n-9223372036854775808\r\n:0\r\n:-42\r\n");
    }

    @Test
    void deferredLengthsNestAndGrowTheHeaderInPlace() {
        RespReply reply = new RespReply(4);
        int outer = reply.deferLength();
        for (int i = 0; i < 12; i++) {
            int inner = reply.deferLength();
            reply.bulk("x");
            reply.setDeferredArray(inner, 1);
        }
        reply.setDeferredArray(outer, 12);
        assertThat(reply.toString()).isEqualTo("*12\r\n" + "*1\r\n$1\r\nx\r\n".repeat(12));
        RespReply map = new RespReply();
        int mark = map.deferLength();
        map.bulk("k");
        map.integer(1);
        map.setDeferredMap(mark, 1);
        assertThat(map.toString()).isEqualTo("*2\r\n$1\r\nk\r\n:1\r\n");
        assertThatThrownBy(() -> map.setDeferredArray(1000, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> map.protocol(4)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void errorsNeverCarryLineBreaks() {
        RespReply reply = new RespReply();
        reply.error("ERR bad\r\nthing");
        assertThat(reply.toString()).isEqualTo("-ERR bad  thing\r\n");
    }
}
