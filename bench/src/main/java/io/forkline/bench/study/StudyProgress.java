package io.forkline.bench.study;

/** What a study tells its user while it runs: which scenario, which phase, how far. */
public interface StudyProgress {

    /** Scenario {@code index} (1-based) of {@code total} begins on {@code target}. */
    void scenario(int index, int total, String scenario, String target);

    /** A phase without a measure of progress: {@code starting redis-server}, {@code probe BGSAVE}. */
    void step(String text);

    /** A phase with one: done out of total (seconds, or requests for the preload), and a rate to show. */
    void advance(String phase, double done, double total, String rate);

    /** The scenario is over: one line of outcome. */
    void finished(String outcome);

    /** A line that is not progress (a warning, the summary). */
    void message(String line);

    StudyProgress SILENT = new StudyProgress() {
        @Override
        public void scenario(int index, int total, String scenario, String target) {
        }

        @Override
        public void step(String text) {
        }

        @Override
        public void advance(String phase, double done, double total, String rate) {
        }

        @Override
        public void finished(String outcome) {
        }

        @Override
        public void message(String line) {
        }
    };
}
