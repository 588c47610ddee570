package io.forkline.bench.study;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StudyTest {

    @Test
    void theDefaultStudyHasEveryPersistenceSettingAndTheBaseline() {
        Study study = Study.defaultStudy();
        assertThat(study.scenarios()).extracting(Scenario::name).containsExactly("none", "aof-always", "aof-everysec", "aof-no",
                "bgsave-fork-4k", "bgsave-fork-2m", "bgsave-stop-the-world", "chronicle-map");
        assertThat(study.workload().commands().writeShare()).isEqualTo(0.8);
        Scenario always = study.scenarios().get(1);
        assertThat(always.directives()).containsEntry("appendonly", "yes").containsEntry("appendfsync", "always");
        Scenario huge = study.scenarios().get(5);
        assertThat(huge.directives()).containsEntry("page-size", "2mb").containsEntry("snapshot-strategy", "fork-cow");
        assertThat(huge.snapshot().offsets(10)).containsExactly(2.0, 7.0);
        assertThat(study.scenarios().getLast().isServer()).isFalse();
        double seconds = study.workload().warmupSeconds() + study.workload().durationSeconds();
        assertThat(seconds * study.scenarios().size()).as("measured time of the default study").isLessThanOrEqualTo(100);
    }

    @Test
    void selectsAndOverridesScenarios() {
        Study study = Study.defaultStudy().only("aof-no, none").withDefaultDirective("page-size", "2mb");
        assertThat(study.scenarios()).extracting(Scenario::name).containsExactly("none", "aof-no");
        assertThat(study.scenarios()).allSatisfy(s -> assertThat(s.directive("page-size")).isEqualTo("2mb"));
        Study fixed = Study.defaultStudy().only("bgsave-fork-4k").withDefaultDirective("page-size", "2mb");
        assertThat(fixed.scenarios().getFirst().directive("page-size")).as("a scenario's own page size stays").isEqualTo("4kb");
        assertThatThrownBy(() -> Study.defaultStudy().only("aof-sometimes")).hasMessageContaining("no scenario named 'aof-sometimes'")
                .hasMessageContaining("aof-everysec");
    }

    @Test
    void aStudyFileNamesItsMistakes() {
        assertThatThrownBy(() -> Study.fromJson("{\"scenarios\": [{\"name\": \"Bad Name\"}]}")).hasMessageContaining("'Bad Name'");
        assertThatThrownBy(() -> Study.fromJson("{\"scenarios\": [{\"name\": \"a\", \"snapshot\": {\"when\": 1}}]}"))
                .hasMessageContaining("scenarios[0].snapshot.when: unknown member");
        assertThatThrownBy(() -> Study.fromJson("{\"scenarios\": [{\"name\": \"a\"}, {\"name\": \"a\"}]}"))
                .hasMessageContaining("two scenarios are named a");
        Study study = Study.fromJson("{\"workload\": {\"keys\": 5}, \"scenarios\": [{\"name\": \"x\", \"directives\": {\"hz\": 50}}]}");
        assertThat(study.workload().keys()).isEqualTo(5);
        assertThat(study.scenarios().getFirst().directives()).containsEntry("hz", "50");
    }

    @Test
    void snapshotOffsetsFitTheWindow() {
        assertThat(new SnapshotSchedule("BGSAVE", 2, 5).offsets(10)).containsExactly(2.0, 7.0);
        assertThat(new SnapshotSchedule("BGSAVE", 2, 0).offsets(10)).containsExactly(2.0);
        assertThat(new SnapshotSchedule("BGSAVE", 2, 5).offsets(7)).containsExactly(2.0);
        assertThat(new SnapshotSchedule("BGSAVE", 2, 5).offsets(1.5)).containsExactly(0.5);
    }
}
