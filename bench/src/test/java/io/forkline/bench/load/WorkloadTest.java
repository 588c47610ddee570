package io.forkline.bench.load;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class WorkloadTest {

    @Test
    void readsEveryMember() {
        Workload w = Workload.fromJson("""
                {"name": "reads", "commands": {"GET": 9, "SET": 1}, "keys": 1000, "valueSize": 32,
                 "distribution": "zipfian", "zipfianTheta": 0.8, "clients": 4, "pipeline": 16, "threads": 2,
                 "rate": 5000, "warmupSeconds": 0.5, "durationSeconds": 3, "preload": false, "seed": 7}
                """);
        assertThat(w.name()).isEqualTo("reads");
        assertThat(w.commands().weights()).isEqualTo(Map.of(Operation.GET, 9, Operation.SET, 1));
        assertThat(w.keys()).isEqualTo(1000);
        assertThat(w.valueSize()).isEqualTo(32);
        assertThat(w.keyDistribution()).isInstanceOf(ZipfianDistribution.class);
        assertThat(((ZipfianDistribution) w.keyDistribution()).theta()).isEqualTo(0.8);
        assertThat(w.clients()).isEqualTo(4);
        assertThat(w.pipeline()).isEqualTo(16);
        assertThat(w.threads()).isEqualTo(2);
        assertThat(w.openLoop()).isTrue();
        assertThat(w.rate()).isEqualTo(5000);
        assertThat(w.warmupSeconds()).isEqualTo(0.5);
        assertThat(w.durationSeconds()).isEqualTo(3);
        assertThat(w.preload()).isFalse();
        assertThat(w.seed()).isEqualTo(7);
    }

    @Test
    void leftOutMembersTakeTheDefaultStudysValues() {
        Workload w = Workload.fromJson("{\"keys\": 10}");
        Workload defaults = Workload.writeHeavy();
        assertThat(w.keys()).isEqualTo(10);
        assertThat(w.commands()).isEqualTo(defaults.commands());
        assertThat(w.clients()).isEqualTo(defaults.clients());
        assertThat(w.openLoop()).isFalse();
        assertThat(w.keyDistribution()).isInstanceOf(KeyDistribution.Uniform.class);
    }

    @Test
    void roundTripsThroughItsJson() {
        Workload w = Workload.writeHeavy().withRate(1234.5).withDistribution("zipfian", 0.7).withCommands(CommandMix.parse("INCR=1,HGET=3"));
        assertThat(Workload.fromJson(w.toJsonText())).isEqualTo(w);
    }

    @Test
    void namesWhatIsWrong() {
        assertThatThrownBy(() -> Workload.fromJson("{\"clinets\": 5}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("workload.clinets: unknown member");
        assertThatThrownBy(() -> Workload.fromJson("{\"keys\": \"many\"}")).hasMessageContaining("workload.keys: expected an integer, got a string \"many\"");
        assertThatThrownBy(() -> Workload.fromJson("{\"commands\": {\"FLUSHALL\": 1}}")).hasMessageContaining("unknown command 'FLUSHALL'");
        assertThatThrownBy(() -> Workload.fromJson("{\"distribution\": \"pareto\"}")).hasMessageContaining("uniform or zipfian");
        assertThatThrownBy(() -> Workload.fromJson("{\"durationSeconds\": 0}")).hasMessageContaining("duration must be positive");
        assertThatThrownBy(() -> Workload.fromJson("{\"keys\": 1,}")).hasMessageContaining("at offset 11");
    }

    @Test
    void theMixDrawsInProportionToItsWeights() {
        CommandMix mix = CommandMix.parse("SET=80, GET=20");
        assertThat(mix.writeShare()).isEqualTo(0.8);
        SplittableRandom random = new SplittableRandom(3);
        int sets = 0;
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            if (mix.pick(random) == Operation.SET) {
                sets++;
            }
        }
        assertThat(sets / (double) n).isCloseTo(0.8, within(0.01));
        assertThatThrownBy(() -> CommandMix.parse("SET")).hasMessageContaining("COMMAND=WEIGHT");
        assertThatThrownBy(() -> CommandMix.parse("SET=0")).hasMessageContaining("sum to 0");
        assertThatThrownBy(() -> CommandMix.parse("SET=x")).hasMessageContaining("'x' of SET is not an integer");
    }
}
