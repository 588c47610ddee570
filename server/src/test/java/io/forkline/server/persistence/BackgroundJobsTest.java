package io.forkline.server.persistence;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One background job at a time, as Redis allows one child. */
class BackgroundJobsTest {

    private static final class Job implements BackgroundJobs.Job {
        private final BackgroundJobs.Kind kind;
        private int cancels;

        Job(BackgroundJobs.Kind kind) {
            this.kind = kind;
        }

        @Override
        public BackgroundJobs.Kind kind() {
            return kind;
        }

        @Override
        public void cancel() {
            cancels++;
        }
    }

    private final BackgroundJobs jobs = new BackgroundJobs();

    @Test
    void aJobHoldsTheSlotUntilItFinishes() {
        Job save = new Job(BackgroundJobs.Kind.RDB);
        assertThat(jobs.busy()).isFalse();
        assertThat(jobs.startedMillis()).isEqualTo(-1);
        jobs.started(save, 1234);
        assertThat(jobs.busy()).isTrue();
        assertThat(jobs.running(BackgroundJobs.Kind.RDB)).isTrue();
        assertThat(jobs.running(BackgroundJobs.Kind.AOF_REWRITE)).isFalse();
        assertThat(jobs.active()).isSameAs(save);
        assertThat(jobs.startedMillis()).isEqualTo(1234);
        assertThatThrownBy(() -> jobs.started(new Job(BackgroundJobs.Kind.AOF_REWRITE), 1235)).isInstanceOf(IllegalStateException.class);
        jobs.finished(save);
        assertThat(jobs.busy()).isFalse();
        jobs.started(new Job(BackgroundJobs.Kind.AOF_REWRITE), 1236);
        assertThat(jobs.running(BackgroundJobs.Kind.AOF_REWRITE)).isTrue();
    }

    @Test
    void onlyTheRunningJobFinishes() {
        Job save = new Job(BackgroundJobs.Kind.RDB);
        jobs.started(save, 0);
        assertThatThrownBy(() -> jobs.finished(new Job(BackgroundJobs.Kind.RDB))).isInstanceOf(IllegalStateException.class);
        assertThat(jobs.active()).isSameAs(save);
    }

    @Test
    void cancelReachesOnlyAJobOfThatKind() {
        Job rewrite = new Job(BackgroundJobs.Kind.AOF_REWRITE);
        assertThat(jobs.cancel(BackgroundJobs.Kind.RDB)).isFalse();
        jobs.started(rewrite, 0);
        assertThat(jobs.cancel(BackgroundJobs.Kind.RDB)).isFalse();
        assertThat(rewrite.cancels).isZero();
        assertThat(jobs.cancel(BackgroundJobs.Kind.AOF_REWRITE)).isTrue();
        assertThat(rewrite.cancels).isEqualTo(1);
        assertThat(jobs.busy()).isTrue();   // a cancelled job still ends through finished
    }
}
