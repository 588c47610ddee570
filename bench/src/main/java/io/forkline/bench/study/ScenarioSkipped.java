package io.forkline.bench.study;

/** A scenario the server cannot run as asked: the reason (the server's own error where it gave one) goes into the report. */
public final class ScenarioSkipped extends Exception {

    private static final long serialVersionUID = 1L;

    public ScenarioSkipped(String reason) {
        super(reason);
    }
}
