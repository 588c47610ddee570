package io.forkline.server.config;

/** One save point: snapshot after {@code seconds} when at least {@code changes} writes happened. */
public record SavePoint(long seconds, int changes) {

    public SavePoint {
        if (seconds < 1 || changes < 0) {
            throw new IllegalArgumentException("a save point needs seconds >= 1 and changes >= 0, got "
                    + seconds + " " + changes);
        }
    }
}
