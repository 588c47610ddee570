package io.forkline.bench.crash;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class WorkloadTest {

    @Test
    void aClientsWritesDependOnTheSeedAlone() {
        Workload workload = new Workload(99, 3, 40);
        List<Operation> first = take(workload.source(1), 200);
        List<Operation> again = take(new Workload(99, 3, 40).source(1), 200);
        assertThat(again).isEqualTo(first);
        assertThat(take(new Workload(100, 3, 40).source(1), 200)).isNotEqualTo(first);
        assertThat(take(workload.source(2), 200)).isNotEqualTo(first);
        Set<Operation.Kind> kinds = EnumSet.noneOf(Operation.Kind.class);
        first.forEach(operation -> kinds.add(operation.kind()));
        assertThat(kinds).containsExactlyInAnyOrder(Operation.Kind.INCR, Operation.Kind.RPUSH, Operation.Kind.SET,
                Operation.Kind.MULTI);
        assertThat(first).extracting(Operation::index).containsExactlyElementsOf(
                java.util.stream.IntStream.range(0, 200).boxed().toList());
    }

    @Test
    void commandsAndTheirAcknowledgements() {
        Workload workload = new Workload(1, 2, 24);
        Operation multi = new Operation(1, 7, Operation.Kind.MULTI, workload.value(1, 7));
        assertThat(multi.commands()).extracting(command -> String.join(" ", command)).containsExactly("MULTI", "INCR c:1",
                "RPUSH l:1 7", "SET k:1:7 " + multi.value(), "INCR g", "EXEC");
        assertThat(multi.value()).hasSize(24).startsWith("v1.7.");
        assertThat(multi.acknowledgedBy(List.of("OK", "QUEUED", "QUEUED", "QUEUED", "QUEUED", List.of(3L, 2L, "OK", 9L))))
                .isTrue();
        assertThat(multi.acknowledgedBy(List.of("OK", "QUEUED", "QUEUED", "QUEUED", "QUEUED",
                new RespClient.ErrorReply("EXECABORT Transaction discarded")))).isFalse();
        Operation preload = workload.preload(3);
        assertThat(preload.commands().getFirst()).hasSize(1 + 2 * Workload.PRELOAD_BATCH).startsWith("MSET", "p:3:0");
        assertThat(preload.client()).isEqualTo(2);
        assertThat(new Operation(0, 0, Operation.Kind.INCR, "").acknowledgedBy(List.of(new RespClient.ErrorReply("MISCONF"))))
                .isFalse();
    }

    private static List<Operation> take(Workload.Source source, int count) {
        List<Operation> operations = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            operations.add(source.next());
        }
        return operations;
    }
}
